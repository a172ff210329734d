/**
 * Loads the three pages for miniprogram-simulate once per test file and renders them as one
 * person or another. Shared components are registered first and handed to later loads as
 * usingComponents overrides: loading a component file a second time in one jest file registers
 * nothing (simulate deletes require.cache, which jest's module registry ignores), so each .ts is
 * required exactly once.
 */
import * as path from 'path'
import { createDemoNetwork, type DemoNetwork } from '../../miniprogram/services/demo/index'
import { createStore, type RootStore } from '../../miniprogram/stores/index'
import { setStore } from '../../miniprogram/composition-root'
import type { Profile } from '../../miniprogram/core/types'
import { installPageShim, setNextPageQuery } from './page-shim'
import { simulate, type SimRoot } from './simulate'

export const ROOT = path.resolve(__dirname, '../../miniprogram')

/**
 * Dependencies first: ui-icon and avatar are used by the others. Paths under the mini-program root:
 * the main package's components/, and the room subpackage's own (pages/room/components/).
 */
const SHARED_COMPONENTS = [
  'components/ui-icon',
  'components/avatar',
  'components/profile-card',
  'components/chat-list',
  'components/chat-input',
  'pages/room/components/like-layer',
  'pages/room/components/member-sheet',
  'pages/room/components/guest-sheet',
  'pages/room/components/invite-sheet',
  'components/privacy-popup',
]

export type PageName = 'lobby' | 'room' | 'chat' | 'preview'

let pageIds: Record<PageName, string> | null = null

/** Stand-ins for the native live-pusher / live-player wrappers: they show what they were given. */
function mediaStubs(): Record<string, string> {
  return {
    'media-pusher': simulate.load({
      template:
        '<view class="stub-pusher">{{url}}|camera:{{enableCamera}}|mic:{{enableMic}}|{{devicePosition}}|preview:{{preview}}|beauty:{{beauty}}|whiteness:{{whiteness}}</view>',
      properties: {
        url: { type: String, value: '' },
        enableCamera: { type: Boolean, value: true },
        enableMic: { type: Boolean, value: true },
        devicePosition: { type: String, value: 'front' },
        pusherKey: { type: Number, value: 0 },
        preview: { type: Boolean, value: false },
        beauty: { type: Number, value: 0 },
        whiteness: { type: Number, value: 0 },
      },
    }),
    'media-player': simulate.load({
      template: '<view class="stub-player">{{streamId}}|{{url}}|key:{{playerKey}}|simulated:{{simulated}}|guest:{{guest}}|compact:{{compact}}</view>',
      properties: {
        streamId: { type: String, value: '' },
        url: { type: String, value: '' },
        playerKey: { type: Number, value: 0 },
        simulated: { type: Boolean, value: false },
        guest: { type: Boolean, value: false },
        compact: { type: Boolean, value: false },
      },
    }),
  }
}

export function loadPages(): Record<PageName, string> {
  if (pageIds) return pageIds
  installPageShim()
  const using: Record<string, string> = mediaStubs()
  for (const dir of SHARED_COMPONENTS) {
    const name = path.basename(dir)
    using[name] = simulate.load(path.join(ROOT, dir, name), { rootPath: ROOT, usingComponents: { ...using } })
  }
  const load = (name: PageName) => simulate.load(path.join(ROOT, 'pages', name, name), { rootPath: ROOT, usingComponents: { ...using } })
  pageIds = { lobby: load('lobby'), room: load('room'), chat: load('chat'), preview: load('preview') }
  return pageIds
}

/** Renders and attaches page `name` as the person whose store is `store` (onLoad runs now). */
export function openPage(name: PageName, store: RootStore, query: Record<string, string> = {}): SimRoot {
  const ids = loadPages()
  setStore(store)
  setNextPageQuery(query)
  const page = simulate.render(ids[name])
  page.attach(document.createElement('parent-wrapper'))
  return page
}

export interface Person {
  profile: Profile
  store: RootStore
}

/** A person on `network` with their own store, signed in. */
export async function signedInPerson(network: DemoNetwork, profile: Profile): Promise<Person> {
  const store = createStore(network.connect(profile))
  await store.session.signIn(profile)
  return { profile, store }
}

export function newNetwork(): DemoNetwork {
  return createDemoNetwork({ latencyMs: 0 })
}

/** wx APIs the pages call, as jest mocks (simulate's own stubs do nothing observable). */
export function mockWx() {
  const w = wx as unknown as Record<string, unknown>
  const mocks = {
    navigateTo: jest.fn(),
    navigateBack: jest.fn(),
    redirectTo: jest.fn(),
    reLaunch: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    showToast: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    showModal: jest.fn((options: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      options.success?.({ confirm: true, cancel: false })
    }),
    scanCode: jest.fn((_options: { success?: (r: { result: string; path?: string }) => void; fail?: (e: { errMsg: string }) => void }): void => undefined),
    requirePrivacyAuthorize: jest.fn((options: { success?: () => void; fail?: (e: { errMsg: string }) => void }) => options.success?.()),
    // camera and microphone already allowed (platform/permissions.ts asks getSetting first)
    getSetting: jest.fn((options: { success?: (r: { authSetting: Record<string, boolean> }) => void }) =>
      options.success?.({ authSetting: { 'scope.camera': true, 'scope.record': true } }),
    ),
  }
  Object.assign(w, mocks)
  return mocks
}

/** The room number in a navigateTo('/pages/room/room?roomId=…') call. */
export function roomIdFromUrl(url: string): string {
  const match = /roomId=(\d+)/.exec(url)
  if (!match) throw new Error(`no roomId in ${url}`)
  return match[1]
}
