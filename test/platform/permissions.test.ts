import { AppError } from '../../miniprogram/core/errors'
import { createPermissions, PERMISSION_MODAL, type PermissionWx } from '../../miniprogram/platform/permissions'
import { createScreen } from '../../miniprogram/platform/screen'

type Scope = 'scope.camera' | 'scope.record'
type Setting = Partial<Record<Scope, boolean>>

/**
 * A fake wx with WeChat's rules: authorize prompts only while a scope was never answered; after
 * that it fails at once. The person's answers are scripted.
 */
function fakeWx(initial: Setting, person: { allowPrompt?: boolean; confirmModal?: boolean; grantInSettings?: boolean }) {
  const setting: Setting = { ...initial }
  const log: string[] = []
  let modalResolvers: (() => void)[] = []
  const api: PermissionWx = {
    getSetting: ({ success }) => {
      log.push('getSetting')
      success?.({ authSetting: { ...setting } })
    },
    authorize: ({ scope, success, fail }) => {
      const s = scope as Scope
      log.push(`authorize ${s}`)
      if (setting[s] === undefined) {
        log.push(`prompt ${s}`)
        setting[s] = person.allowPrompt ?? false
      }
      if (setting[s]) success?.({})
      else fail?.({ errMsg: 'authorize:fail auth deny' })
    },
    showModal: (options) => {
      log.push(`modal ${options.title} / ${options.confirmText}`)
      // answered later, like a person reading it
      modalResolvers.push(() => options.success?.({ confirm: person.confirmModal ?? false }))
    },
    openSetting: ({ success }) => {
      log.push('openSetting')
      if (person.grantInSettings) {
        setting['scope.camera'] = true
        setting['scope.record'] = true
      }
      success?.({ authSetting: { ...setting } })
    },
  }
  return {
    api,
    log,
    answerModals: () => {
      const pending = modalResolvers
      modalResolvers = []
      pending.forEach((r) => r())
    },
    modals: () => log.filter((l) => l.startsWith('modal')).length,
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

async function outcome(p: Promise<void>): Promise<string> {
  return p.then(
    () => 'granted',
    (e: unknown) => (e instanceof AppError ? e.code : `other: ${String(e)}`),
  )
}

describe('ensureCameraAndMic', () => {
  it('already granted: no prompt, no modal', async () => {
    const w = fakeWx({ 'scope.camera': true, 'scope.record': true }, {})
    expect(await outcome(createPermissions(w.api).ensureCameraAndMic())).toBe('granted')
    expect(w.log).toEqual(['getSetting'])
  })

  it('never asked and allowed: authorizes camera then record', async () => {
    const w = fakeWx({}, { allowPrompt: true })
    expect(await outcome(createPermissions(w.api).ensureCameraAndMic())).toBe('granted')
    expect(w.log).toEqual(['getSetting', 'authorize scope.camera', 'prompt scope.camera', 'authorize scope.record', 'prompt scope.record'])
    expect(w.modals()).toBe(0)
  })

  it('only the missing scope is authorized', async () => {
    const w = fakeWx({ 'scope.camera': true }, { allowPrompt: true })
    await createPermissions(w.api).ensureCameraAndMic()
    expect(w.log).toEqual(['getSetting', 'authorize scope.record', 'prompt scope.record'])
  })

  it('refused → a modal explaining why → 去设置 → granted in settings', async () => {
    const w = fakeWx({}, { allowPrompt: false, confirmModal: true, grantInSettings: true })
    const result = outcome(createPermissions(w.api).ensureCameraAndMic())
    await tick()
    expect(w.modals()).toBe(1)
    expect(PERMISSION_MODAL.content).toContain('开播需要摄像头和麦克风权限')
    expect(PERMISSION_MODAL.confirmText).toBe('去设置')
    w.answerModals()
    expect(await result).toBe('granted')
    expect(w.log.slice(-2)).toEqual(['openSetting', 'getSetting'])
  })

  it('refused earlier (authorize no longer prompts) and refused again in settings → PERMISSION_DENIED', async () => {
    const w = fakeWx({ 'scope.camera': false, 'scope.record': false }, { confirmModal: true, grantInSettings: false })
    const result = outcome(createPermissions(w.api).ensureCameraAndMic())
    await tick()
    w.answerModals()
    expect(await result).toBe('PERMISSION_DENIED')
    expect(w.log.some((l) => l.startsWith('prompt'))).toBe(false)
    expect(w.log).toContain('openSetting')
  })

  it('the modal cancelled → PERMISSION_DENIED without opening settings', async () => {
    const w = fakeWx({}, { allowPrompt: false, confirmModal: false })
    const result = outcome(createPermissions(w.api).ensureCameraAndMic())
    await tick()
    w.answerModals()
    expect(await result).toBe('PERMISSION_DENIED')
    expect(w.log).not.toContain('openSetting')
  })

  it('two calls at once share one flow: one modal', async () => {
    const w = fakeWx({}, { allowPrompt: false, confirmModal: true, grantInSettings: true })
    const permissions = createPermissions(w.api)
    const a = outcome(permissions.ensureCameraAndMic())
    const b = outcome(permissions.ensureCameraAndMic())
    await tick()
    expect(w.modals()).toBe(1)
    w.answerModals()
    expect([await a, await b]).toEqual(['granted', 'granted'])
    // a later call runs a fresh check
    await permissions.ensureCameraAndMic()
    expect(w.log.filter((l) => l === 'getSetting').length).toBe(3)
  })
})

describe('keep screen on', () => {
  it('passes the flag to wx.setKeepScreenOn', () => {
    const calls: boolean[] = []
    const screen = createScreen({ setKeepScreenOn: ({ keepScreenOn }) => void calls.push(keepScreenOn) })
    screen.keepOn(true)
    screen.keepOn(false)
    expect(calls).toEqual([true, false])
  })

  it('a refusal is not an error', () => {
    const screen = createScreen({ setKeepScreenOn: ({ fail }) => fail?.({ errMsg: 'setKeepScreenOn:fail' }) })
    expect(() => screen.keepOn(true)).not.toThrow()
  })
})
