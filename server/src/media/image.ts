/**
 * Avatar images: the type is read from the bytes (magic numbers and structure), never from a
 * header; the dimensions are read from the image's own header and checked; and metadata is
 * removed by rewriting the file's container without decoding a pixel (no native dependency):
 *
 * - PNG: chunks are walked with their CRCs checked. Kept: IHDR, PLTE, IDAT, IEND and the colour
 *   chunks (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT) plus pHYs. Dropped: text (tEXt, zTXt, iTXt), eXIf,
 *   tIME, animation (acTL, fcTL, fdAT: the first frame stays) and any other ancillary chunk; an
 *   unknown critical chunk (e.g. Apple's CgBI) refuses the file. Bytes after IEND are dropped.
 * - JPEG: segments are walked. Kept: APP0 (JFIF), APP2 ICC_PROFILE, APP14 (Adobe colour
 *   transform), DQT, DHT, DRI, SOFn, SOS with its entropy-coded data, EOI. Dropped: APP1 (Exif —
 *   GPS position, camera, time — and XMP), APP13 (IPTC), COM and every other APPn; bytes after EOI.
 *   The one Exif field that changes how the picture looks, Orientation, is written back as a
 *   minimal Exif segment holding only that tag.
 *
 * Pixels are not re-encoded: a decoder bug in a viewer could still be reached by crafted entropy
 * data, but no hidden payload survives outside the image data, and the file is still a valid image.
 */
import { crc32 } from 'node:zlib'

export type ImageType = 'png' | 'jpeg'

export interface CleanImage {
  type: ImageType
  mime: 'image/png' | 'image/jpeg'
  ext: 'png' | 'jpg'
  width: number
  height: number
  bytes: Buffer
  /** what was removed, for logs and tests */
  removed: string[]
}

export const MIN_SIDE = 16
export const MAX_SIDE = 4096

export class ImageError extends Error {
  constructor(
    readonly reason: 'type' | 'corrupt' | 'dimensions',
    message: string,
  ) {
    super(message)
    this.name = 'ImageError'
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function sniff(bytes: Buffer): ImageType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  return null
}

function checkSides(width: number, height: number): void {
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    throw new ImageError('dimensions', `${width}×${height}`)
  }
}

export function cleanImage(bytes: Buffer): CleanImage {
  const type = sniff(bytes)
  if (type === 'png') return cleanPng(bytes)
  if (type === 'jpeg') return cleanJpeg(bytes)
  throw new ImageError('type', 'not a PNG or JPEG')
}

// ---- PNG ------------------------------------------------------------------------------------------

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs'])
const PNG_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND'])

function cleanPng(bytes: Buffer): CleanImage {
  const out: Buffer[] = [PNG_SIGNATURE]
  const removed: string[] = []
  let offset = 8
  let width = 0
  let height = 0
  let sawIdat = false
  let ended = false
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new ImageError('corrupt', 'truncated chunk')
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    if (!/^[A-Za-z]{4}$/.test(type) || length > bytes.length - offset - 12) throw new ImageError('corrupt', 'bad chunk')
    const whole = bytes.subarray(offset, offset + 12 + length)
    const crc = bytes.readUInt32BE(offset + 8 + length)
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) throw new ImageError('corrupt', `bad CRC in ${type}`)
    if (offset === 8) {
      if (type !== 'IHDR' || length !== 13) throw new ImageError('corrupt', 'no IHDR')
      width = bytes.readUInt32BE(offset + 8)
      height = bytes.readUInt32BE(offset + 12)
    }
    const critical = type.charCodeAt(0) < 0x61
    if (critical && !PNG_CRITICAL.has(type)) throw new ImageError('type', `unsupported critical chunk ${type}`)
    if (PNG_KEEP.has(type)) out.push(whole)
    else removed.push(type)
    if (type === 'IDAT') sawIdat = true
    offset += 12 + length
    if (type === 'IEND') {
      ended = true
      if (offset < bytes.length) removed.push('trailing-bytes')
      break
    }
  }
  if (!ended || !sawIdat) throw new ImageError('corrupt', 'no image data or no IEND')
  checkSides(width, height)
  return { type: 'png', mime: 'image/png', ext: 'png', width, height, bytes: Buffer.concat(out), removed }
}

