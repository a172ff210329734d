/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
]
const shared = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swc },
}

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      // pages, components and utils (list-sync) render with miniprogram-simulate: the 'ui' project
      testPathIgnorePatterns: ['/test/pages/', '/test/components/', '/test/utils/', '/test/e2e/'],
      setupFiles: ['<rootDir>/test/setup-node.ts'],
    },
    {
      ...shared,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test'],
      testMatch: ['**/test/pages/**/*.test.ts', '**/test/components/**/*.test.ts', '**/test/utils/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/setup-ui.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
  ],
  collectCoverageFrom: ['miniprogram/**/*.ts', '!miniprogram/**/miniprogram_npm/**'],
}
