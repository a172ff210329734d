/** Small DOM helpers over j-component trees (querySelector does not pierce child components). */
import { simulate, type SimNode } from './simulate'

type Root = SimNode

export function find(root: Root, selector: string): SimNode | undefined {
  return root.querySelector(selector)
}

export function $(root: Root, selector: string): SimNode {
  const node = root.querySelector(selector)
  if (!node) throw new Error(`selector not found: ${selector}`)
  return node
}

export function exists(root: Root, selector: string): boolean {
  return root.querySelector(selector) !== undefined
}

export function text(root: Root, selector?: string): string {
  const node = selector ? $(root, selector) : root
  return (node.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

export function tap(root: Root, selector: string): void {
  $(root, selector).dispatchEvent('tap')
}

/** Types into an <input>: fires `input` with the value, as WeChat does. */
export function typeInto(root: Root, selector: string, value: string): void {
  $(root, selector).dispatchEvent('input', { detail: { value } })
}

/** Polls until `check` passes (or throws its last error). Waits for the demo network and bindings. */
export async function waitFor(check: () => void | boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now()
  for (;;) {
    let failure: unknown
    try {
      if (check() !== false) return
      failure = new Error('condition still false')
    } catch (e) {
      failure = e
    }
    if (Date.now() - started > timeoutMs) throw failure
    await simulate.sleep(10)
  }
}

/**
 * An attribute as the template set it (aria-label, data-*): simulate keeps them on its own element
 * (camelCased), not on the DOM node.
 */
export function attrOf(node: SimNode, name: string): unknown {
  const element = (node.dom as unknown as { __wxElement?: { _vt?: { attrs?: { name: string; value: unknown }[] } } } | undefined)?.__wxElement
  const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
  return element?._vt?.attrs?.find((a) => a.name === name || a.name === camel)?.value
}
