/** Builds RtsServices over fake IMLib clients that share one fake RongCloud server. */
import type { Profile } from '../../../miniprogram/core/types'
import { registerSignalMessage } from '../../../miniprogram/services/rongcloud/messages'
import { createRongCloudRts } from '../../../miniprogram/services/rongcloud/rts'
import type { RongCloudRtsOptions } from '../../../miniprogram/services/rongcloud/rts'
import type { TokenProvider } from '../../../miniprogram/services/rongcloud/token-source'
import type { RtsService } from '../../../miniprogram/services/types'
import { FakeImLib, FakeRongCloudServer } from './fake-sdk'

export interface Peer {
  client: FakeImLib
  rts: RtsService
  tokens: TokenProvider & { fetch: jest.Mock }
}

export function fixedTokens(userId: string, token: string): Peer['tokens'] {
  return { fetch: jest.fn(async () => ({ userId, token })) }
}

export function makePeer(
  server: FakeRongCloudServer,
  userId: string,
  extra: Partial<Omit<RongCloudRtsOptions, 'lib' | 'SignalMessage' | 'tokens'>> = {},
): Peer {
  const client = new FakeImLib(server)
  client.init({ appkey: 'test-app-key' })
  const token = server.addUser(userId)
  const tokens = fixedTokens(userId, token)
  const rts = createRongCloudRts({ lib: client, SignalMessage: registerSignalMessage(client), tokens, ...extra })
  return { client, rts, tokens }
}

export const profile = (id: string, name = `名字${id}`): Profile => ({ id, name })

/** Lets queued microtasks (fake event delivery, promise chains) run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

export const CHINESE = /[\u4e00-\u9fff]/
