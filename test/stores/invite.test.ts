/** stores/invite.ts: the room's mini-program code, only in a live room, kept for the run, and why there is none. */
import { InviteCodes, NO_SERVER_QR_CODE } from '../../miniprogram/stores/invite'
import type { RoomStatus } from '../../miniprogram/stores/types'

function codes(room: { id: string | null; status: RoomStatus }, withServer = true) {
  const roomQrCode = jest.fn(async (roomId: string) => `wxfile://qr-${roomId}.png`)
  const invite = new InviteCodes({ backend: withServer ? { roomQrCode } : undefined, room: () => room })
  return { invite, roomQrCode, room }
}

test('in a live room: the code from the server, once per room for the run', async () => {
  const { invite, roomQrCode, room } = codes({ id: '234567', status: 'live' })
  await expect(invite.code()).resolves.toBe('wxfile://qr-234567.png')
  await expect(invite.code()).resolves.toBe('wxfile://qr-234567.png')
  expect(roomQrCode).toHaveBeenCalledTimes(1)
  room.id = '345678'
  await expect(invite.code()).resolves.toBe('wxfile://qr-345678.png')
})

test('outside a live room: NOT_ALLOWED; without a server: SERVICE_NOT_ENABLED saying what to do instead', async () => {
  for (const status of ['idle', 'joining', 'ended'] as const) {
    await expect(codes({ id: status === 'idle' ? null : '234567', status }).invite.code()).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  }
  await expect(codes({ id: '234567', status: 'live' }, false).invite.code()).rejects.toMatchObject({ code: 'SERVICE_NOT_ENABLED', message: NO_SERVER_QR_CODE })
})
