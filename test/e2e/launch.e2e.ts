import { closeDevTools, describeWithDevTools, openDevTools, type MiniProgram } from './devtools'

describeWithDevTools('e2e: the app starts in the lobby', () => {
  let mp: MiniProgram | undefined

  beforeAll(async () => {
    mp = await openDevTools()
  }, 180_000)
  afterAll(() => closeDevTools(mp))

  test('first page is the lobby', async () => {
    const page = await mp!.reLaunch('/pages/lobby/lobby')
    expect(page!.path).toBe('pages/lobby/lobby')
  })
})
