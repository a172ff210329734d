/**
 * Where uploaded images live: a directory (DATA_DIR) or an S3-compatible bucket. Either is shared
 * by every instance; nothing else of the server's state is kept there but the avatar moderation
 * records (src/avatars/avatar-service.ts lists the keys).
 */
export interface Blob {
  bytes: Buffer
  contentType: string
}

export interface BlobStore {
  /** for logs: where the blobs go */
  readonly description: string
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  get(key: string): Promise<Blob | null>
  exists(key: string): Promise<boolean>
  /** deleting what is not there is not an error */
  delete(key: string): Promise<void>
}

/** Keys are `<folder>/<name>` of a small safe alphabet: no path tricks reach a store. */
export const BLOB_KEY = /^[a-z]+\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/

export function checkKey(key: string): string {
  if (!BLOB_KEY.test(key) || key.includes('..')) throw new Error(`bad blob key ${JSON.stringify(key)}`)
  return key
}

export const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  json: 'application/json',
}

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
}
