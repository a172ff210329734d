import { ImageError, cleanImage, exifOrientation, sniff } from '../../src/media/image'
import { boundaryOf, firstFilePart } from '../../src/media/multipart'
import { exifPayload, makeJpeg, makePng } from '../support/images'

const reason = (bytes: Buffer): string => {
  try {
    cleanImage(bytes)
    return 'ok'
  } catch (e) {
    return e instanceof ImageError ? e.reason : 'other'
  }
}

describe('PNG', () => {
  test('text chunks and trailing bytes are removed; pixels and size kept', () => {
    const png = makePng(64, 48, { text: { Location: '31.2304,121.4737', Software: 'Camera' }, trailing: Buffer.from('PK\x03\x04zip') })
    const clean = cleanImage(png)
    expect(clean).toMatchObject({ type: 'png', mime: 'image/png', ext: 'png', width: 64, height: 48 })
    expect(clean.removed).toEqual(['tEXt', 'tEXt', 'trailing-bytes'])
    expect(clean.bytes.includes(Buffer.from('31.2304'))).toBe(false)
    expect(clean.bytes.includes(Buffer.from('PK'))).toBe(false)
    // cleaning again changes nothing: the output is a valid PNG
    expect(cleanImage(clean.bytes).bytes.equals(clean.bytes)).toBe(true)
    expect(clean.bytes.equals(makePng(64, 48))).toBe(true)
  })

  test('a flipped bit (CRC), a truncated file, a missing IEND or an unknown critical chunk are refused', () => {
    const png = makePng(32, 32)
    const flipped = Buffer.from(png)
    flipped[40] ^= 0x01
    expect(reason(flipped)).toBe('corrupt')
    expect(reason(png.subarray(0, png.length - 12))).toBe('corrupt')
    expect(reason(png.subarray(0, 40))).toBe('corrupt')
    // Apple's CgBI chunk before IHDR makes a PNG most decoders cannot read
    const cgbi = Buffer.concat([png.subarray(0, 8), Buffer.from([0, 0, 0, 0]), Buffer.from('CgBI'), Buffer.from([0x6b, 0x98, 0xc6, 0x3b]), png.subarray(8)])
    expect(['corrupt', 'type']).toContain(reason(cgbi))
  })

  test('sides outside 16-4096 are refused', () => {
    expect(reason(makePng(8, 64))).toBe('dimensions')
    expect(reason(makePng(16, 16))).toBe('ok')
    const huge = makePng(32, 32)
    huge.writeUInt32BE(5000, 16) // IHDR width (the CRC is now wrong too: still refused)
    expect(reason(huge)).not.toBe('ok')
  })
})

describe('JPEG', () => {
  test('Exif (with GPS), XMP, comments and trailing bytes are removed; orientation is kept', () => {
    const jpeg = makeJpeg(640, 480, { orientation: 6, xmp: '<x:xmpmeta>GPS</x:xmpmeta>', comment: 'shot at home', trailing: Buffer.from('hidden') })
    const clean = cleanImage(jpeg)
    expect(clean).toMatchObject({ type: 'jpeg', mime: 'image/jpeg', ext: 'jpg', width: 640, height: 480 })
    expect(clean.removed).toEqual(['Exif', 'APP1', 'COM', 'trailing-bytes'])
    for (const secret of ['xmpmeta', 'shot at home', 'hidden']) expect(clean.bytes.includes(Buffer.from(secret))).toBe(false)
    // the GPS IFD is gone (tag 0x8825 little-endian), the orientation survives in a minimal Exif
    expect(clean.bytes.includes(Buffer.from([0x25, 0x88]))).toBe(false)
    const app1 = clean.bytes.indexOf(Buffer.from([0xff, 0xe1]))
    expect(app1).toBeGreaterThan(0)
    expect(exifOrientation(clean.bytes.subarray(app1 + 4, app1 + 2 + clean.bytes.readUInt16BE(app1 + 2)))).toBe(6)
    expect(cleanImage(clean.bytes).bytes.equals(clean.bytes)).toBe(true)
    // upright pictures get no Exif at all
    const upright = cleanImage(makeJpeg(100, 100, { orientation: 1 }))
    expect(upright.bytes.includes(Buffer.from('Exif'))).toBe(false)
    expect(exifOrientation(exifPayload(8))).toBe(8)
  })

  test('truncated or structurally broken JPEGs and wrong sizes are refused', () => {
    const jpeg = makeJpeg(100, 100)
    expect(reason(jpeg.subarray(0, jpeg.length - 2))).toBe('corrupt') // no EOI
    expect(reason(jpeg.subarray(0, 30))).toBe('corrupt')
    const badLength = Buffer.from(jpeg)
    badLength.writeUInt16BE(0xfff0, 4) // APP0 length past the end
    expect(reason(badLength)).toBe('corrupt')
    expect(reason(makeJpeg(100, 5000))).toBe('dimensions')
  })
})

test('sniffing reads magic bytes only', () => {
  expect(sniff(makePng(16, 16))).toBe('png')
  expect(sniff(makeJpeg(16, 16))).toBe('jpeg')
  expect(sniff(Buffer.from('GIF89a....'))).toBeNull()
  expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
  expect(reason(Buffer.from('RIFF....WEBPVP8 '))).toBe('type')
})

test('multipart: the first file part, as wx.uploadFile sends it', () => {
  const png = makePng(20, 20)
  const boundary = '----WeChatFormBoundaryabc123'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\navatar\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tmp_abc.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  expect(boundaryOf(`multipart/form-data; boundary=${boundary}`)).toBe(boundary)
  const part = firstFilePart(body, boundary)
  expect(part).toMatchObject({ name: 'file', filename: 'tmp_abc.png', contentType: 'image/png' })
  expect(part!.data.equals(png)).toBe(true)
  expect(firstFilePart(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${boundary}--`), boundary)).toBeNull()
  expect(firstFilePart(Buffer.from('garbage'), boundary)).toBeNull()
})
