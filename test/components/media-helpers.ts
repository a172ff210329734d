/** Reading the native tags (live-pusher, live-player) that miniprogram-simulate renders as plain elements. */
import type * as simulate from 'miniprogram-simulate'

type Rendered = ReturnType<typeof simulate.render>
interface JsonNode {
  tagName: string
  attrs: { name: string; value: unknown }[]
  children?: JsonNode[]
}

function findTag(node: JsonNode, tagName: string): JsonNode | null {
  if (node.tagName === tagName) return node
  for (const child of node.children ?? []) {
    const hit = findTag(child, tagName)
    if (hit) return hit
  }
  return null
}

/** The attributes of the first `tagName` (e.g. 'wx-live-pusher'), or null when it is not rendered. */
export function nativeAttrs(comp: Rendered, tagName: string): Record<string, unknown> | null {
  const node = findTag((comp as unknown as { toJSON(): JsonNode }).toJSON(), tagName)
  return node ? Object.fromEntries(node.attrs.map((a) => [a.name, a.value])) : null
}

export function countTags(comp: Rendered, tagName: string): number {
  const count = (node: JsonNode): number => (node.tagName === tagName ? 1 : 0) + (node.children ?? []).reduce((n, c) => n + count(c), 0)
  return count((comp as unknown as { toJSON(): JsonNode }).toJSON())
}

/** The underlying node of a selector, to tell a rebuilt native tag from the same one. */
export function nodeIdentity(comp: Rendered, selector: string): unknown {
  const node = comp.querySelector(selector) as unknown as { _exparserNode?: unknown } | undefined
  return node?._exparserNode ?? null
}

/** Fires a native event on `selector`; j-component delivers it asynchronously, so this waits. */
export async function dispatchNative(comp: Rendered, selector: string, event: string, detail: unknown): Promise<void> {
  const node = comp.querySelector(selector)
  if (!node) throw new Error(`not rendered: ${selector}`)
  node.dispatchEvent(event, { detail })
  await new Promise((resolve) => setTimeout(resolve, 10))
}
