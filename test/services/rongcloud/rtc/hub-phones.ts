/**
 * Phones for the multi-client fakes. Each phone loads its own copy of the app's modules and of
 * @rongcloud/plugin-wechat-rtc (jest.isolateModules), as each real phone runs its own: the plugin
 * hands URLs out through a module-level core context (pp L343-364, see fake-rtc-server.ts) and the
 * adapter routes that context to the one adapter of the app (core-context.ts), so two adapters on
 * one plugin copy would receive each other's URLs.
 */
import type { RtcEvent, RtcService } from '../../../../miniprogram/services/types'
import { asHubClient, FakeHubClient } from './fake-hub-room'
import type { FakeRtcServer } from './fake-rtc-server'

type Plugin = typeof import('@rongcloud/plugin-wechat-rtc')
type RtcModule = typeof import('../../../../miniprogram/services/rongcloud/rtc/index')
type StoreModule = typeof import('../../../../miniprogram/stores/index')
type RtsModule = typeof import('../../../../miniprogram/services/rongcloud/rts')
type MessagesModule = typeof import('../../../../miniprogram/services/rongcloud/messages')

export interface PhoneModules {
  plugin: Plugin
  rtc: RtcModule
  stores: StoreModule
  rts: RtsModule
  messages: MessagesModule
}

/** One phone's own copy of the app and the plugin. */
export function loadPhone(): PhoneModules {
  let loaded: PhoneModules | undefined
  jest.isolateModules(() => {
    loaded = {
      plugin: require('@rongcloud/plugin-wechat-rtc'),
      rtc: require('../../../../miniprogram/services/rongcloud/rtc/index'),
      stores: require('../../../../miniprogram/stores/index'),
      rts: require('../../../../miniprogram/services/rongcloud/rts'),
      messages: require('../../../../miniprogram/services/rongcloud/messages'),
    }
  })
  if (!loaded) throw new Error('not loaded')
  return loaded
}

export interface RtcPhone {
  userId: string
  modules: PhoneModules
  /** this phone's plugin client on the server */
  client: FakeHubClient
  rtc: RtcService
  events: RtcEvent[]
}

/** A phone's RTC adapter over its plugin on `server`. */
export function rtcPhone(server: FakeRtcServer, userId: string, modules = loadPhone()): RtcPhone {
  const client = new FakeHubClient(server, userId, modules.plugin.__innerGetCoreContext__())
  const rtc = modules.rtc.createRongCloudRtc({ client: asHubClient(client) })
  const events: RtcEvent[] = []
  rtc.onEvent((e) => events.push(e))
  return { userId, modules, client, rtc, events }
}
