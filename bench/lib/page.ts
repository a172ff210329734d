/**
 * The page benches render the real pages with miniprogram-simulate, through the page helpers of
 * the UI tests (test/harness), and count every setData of the page AND of each component in it.
 *
 * How: before any page or component is loaded, Component() is wrapped so that every instance,
 * as it is created, gets a setData that records the payload first. Page() goes through
 * Component() in the page shim, so pages are covered too.
 */
import { loadPages, mockWx, openPage } from '../../test/harness/app'
import type { SimRoot } from '../../test/harness/simulate'

export { openPage }
export type { SimRoot }

export interface SetDataCall {
  /** the component's file path, e.g. /work/main/miniprogram/components/chat-list/chat-list */
  component: string
  data: Record<string, unknown>
  /** UTF-8 bytes of JSON.stringify(data): what crosses to the render thread */
  bytes: number
  at: number
}

type Listener = (call: SetDataCall, instance: Record<string, unknown>) => void

interface Recorder {
  recording: boolean
  calls: SetDataCall[]
  listeners: Set<Listener>
}

const recorder: Recorder = { recording: false, calls: [], listeners: new Set() }

export function bytesOf(data: unknown): number {
  return Buffer.byteLength(JSON.stringify(data) ?? '', 'utf8')
}

type Obj = Record<string, unknown>
type SetData = (data: Obj, callback?: () => void) => void

/** j-component knows components by generated ids; simulate registers each with its file path. */
const pathOfId = new Map<string, string>()

function rememberPaths(): void {
  // simulate calls jComponent.register(definition) through the module object, so this sees it.
  // require, not import: the patch must land on the module object itself, and j-component's own
  // typings pull in an older copy of the wx typings (see test/harness/simulate.ts)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jComponent = require('j-component') as Obj
  const register = jComponent.register as (definition: Obj) => unknown
  jComponent.register = (definition: Obj) => {
    if (definition && definition.id) pathOfId.set(String(definition.id), String(definition.path ?? definition.id))
    return register.call(jComponent, definition)
  }
}

function instrumentComponent(): void {
  const g = globalThis as Obj
  if (g.__benchComponentWrapped) return
  rememberPaths()
  const original = g.Component as (options: Obj) => unknown
  if (typeof original !== 'function') throw new Error('miniprogram-simulate has not installed Component() yet')
  g.Component = (options: Obj) => {
    const lifetimes = { ...((options.lifetimes as Obj | undefined) ?? {}) }
    const created = (lifetimes.created ?? options.created) as ((...args: unknown[]) => unknown) | undefined
    lifetimes.created = function (this: Obj, ...args: unknown[]) {
      const setData = this.setData as SetData
      const recordingSetData: SetData = (data, callback) => {
        const call: SetDataCall | null =
          recorder.recording || recorder.listeners.size
            ? { component: pathOfId.get(String(this.is)) ?? String(this.is ?? ''), data, bytes: bytesOf(data), at: performance.now() }
            : null
        setData.call(this, data, callback)
        if (!call) return
        if (recorder.recording) recorder.calls.push(call)
        for (const listener of recorder.listeners) listener(call, this)
      }
      this.setData = recordingSetData
      return created?.apply(this, args)
    }
    return original({ ...options, lifetimes })
  }
  g.__benchComponentWrapped = true
}

let loaded = false

/** Loads lobby, room and chat once per bench file, with setData instrumented. */
export function loadInstrumentedPages(): void {
  if (loaded) return
  // simulate installed its Component() when the helpers imported it
  instrumentComponent()
  mockWx()
  loadPages()
  loaded = true
}

/** Starts recording setData calls (clearing the previous ones). */
export function startRecording(): void {
  recorder.calls = []
  recorder.recording = true
}

export function stopRecording(): SetDataCall[] {
  recorder.recording = false
  return recorder.calls
}

/** Called after every setData of any instance, recording or not; returns the unsubscribe. */
export function onSetData(listener: Listener): () => void {
  recorder.listeners.add(listener)
  return () => recorder.listeners.delete(listener)
}

export function isChatList(call: SetDataCall): boolean {
  return /components\/chat-list\/chat-list$/.test(call.component)
}

/** Texts of the chat messages a chat-list setData hands to the view (whole list or by path). */
export function messageTextsIn(data: Record<string, unknown>): string[] {
  const texts: string[] = []
  for (const [key, value] of Object.entries(data)) {
    if (key === 'messages' && Array.isArray(value)) {
      for (const m of value as Obj[]) if (m && typeof m.text === 'string') texts.push(m.text)
    } else if (/^messages\[\d+\]$/.test(key) && value) {
      const text = (value as Obj).text
      if (typeof text === 'string') texts.push(text)
    }
  }
  return texts
}
