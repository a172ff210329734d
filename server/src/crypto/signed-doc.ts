/**
 * Signed documents: base64url(JSON payload) + "." + base64url(Ed25519 signature of the first
 * part, as ASCII). The mini-program verifies them with the public key it ships; the server
 * verifies its own when it reads them back from chatroom KV or a client presents one.
 */
import { sign, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { fromBase64url, toBase64url } from './base64url'

/** chatroom KV values hold at most 4096 characters */
export const MAX_DOC_CHARS = 4096

export function signDocument(privateKey: KeyObject, payload: object): string {
  const body = toBase64url(JSON.stringify(payload))
  return `${body}.${toBase64url(sign(null, Buffer.from(body, 'ascii'), privateKey))}`
}

/** The payload of a document this key signed, or null (malformed, too long, bad signature). */
export function openDocument(publicKey: KeyObject, token: unknown): unknown {
  if (typeof token !== 'string' || token.length > MAX_DOC_CHARS) return null
  const dot = token.indexOf('.')
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null
  const body = token.slice(0, dot)
  const signature = fromBase64url(token.slice(dot + 1))
  if (!signature || signature.length !== 64) return null
  const json = fromBase64url(body)
  if (!json) return null
  if (!verify(null, Buffer.from(body, 'ascii'), publicKey, signature)) return null
  try {
    return JSON.parse(json.toString('utf8'))
  } catch {
    return null
  }
}
