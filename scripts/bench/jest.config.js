/*
 * Jest config for `npm run bench` (scripts/bench.js runs it): the bench files under bench/ measure
 * and write their numbers as JSON; they assert nothing, so `npm test` never runs them (its roots
 * are test/ only). Same transform as jest.config.js; pages get jsdom + miniprogram-simulate.
 *
 * Four projects, each run by scripts/bench.js in a process of its own flags:
 *   bench          node:  round trips (demo network, RongCloud adapters over the fake RongCloud)
 *   bench-pages    jsdom: pages rendered with miniprogram-simulate (setData, full room, first frame)
 *   bench-heap     jsdom: create/leave cycles, under `node --expose-gc`, alone in its process
 *   bench-jitless  node:  signed-document verification under `node --jitless` (iOS has no JIT)
 */
const path = require('path')

const rootDir = path.resolve(__dirname, '..', '..')
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } },
]
const shared = {
  rootDir,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.ts$': swc },
  roots: ['<rootDir>/bench'],
  // the ESM-only @noble packages as the app ships them (as jest.config.js maps them): the demo's
  // server signs its documents and the store verifies them
  moduleNameMapper: {
    '^@noble/ed25519$': '<rootDir>/miniprogram/services/demo/miniprogram_npm/@noble/ed25519/index.js',
    '^@noble/hashes/(.*)$': '<rootDir>/miniprogram/services/demo/miniprogram_npm/@noble/hashes/$1',
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
    {
      ...shared,
      displayName: 'bench-heap',
      testEnvironment: 'jsdom',
      testMatch: ['**/bench/heap/*.bench.ts'],
      setupFiles: ['<rootDir>/test/setup-ui.ts'],
    },
    {
      ...shared,
      displayName: 'bench-jitless',
      testEnvironment: 'node',
      testMatch: ['**/bench/jitless/*.bench.ts'],
      // @noble/ed25519 3 and @noble/hashes 2 are ES modules only: compiled to CommonJS like our code
      transform: { '^.+\\.(ts|js|mjs)$': swc },
      transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
      setupFiles: ['<rootDir>/test/setup-node.ts'],
    },
  ],
}
