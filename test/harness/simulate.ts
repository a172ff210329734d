/**
 * miniprogram-simulate, typed here instead of through its own declarations: those import
 * j-component's nested, older miniprogram-api-typings, whose globals (Component, WechatMiniprogram)
 * replace ours and break type-checking of every component under test/tsconfig.json.
 */

export interface SimNode {
  readonly dom: HTMLElement | undefined
  readonly data: Record<string, unknown>
  readonly instance: Record<string, any>
  querySelector(selector: string): SimNode | undefined
  querySelectorAll(selector: string): SimNode[]
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void
  setData(data: Record<string, unknown>, callback?: () => void): void
  toJSON(): unknown
}

export interface SimRoot extends SimNode {
  attach(parent: Node): void
  detach(): void
}

export interface LoadOptions {
  rootPath?: string
  compiler?: 'official' | 'simulate'
  usingComponents?: Record<string, string>
}

interface Simulate {
  load(componentPath: string, options?: LoadOptions): string
  load(definition: Record<string, unknown>): string
  render(id: string, properties?: Record<string, unknown>): SimRoot
  sleep(ms?: number): Promise<void>
}

export const simulate: Simulate = require('miniprogram-simulate')
