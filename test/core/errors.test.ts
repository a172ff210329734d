import { AppError, ERROR_CODES, ERROR_MESSAGES, ErrorCode, isAppError, toAppError } from '../../miniprogram/core/errors'

const CJK = /[\u4e00-\u9fff]/

// The codes docs/ARCHITECTURE.md lists; a Record keyed by ErrorCode makes tsc fail if the type gains or loses one.
const DOCUMENTED_CODES: Record<ErrorCode, true> = {
  NOT_ALLOWED: true,
  MUTED: true,
  INVALID_ROOM_NUMBER: true,
  ROOM_NOT_FOUND: true,
  ROOM_FULL: true,
  EMPTY_MESSAGE: true,
  MESSAGE_TOO_LONG: true,
  RATE_LIMITED: true,
  NOT_CONNECTED: true,
  PERMISSION_DENIED: true,
  SERVICE_NOT_ENABLED: true,
  KICKED: true,
  TOKEN_INVALID: true,
  NETWORK: true,
  INVALID_TITLE: true,
}
const EXPECTED_CODES = Object.keys(DOCUMENTED_CODES).sort()

describe('error codes', () => {
  it('ERROR_CODES lists exactly the codes of docs/ARCHITECTURE.md', () => {
    expect([...ERROR_CODES].sort()).toEqual(EXPECTED_CODES)
  })

  it.each(EXPECTED_CODES as ErrorCode[])('%s has a non-empty Chinese message', (code) => {
    const message = ERROR_MESSAGES[code]
    expect(typeof message).toBe('string')
    expect(message.trim().length).toBeGreaterThan(0)
    expect(message).toMatch(CJK)
    expect(new AppError(code).message).toBe(message)
  })

  it('gives every code its own message', () => {
    expect(new Set(Object.values(ERROR_MESSAGES)).size).toBe(EXPECTED_CODES.length)
  })
})

describe('AppError', () => {
  it('is an Error and an AppError with code and name', () => {
    const error = new AppError('ROOM_FULL')
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(AppError)
    expect(error.code).toBe('ROOM_FULL')
    expect(error.name).toBe('AppError')
    expect(error.message).toBe(ERROR_MESSAGES.ROOM_FULL)
    expect(typeof error.stack).toBe('string')
    expect(Object.prototype.toString.call(error)).toBe('[object Error]')
  })

  it('keeps a more specific message when given one', () => {
    const error = new AppError('NETWORK', '连接超时')
    expect(error.code).toBe('NETWORK')
    expect(error.message).toBe('连接超时')
  })

  it('survives being thrown and caught', () => {
    const caught = (() => {
      try {
        throw new AppError('MUTED')
      } catch (error) {
        return error
      }
    })()
    expect(isAppError(caught)).toBe(true)
    expect((caught as AppError).code).toBe('MUTED')
  })
})

describe('isAppError', () => {
  it.each([
    ['a plain Error', new Error('x')],
    ['a look-alike object', { code: 'MUTED', message: '你已被禁言', name: 'AppError' }],
    ['a string', 'NOT_ALLOWED'],
    ['null', null],
    ['undefined', undefined],
  ])('is false for %s', (_label, value) => {
    expect(isAppError(value)).toBe(false)
  })
})

describe('toAppError', () => {
  it('passes an AppError through as the same object', () => {
    const original = new AppError('KICKED', '特定原因')
    expect(toAppError(original)).toBe(original)
    expect(toAppError(original, 'ROOM_FULL')).toBe(original)
  })

  it.each([
    ['an Error', new Error('socket closed')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a string', 'boom'],
    ['a number', 30001],
    ['null', null],
    ['undefined', undefined],
    ['a look-alike object', { code: 'MUTED', message: 'x' }],
  ])('maps %s to NETWORK by default', (_label, value) => {
    const error = toAppError(value)
    expect(error).toBeInstanceOf(AppError)
    expect(error.code).toBe('NETWORK')
    expect(error.message).toBe(ERROR_MESSAGES.NETWORK)
  })

  it('maps others to the given fallback, with its Chinese message', () => {
    const error = toAppError(new Error('english internals'), 'SERVICE_NOT_ENABLED')
    expect(error.code).toBe('SERVICE_NOT_ENABLED')
    expect(error.message).toBe(ERROR_MESSAGES.SERVICE_NOT_ENABLED)
    expect(error.message).not.toContain('english')
  })
})

describe('AppError compiled to ES5 (as the mini-program build does)', () => {
  // TypeScript's own ES5 output is the classic case: plain `Error.call(this)` with no native-super
  // wrapper, so only the explicit setPrototypeOf in the constructor keeps instanceof working.
  function loadEs5(): typeof import('../../miniprogram/core/errors') {
    const ts = require('typescript') as typeof import('typescript')
    const { readFileSync } = require('fs') as typeof import('fs')
    const { join } = require('path') as typeof import('path')
    const source = readFileSync(join(__dirname, '../../miniprogram/core/errors.ts'), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, ignoreDeprecations: '6.0' },
    })
    expect(outputText).not.toMatch(/\bclass\s+AppError/)
    const module = { exports: {} as Record<string, unknown> }
    new Function('module', 'exports', 'require', outputText)(module, module.exports, require)
    return module.exports as unknown as typeof import('../../miniprogram/core/errors')
  }

  it('keeps instanceof, code, name and the Chinese message', () => {
    const es5 = loadEs5()
    const error = new es5.AppError('ROOM_FULL')
    expect(error instanceof es5.AppError).toBe(true)
    expect(error instanceof Error).toBe(true)
    expect(es5.isAppError(error)).toBe(true)
    expect(error.code).toBe('ROOM_FULL')
    expect(error.name).toBe('AppError')
    expect(error.message).toBe(ERROR_MESSAGES.ROOM_FULL)
    expect(es5.toAppError(error)).toBe(error)
  })
})
