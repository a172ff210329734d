#!/usr/bin/env node
/*
 * Part of the root `npm install` (postinstall): installs server/'s own dependencies into
 * server/node_modules — never into the root, so none of them can reach miniprogram_npm — and
 * compiles it. Safe to run again: npm install with an unchanged server/package-lock.json changes
 * nothing, and the build is skipped while it is newer than the sources.
 */
const path = require('path')
const { spawnSync } = require('child_process')

const server = path.join(__dirname, '..', 'server')
const env = { ...process.env }
// the root install's location settings must not redirect the nested one
for (const key of Object.keys(env)) {
  if (/^npm_config_(prefix|global|location|workspaces?|include_workspace_root)$/i.test(key)) delete env[key]
}
// the same npm that runs this postinstall, or the one on PATH
const npmCli = process.env.npm_execpath
const command = npmCli && /\.c?js$/.test(npmCli) ? process.execPath : process.platform === 'win32' ? 'npm.cmd' : 'npm'
const verb = process.env.npm_command === 'ci' ? 'ci' : 'install'
const args = [...(command === process.execPath ? [npmCli] : []), verb, '--no-audit', '--no-fund']

console.log(`install-server: npm ${verb} in server/`)
let r = spawnSync(command, args, { cwd: server, env, stdio: 'inherit', shell: process.platform === 'win32' })
if (r.status !== 0) {
  console.error('install-server: installing server/ failed')
  process.exit(r.status || 1)
}
r = spawnSync(process.execPath, [path.join(server, 'scripts', 'run.js'), 'build'], { stdio: 'inherit' })
if (r.status !== 0) {
  // `npm install --omit=dev` has no TypeScript: `npm run server` says so when it needs it
  console.warn('install-server: server/ was not compiled')
}
