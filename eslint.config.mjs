// ESLint flat config for a native WeChat mini-program in TypeScript
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const miniprogramGlobals = {
  wx: 'readonly',
  App: 'readonly',
  Page: 'readonly',
  Component: 'readonly',
  Behavior: 'readonly',
  getApp: 'readonly',
  getCurrentPages: 'readonly',
  requirePlugin: 'readonly',
  WechatMiniprogram: 'readonly',
  IAppOption: 'readonly',
}

const NO_SDK = { group: ['@rongcloud/*'], message: 'SDK types stay inside services/rongcloud/.' }

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'miniprogram/**/miniprogram_npm/**',
      'coverage/**',
      'rcComponents/**',
      'server/node_modules/**',
      'server/dist/**',
      'server/.bench-dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['miniprogram/**/*.ts', 'typings/**/*.d.ts'],
    languageOptions: { globals: miniprogramGlobals },
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  // Layers (docs/ARCHITECTURE.md "Layers"). In a flat config a later block's rule replaces an
  // earlier one for the files both match, so each block repeats the SDK restriction it keeps.
  {
    // SDK types stay inside services/rongcloud/
    files: ['miniprogram/**/*.ts'],
    ignores: ['miniprogram/services/rongcloud/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SDK] }] },
  },
  {
    // core/ is pure TypeScript: no wx, no SDK, no store library
    files: ['miniprogram/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'wx', 'getApp', 'getCurrentPages'],
      'no-restricted-imports': ['error', { patterns: [NO_SDK, { group: ['mobx-miniprogram*'], message: 'core/ knows no store library.' }, { group: ['@noble/*'], message: 'core/ loads no npm package: it is given an Ed25519 (services/noble-ed25519.ts).' }] }],
    },
  },
  {
    // views read store fields and call store actions; what they need of services comes via the store or core
    files: ['miniprogram/pages/**/*.ts', 'miniprogram/components/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NO_SDK, { regex: '(^|/)services(/|$)', message: 'Views do not import services/: use the store, or core/ for shared types.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...miniprogramGlobals, ...globals.jest, ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the backend: Node, no wx; `any` stays out of its code, tests may use it on replies
    files: ['server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['server/test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ['*.js', 'scripts/**/*.js', 'server/*.js', 'server/scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
