/**
 * The room's mini-program code for the invite sheet (server/README.md "Room QR codes"): fetched
 * from our server with the session (BackendService.roomQrCode, a local image file of this run), and
 * kept for the run: a number's code never changes. Without a server (dev tokens) or on the demo
 * network there is no code to have: SERVICE_NOT_ENABLED, in words the sheet shows as they are.
 */
import { AppError } from '../core/errors'
import type { BackendService } from '../services/types'
import type { InviteState, RoomStatus } from './types'

export const NO_SERVER_QR_CODE = '没有配置服务器，无法生成小程序码：把房间号告诉朋友，或发分享卡片'

export interface InviteDeps {
  backend?: Pick<BackendService, 'roomQrCode'>
  /** the room I am in now */
  room(): { id: string | null; status: RoomStatus }
}

export class InviteCodes implements InviteState {
  /** roomId → the code's local file */
  private readonly files = new Map<string, string>()

  constructor(private readonly deps: InviteDeps) {}

  async code(): Promise<string> {
    const { id, status } = this.deps.room()
    if (!id || (status !== 'live' && status !== 'reconnecting')) throw new AppError('NOT_ALLOWED', '当前不在直播中')
    if (!this.deps.backend) throw new AppError('SERVICE_NOT_ENABLED', NO_SERVER_QR_CODE)
    const held = this.files.get(id)
    if (held) return held
    const path = await this.deps.backend.roomQrCode(id)
    this.files.set(id, path)
    return path
  }
}
