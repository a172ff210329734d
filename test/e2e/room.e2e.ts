/**
 * The host-and-audience flow in WeChat DevTools (demo mode, no AppKey). One DevTools runs one app,
 * so the audience side covers what one person can reach: joining by number with its inline errors,
 * and a share card opening the room page alone (page stack of one → back goes to the lobby).
 * The audience side of a live room uses a simulated host's room, which the lobby lists in demo mode.
 * The two-person flows (messages, mute, ended screen) run on the demo network in test/pages.
 */
import type { CustomElement } from 'miniprogram-automator/out/Element'
import { closeDevTools, describeWithDevTools, openDevTools, type MiniProgram } from './devtools'

const ROOM_NUMBER_ERROR = '房间号是 6 位数字，且不能以 0 开头'

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (ok(value)) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describeWithDevTools('e2e: host and audience', () => {
  let mp: MiniProgram | undefined

  beforeAll(async () => {
    mp = await openDevTools()
    // DevTools has no camera prompt or privacy sheet to click through: answer them as granted
    await mp.mockWxMethod('requirePrivacyAuthorize', {})
    await mp.mockWxMethod('getSetting', { authSetting: { 'scope.camera': true, 'scope.record': true } })
    await mp.mockWxMethod('authorize', {})
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false })
  }, 180_000)
  afterAll(() => closeDevTools(mp))

  async function lobby() {
    const page = await mp!.reLaunch('/pages/lobby/lobby')
    await until(() => page!.data('connected'), (c) => c === true)
    return page!
  }

  test('host: create → own camera and host tools, chat, share path, member sheet, end with confirmation', async () => {
    const page = await lobby()
    await (await page.$('.enter__create'))!.tap()
    const room = await until(() => mp!.currentPage(), (p) => p?.path === 'pages/room/room')
    const roomId = await until(() => room!.data('roomId'), (id) => /^[1-9]\d{5}$/.test(String(id)))

    for (const tool of ['.switch-camera', '.toggle-mic', '.toggle-camera', '.end-room', '.pusher']) {
      expect(await room!.$(tool)).not.toBeNull()
    }
    expect(await room!.$('.leave-room')).toBeNull()

    await (await room!.$('.toggle-mic'))!.tap()
    await until(() => room!.data('media.micOn'), (on) => on === false)

    const input = (await room!.$('.bottombar__input')) as CustomElement
    await ((await input.$('.chat-input__field')) as unknown as { input(v: string): Promise<void> }).input('大家好，开播啦')
    await (await input.$('.chat-input__send'))!.tap()
    const list = (await room!.$('.chat-overlay__list')) as CustomElement
    await until(() => list.data('messages'), (m) => Array.isArray(m) && m.some((x: { text: string }) => x.text === '大家好，开播啦'))

    const share = await room!.callMethod('onShareAppMessage')
    expect(share.path).toBe(`/pages/room/room?roomId=${roomId}`)

    await (await room!.$('.member-count'))!.tap()
    await until(() => room!.data('sheetOpen'), (open) => open === true)
    await (await room!.$('.member-sheet'))!.dispatchEvent({ eventName: 'close' })

    await (await room!.$('.end-room'))!.tap()
    await until(() => mp!.currentPage(), (p) => p?.path === 'pages/lobby/lobby')
  })

  test('audience: each malformed room number shows its inline error; a number nobody hosts says so', async () => {
    const page = await lobby()
    const field = (await page.$('.join__input')) as unknown as { input(v: string): Promise<void> }
    for (const bad of ['', '12345', '012345', 'abcdef']) {
      await field.input(bad)
      await (await page.$('.join__btn'))!.tap()
      await until(() => page.data('joinError'), (e) => e === ROOM_NUMBER_ERROR)
    }
    await field.input('987654')
    await (await page.$('.join__btn'))!.tap()
    await until(() => page.data('joinError'), (e) => e === '房间不存在或已结束')
    expect((await mp!.currentPage())!.path).toBe('pages/lobby/lobby')
  })

  test('audience: join a simulated host’s room from the lobby → their stream and name, no host tools, chat, leave', async () => {
    const page = await lobby()
    // the simulated hosts open their rooms shortly after launch; the lobby lists them in demo mode
    const rooms = await until(() => page.data('rooms'), (r) => Array.isArray(r) && r.length > 0)
    const roomId = (rooms as string[])[0]
    await (await page.$('.demo-room'))!.tap()
    const room = await until(() => mp!.currentPage(), (p) => p?.path === 'pages/room/room')
    expect(await room!.data('roomId')).toBe(roomId)
    await until(() => room!.data('media.players'), (p) => Array.isArray(p) && p.length === 1)
    expect(await room!.$('.player')).not.toBeNull()
    for (const tool of ['.switch-camera', '.toggle-mic', '.toggle-camera', '.end-room', '.pusher']) {
      expect(await room!.$(tool)).toBeNull()
    }
    expect(await room!.$('.leave-room')).not.toBeNull()
    expect(String(await (await room!.$('.host-name'))!.text()).length).toBeGreaterThan(0)

    const input = (await room!.$('.bottombar__input')) as CustomElement
    await ((await input.$('.chat-input__field')) as unknown as { input(v: string): Promise<void> }).input('主播好')
    await (await input.$('.chat-input__send'))!.tap()
    const list = (await room!.$('.chat-overlay__list')) as CustomElement
    await until(() => list.data('messages'), (m) => Array.isArray(m) && m.some((x: { text: string }) => x.text === '主播好'))

    await (await room!.$('.leave-room'))!.tap()
    await until(() => mp!.currentPage(), (p) => p?.path === 'pages/lobby/lobby')
  })

  test('share card: the room page opens alone and its way back relaunches the lobby', async () => {
    const room = await mp!.reLaunch('/pages/room/room?roomId=876543')
    expect((await mp!.pageStack()).length).toBe(1)
    await until(() => room!.data('enterError'), (e) => e === '房间不存在或已结束')
    await (await room!.$('.enter-error .back-to-lobby'))!.tap()
    await until(() => mp!.currentPage(), (p) => p?.path === 'pages/lobby/lobby')
  })
})
