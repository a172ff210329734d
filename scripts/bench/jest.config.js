/*
 * Jest config for `npm run bench` (scripts/bench.js runs it): the bench files under bench/ measure
 * and write their numbers as JSON; they assert nothing, so `npm test` never runs them (its roots
 * are test/ only). Same transform as jest.config.js; pages get jsdom + miniprogram-simulate.
 */
const path = require('path')

const rootDir = path.resolve(__dirname, '..', '..')
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
]
const shared = {
  rootDir,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': swc },
  roots: ['<rootDir>/bench'],
  // the ESM-only @noble packages as the app ships them (as jest.config.js maps them): the demo's
  // server signs its documents and the store verifies them
  moduleNameMapper: {
    '^@noble/ed25519$': '<rootDir>/miniprogram/miniprogram_npm/@noble/ed25519/index.js',
    '^@noble/hashes/(.*)$': '<rootDir>/miniprogram/miniprogram_npm/@noble/hashes/$1',
  },
}

/** @type {import('jest').Config} */
module.exports = {
  rootDir,
  projects: [
    {
      ...shared,
      displayName: 'bench',
      testEnvironment: 'node',
      testMatch: ['**/bench/*.bench.ts'],
      setupFiles: ['<rootDir>/test/setup-node.ts'],
    },
    {
      ...shared,
      displayName: 'bench-pages',
      testEnvironment: 'jsdom',
      testMatch: ['**/bench/pages/*.bench.ts'],
      setupFiles: ['<rootDir>/test/setup-ui.ts'],
    },
  ],
}