// ---- JPEG -----------------------------------------------------------------------------------------

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])
const JPEG_KEEP = new Set([0xdb, 0xc4, 0xdd, 0xe0, 0xee]) // DQT, DHT, DRI, APP0, APP14

/** Orientation (1-8) from an APP1 Exif payload, or null. */
export function exifOrientation(payload: Buffer): number | null {
  if (payload.length < 14 || payload.toString('latin1', 0, 6) !== 'Exif\0\0') return null
  const tiff = payload.subarray(6)
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o))
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o))
  if (u16(2) !== 42) return null
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return null
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.length) return null
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const v = u16(entry + 8)
      return v >= 1 && v <= 8 ? v : null
    }
  }
  return null
}

/** APP1 holding an Exif block with only the Orientation tag (big-endian TIFF). */
export function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4) // IFD0 right after the header
  tiff.writeUInt16BE(1, 8) // one entry
  tiff.writeUInt16BE(0x0112, 10) // Orientation
  tiff.writeUInt16BE(3, 12) // SHORT
  tiff.writeUInt32BE(1, 14) // count
  tiff.writeUInt16BE(orientation, 18) // value, left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22) // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const head = Buffer.from([0xff, 0xe1, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

function cleanJpeg(bytes: Buffer): CleanImage {
  const out: Buffer[] = [bytes.subarray(0, 2)]
  const removed: string[] = []
  let offset = 2
  let width = 0
  let height = 0
  let orientation: number | null = null
  let sawSos = false
  let ended = false
  let orientationAt = -1 // where in `out` the orientation segment goes (after APP0, before the rest)
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new ImageError('corrupt', 'marker expected')
    let marker = bytes[offset + 1]
    while (marker === 0xff && offset + 2 < bytes.length) marker = bytes[++offset + 1] // fill bytes
    if (marker === undefined) throw new ImageError('corrupt', 'truncated')
    if (marker === 0xd9) {
      out.push(Buffer.from([0xff, 0xd9]))
      ended = true
      offset += 2
      if (offset < bytes.length) removed.push('trailing-bytes')
      break
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) throw new ImageError('corrupt', 'unexpected marker')
    if (offset + 4 > bytes.length) throw new ImageError('corrupt', 'truncated segment')
    const length = bytes.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > bytes.length) throw new ImageError('corrupt', 'bad segment length')
    const segment = bytes.subarray(offset, offset + 2 + length)
    const payload = bytes.subarray(offset + 4, offset + 2 + length)
    const name = `0x${marker.toString(16)}`
    if (SOF.has(marker)) {
      if (payload.length < 6) throw new ImageError('corrupt', 'short SOF')
      height = payload.readUInt16BE(1)
      width = payload.readUInt16BE(3)
      out.push(segment)
    } else if (marker === 0xe1) {
      orientation ??= exifOrientation(payload)
      removed.push(payload.toString('latin1', 0, 4) === 'Exif' ? 'Exif' : 'APP1')
    } else if (marker === 0xe2 && payload.toString('latin1', 0, 12) === 'ICC_PROFILE\0') {
      out.push(segment)
    } else if (JPEG_KEEP.has(marker)) {
      out.push(segment)
      if (marker === 0xe0 && orientationAt < 0) orientationAt = out.length
    } else if (marker !== 0xda) {
      removed.push(marker === 0xfe ? 'COM' : marker === 0xed ? 'IPTC' : name)
    }
    offset += 2 + length
    if (marker === 0xda) {
      // entropy-coded data runs until a marker that is neither a stuffed 0x00 nor a restart
      sawSos = true
      let end = offset
      for (;;) {
        if (end + 1 >= bytes.length) throw new ImageError('corrupt', 'truncated scan')
        if (bytes[end] === 0xff) {
          const next = bytes[end + 1]
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break
        }
        end++
      }
      out.push(segment, bytes.subarray(offset, end))
      offset = end
    }
  }
  if (!ended || !sawSos || !width || !height) throw new ImageError('corrupt', 'incomplete JPEG')
  checkSides(width, height)
  if (orientation && orientation !== 1) out.splice(orientationAt < 0 ? 1 : orientationAt, 0, orientationSegment(orientation))
  return { type: 'jpeg', mime: 'image/jpeg', ext: 'jpg', width, height, bytes: Buffer.concat(out), removed }
}
