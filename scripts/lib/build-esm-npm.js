/*
 * Builds the ESM-only dependencies (@noble/ed25519, @noble/hashes) into miniprogram_npm, which
 * WeChat's "构建 npm" cannot do: its packer parses every file with acorn 6 (ES2018), so it stops
 * at the first BigInt literal ("parse js file (node_modules/@noble/ed25519/index.js) failed:
 * Identifier directly after number"; node_modules/miniprogram-ci/dist/modules/corecompiler/
 * original/npm/packnpm.js, parseDeps). scripts/build-npm.js passes these packages to its
 * `ignores` and calls this instead.
 *
 * Each file reachable from the entries is compiled by swc to CommonJS at ES2017 (no `?.`, `??`,
 * private fields left) and then:
 *   - every BigInt literal (`0n`, `0x7f…edn`) becomes a module-level `BigInt("…")` constant, so
 *     the file PARSES on an engine without BigInt. WeChat joins the package's JS files into one
 *     script: a single `0n` would be a syntax error that stops the whole app on iOS < 14 (JSC
 *     has no BigInt before iOS 14), while `BigInt("0")` only throws when this module is loaded,
 *     which the app does only where BigInt exists (services/noble-ed25519.ts);
 *   - a `**` would fail the build: the upload compile (ES6 → ES5) turns it into Math.pow, which
 *     throws on BigInt;
 *   - the result must parse as ES2017, as checked here with acorn.
 * The files keep their names and relative requires, so `require('@noble/hashes/sha2.js')`
 * resolves to miniprogram_npm/@noble/hashes/sha2.js as WeChat resolves package sub-paths.
 */
const fs = require('fs')
const path = require('path')

/** package → entry files (relative to the package folder); their relative imports come along */
const ESM_PACKAGES = {
  '@noble/ed25519': ['index.js'],
  '@noble/hashes': ['sha2.js'],
}

function collect(pkgDir, entries) {
  const files = new Set()
  const queue = [...entries]
  while (queue.length) {
    const rel = path.posix.normalize(queue.shift())
    if (files.has(rel)) continue
    files.add(rel)
    const source = fs.readFileSync(path.join(pkgDir, rel), 'utf8')
    for (const m of source.matchAll(/\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(rel), m[1]))
    }
  }
  return [...files]
}

/** every AST node under `node` */
function visit(node, f) {
  f(node)
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value]
    for (const v of children) if (v && typeof v.type === 'string') visit(v, f)
  }
}

/** swc output → the same code with hoisted BigInt constants; throws on a `**` that may meet a BigInt. */
function rewriteBigInts(code, file) {
  const acorn = require('acorn')
  const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script' })
  const literals = []
  const folded = new Set()
  visit(ast, (node) => {
    if ((node.type === 'BinaryExpression' || node.type === 'AssignmentExpression') && (node.operator === '**' || node.operator === '**=')) {
      const big = (n) => n.type === 'Literal' && typeof n.bigint === 'string'
      const num = (n) => n.type === 'Literal' && typeof n.value === 'number'
      // numbers only (`2 ** 32`): Math.pow gives the same
      if (node.operator === '**' && num(node.left) && num(node.right)) return
      // a constant of two literals (`2n ** 256n`) is folded here; anything else cannot be kept
      if (node.operator !== '**' || !big(node.left) || !big(node.right)) {
        throw new Error(`${file}: '**' would become Math.pow in the ES5 upload compile, which throws on BigInt`)
      }
      literals.push({ start: node.start, end: node.end, bigint: (BigInt(node.left.bigint) ** BigInt(node.right.bigint)).toString() })
      folded.add(node.left).add(node.right)
      return
    }
    if (node.type === 'Literal' && typeof node.bigint === 'string' && !folded.has(node)) literals.push(node)
  })
  const names = new Map()
  for (const node of literals) if (!names.has(node.bigint)) names.set(node.bigint, `__big${names.size}`)
  let out = ''
  let at = 0
  for (const node of literals.sort((a, b) => a.start - b.start)) {
    out += code.slice(at, node.start) + names.get(node.bigint)
    at = node.end
  }
  out += code.slice(at)
  if (!names.size) return out
  const decls = [...names].map(([value, name]) => `${name} = BigInt("${value}")`).join(', ')
  // after swc's "use strict" so the directive stays first
  const strict = /^"use strict";\n?/.exec(out)
  const head = strict ? strict[0] : ''
  return `${head}var ${decls};\n${out.slice(head.length)}`
}

function buildEsmPackages(root, distDir) {
  const swc = require('@swc/core')
  const acorn = require('acorn')
  const built = []
  for (const [name, entries] of Object.entries(ESM_PACKAGES)) {
    const pkgDir = path.join(root, 'node_modules', name)
    const outDir = path.join(distDir, 'miniprogram_npm', name)
    fs.rmSync(outDir, { recursive: true, force: true })
    for (const rel of collect(pkgDir, entries)) {
      const source = fs.readFileSync(path.join(pkgDir, rel), 'utf8')
      const { code } = swc.transformSync(source, {
        filename: rel,
        jsc: { parser: { syntax: 'ecmascript' }, target: 'es2017', externalHelpers: false },
        module: { type: 'commonjs' },
        sourceMaps: false,
        isModule: true,
      })
      const rewritten = rewriteBigInts(code, `${name}/${rel}`)
      acorn.parse(rewritten, { ecmaVersion: 2017, sourceType: 'script' })
      fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true })
      fs.writeFileSync(path.join(outDir, rel), rewritten)
      built.push(`${name}/${rel}`)
    }
  }
  return built
}

/** packNpmManually `ignores` globs for these packages (relative to the package.json folder) */
const ESM_IGNORES = Object.keys(ESM_PACKAGES).map((name) => `node_modules/${name}/**`)

module.exports = { buildEsmPackages, ESM_IGNORES, ESM_PACKAGES, rewriteBigInts }
