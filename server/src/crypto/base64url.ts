const BASE64URL = /^[A-Za-z0-9_-]*$/

export function toBase64url(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url')
}

/** Strict: only the base64url alphabet, no padding, canonical length; anything else → null. */
export function fromBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : null
}
