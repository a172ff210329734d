/**
 * Small, structurally valid PNG and JPEG files for the avatar tests, with the metadata a phone
 * leaves in them (PNG text chunks; JPEG Exif with GPS and orientation, comments, trailing bytes).
 * The JPEG's scan data is filler: the server never decodes pixels, it walks the container.
 */
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])))
  return Buffer.concat([head, data, crc])
}

export interface PngOptions {
  /** tEXt chunks (e.g. a camera or a location) */
  text?: Record<string, string>
  /** a grey level, so two images differ */
  shade?: number
  trailing?: Buffer
}

export function makePng(width: number, height: number, options: PngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, options.shade ?? 128)])
  const raw = Buffer.concat(Array.from({ length: height }, () => row))
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]
  for (const [k, v] of Object.entries(options.text ?? {})) parts.push(chunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1')))
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)))
  if (options.trailing) parts.push(options.trailing)
  return Buffer.concat(parts)
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** An Exif APP1 payload (little-endian TIFF) with Orientation and a GPS IFD pointer. */
export function exifPayload(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  tiff.writeUInt16LE(2, 8)
  // Orientation
  tiff.writeUInt16LE(0x0112, 10)
  tiff.writeUInt16LE(3, 12)
  tiff.writeUInt32LE(1, 14)
  tiff.writeUInt16LE(orientation, 18)
  // GPSInfo IFD pointer
  const gpsIfd = 8 + 2 + 2 * 12 + 4
  tiff.writeUInt16LE(0x8825, 22)
  tiff.writeUInt16LE(4, 24)
  tiff.writeUInt32LE(1, 26)
  tiff.writeUInt32LE(gpsIfd, 30)
  tiff.writeUInt32LE(0, 34) // no IFD1
  // GPS IFD: GPSLatitudeRef 'N'
  tiff.writeUInt16LE(1, gpsIfd)
  tiff.writeUInt16LE(0x0001, gpsIfd + 2)
  tiff.writeUInt16LE(2, gpsIfd + 4)
  tiff.writeUInt32LE(2, gpsIfd + 6)
  tiff.write('N\0', gpsIfd + 10, 'latin1')
  tiff.writeUInt32LE(0, gpsIfd + 14)
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
}

export interface JpegOptions {
  orientation?: number
  comment?: string
  xmp?: string
  trailing?: Buffer
  shade?: number
}

export function makeJpeg(width: number, height: number, options: JpegOptions = {}): Buffer {
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0])
  const dqt = Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])
  const sof = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0])
  sof.writeUInt16BE(height, 1)
  sof.writeUInt16BE(width, 3)
  const dht = Buffer.concat([Buffer.from([0x00]), Buffer.from([0, 1, ...Array(14).fill(0)]), Buffer.from([0])])
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0])
  // scan data with a stuffed 0xFF00 and a restart marker inside, as real scans have
  const scan = Buffer.from([options.shade ?? 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78])
  const parts = [Buffer.from([0xff, 0xd8]), segment(0xe0, jfif)]
  if (options.orientation) parts.push(segment(0xe1, exifPayload(options.orientation)))
  if (options.xmp) parts.push(segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${options.xmp}`, 'latin1')))
  if (options.comment) parts.push(segment(0xfe, Buffer.from(options.comment, 'utf8')))
  parts.push(segment(0xdb, dqt), segment(0xc0, sof), segment(0xc4, dht), segment(0xda, sos), scan, Buffer.from([0xff, 0xd9]))
  if (options.trailing) parts.push(options.trailing)
  return Buffer.concat(parts)
}

/** Width and height from a PNG's IHDR (the fake WeChat's verdict rules read them). */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}
