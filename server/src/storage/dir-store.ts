/**
 * Blobs as files under DATA_DIR. A write goes to a temporary file that is renamed into place, so
 * another instance reading the same directory (a shared volume) sees a whole file or none.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { checkKey, contentTypeOf } from './blob-store'
import type { Blob, BlobStore } from './blob-store'

export class DirStore implements BlobStore {
  constructor(readonly root: string) {}

  get description(): string {
    return `directory ${this.root}`
  }

  private path(key: string): string {
    return join(this.root, checkKey(key))
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.path(key)
    await mkdir(dirname(path), { recursive: true })
    const tmp = join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`)
    try {
      await writeFile(tmp, bytes)
      await rename(tmp, path)
    } catch (e) {
      await rm(tmp, { force: true })
      throw e
    }
  }

  async get(key: string): Promise<Blob | null> {
    try {
      return { bytes: await readFile(this.path(key)), contentType: contentTypeOf(key) }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile()
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw e
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.path(key))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
  }
}
