/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
]
const shared = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swc },
  // the ESM-only @noble packages as the app ships them: CommonJS built by scripts/lib/build-esm-npm.js
  // (npm install) into each services subpackage's miniprogram_npm, so tests run the very files
  // WeChat loads. Both subpackages' loaders get the demo's copy here; the rongcloud copy is the same
  // bytes (test/tooling/noble-packages.test.ts)
  moduleNameMapper: {
    '^@noble/ed25519$': '<rootDir>/miniprogram/services/demo/miniprogram_npm/@noble/ed25519/index.js',
    '^@noble/hashes/(.*)$': '<rootDir>/miniprogram/services/demo/miniprogram_npm/@noble/hashes/$1',
  },
}

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      // pages, components and utils (list-sync) render with miniprogram-simulate: the 'ui' project;
      // the room subpackage's platform code (poster, album) is plain logic and stays here
      testPathIgnorePatterns: ['/test/pages/(?!room/platform/)', '/test/components/', '/test/utils/', '/test/e2e/'],
      setupFiles: ['<rootDir>/test/setup-node.ts'],
    },
    {
      ...shared,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test'],
      testMatch: ['**/test/pages/**/*.test.ts', '!**/test/pages/room/platform/**', '**/test/components/**/*.test.ts', '**/test/utils/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/setup-ui.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
  ],
  collectCoverageFrom: ['miniprogram/**/*.ts', '!miniprogram/**/miniprogram_npm/**'],
}
