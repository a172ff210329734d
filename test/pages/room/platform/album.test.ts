/**
 * pages/room/platform/album.ts: saving the invite poster asks for scope.writePhotosAlbum the way WeChat
 * allows: the system prompt only while never answered; after a refusal a modal whose 去设置 opens
 * the settings page; still refused → PERMISSION_DENIED with the way to change it, nothing saved.
 */
import { AppError } from '../../../../miniprogram/core/errors'
import { Album, ALBUM_DENIED_MESSAGE, ALBUM_MODAL, type AlbumWx } from '../../../../miniprogram/pages/room/platform/album'

const SCOPE = 'scope.writePhotosAlbum'

function fakeWx(initial: boolean | undefined, person: { allowPrompt?: boolean; confirmModal?: boolean; grantInSettings?: boolean; saveFails?: string }) {
  let setting: boolean | undefined = initial
  const log: string[] = []
  const api: AlbumWx = {
    getSetting: ({ success }) => {
      log.push('getSetting')
      success?.({ authSetting: setting === undefined ? {} : { [SCOPE]: setting } })
    },
    authorize: ({ scope, success, fail }) => {
      log.push(`authorize ${scope}`)
      if (setting === undefined) {
        log.push('prompt')
        setting = person.allowPrompt ?? false
      }
      if (setting) success?.({})
      else fail?.({ errMsg: 'authorize:fail auth deny' })
    },
    showModal: (options) => {
      log.push(`modal ${options.title} / ${options.confirmText}`)
      setTimeout(() => options.success?.({ confirm: person.confirmModal ?? false }), 0)
    },
    openSetting: ({ success }) => {
      log.push('openSetting')
      if (person.grantInSettings) setting = true
      success?.({ authSetting: { [SCOPE]: setting === true } })
    },
    saveImageToPhotosAlbum: ({ filePath, success, fail }) => {
      log.push(`save ${filePath}`)
      if (person.saveFails) fail?.({ errMsg: person.saveFails })
      else success?.({})
    },
  }
  return { api, log }
}

async function denied(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

test('granted already: saved at once, nothing asked', async () => {
  const { api, log } = fakeWx(true, {})
  await new Album(api).save('wxfile://poster.png')
  expect(log).toEqual(['getSetting', 'save wxfile://poster.png'])
})

test('never asked: the system prompt; allowed → saved', async () => {
  const { api, log } = fakeWx(undefined, { allowPrompt: true })
  await new Album(api).save('wxfile://poster.png')
  expect(log).toEqual(['getSetting', `authorize ${SCOPE}`, 'prompt', 'save wxfile://poster.png'])
})

test('refused at the prompt: the modal; 去设置 and switched on there → saved', async () => {
  const { api, log } = fakeWx(undefined, { allowPrompt: false, confirmModal: true, grantInSettings: true })
  await new Album(api).save('wxfile://poster.png')
  expect(log).toEqual(['getSetting', `authorize ${SCOPE}`, 'prompt', `modal ${ALBUM_MODAL.title} / 去设置`, 'openSetting', 'getSetting', 'save wxfile://poster.png'])
})

test('refused before: no prompt (WeChat would not show one), the modal straight away; 暂不保存 → PERMISSION_DENIED, nothing saved', async () => {
  const { api, log } = fakeWx(false, { confirmModal: false })
  const error = await denied(new Album(api).save('wxfile://poster.png'))
  expect(error).toMatchObject({ code: 'PERMISSION_DENIED', message: ALBUM_DENIED_MESSAGE })
  expect(log).toEqual(['getSetting', `modal ${ALBUM_MODAL.title} / 去设置`])
})

test('the settings page opened but left off: PERMISSION_DENIED (the setting is read again, not trusted)', async () => {
  const { api, log } = fakeWx(false, { confirmModal: true, grantInSettings: false })
  expect((await denied(new Album(api).save('p.png'))).code).toBe('PERMISSION_DENIED')
  expect(log).toContain('openSetting')
  expect(log.filter((l) => l.startsWith('save'))).toEqual([])
})

test('saving itself refused or failing: said as such', async () => {
  expect((await denied(new Album(fakeWx(true, { saveFails: 'saveImageToPhotosAlbum:fail auth deny' }).api).save('p.png'))).code).toBe('PERMISSION_DENIED')
  expect((await denied(new Album(fakeWx(true, { saveFails: 'saveImageToPhotosAlbum:fail privacy permission is not authorized' }).api).save('p.png'))).code).toBe('PERMISSION_DENIED')
  expect((await denied(new Album(fakeWx(true, { saveFails: 'saveImageToPhotosAlbum:fail disk full' }).api).save('p.png'))).message).toBe('海报保存失败，请重试')
})
