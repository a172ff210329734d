/**
 * The one file of a multipart/form-data body, as wx.uploadFile sends it (one file part under
 * `name`, plus any `formData` fields as text parts). Small and strict: the body is already in
 * memory (≤ the route's limit); a body that does not parse is null.
 */
export interface FilePart {
  name: string
  filename: string
  contentType: string
  data: Buffer
}

export function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return m ? (m[1] ?? m[2]) : null
}

export function firstFilePart(body: Buffer, boundary: string): FilePart | null {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1')
  let start = body.indexOf(delimiter)
  while (start >= 0) {
    let cursor = start + delimiter.length
    if (body.toString('latin1', cursor, cursor + 2) === '--') return null // closing delimiter
    if (body.toString('latin1', cursor, cursor + 2) !== '\r\n') return null
    cursor += 2
    const headerEnd = body.indexOf('\r\n\r\n', cursor, 'latin1')
    if (headerEnd < 0 || headerEnd - cursor > 4096) return null
    const headers = body.toString('utf8', cursor, headerEnd)
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`, 'latin1'), headerEnd + 4)
    if (next < 0) return null
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? ''
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1]
    if (filename !== undefined) {
      return {
        name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
        filename,
        contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase() ?? '',
        data: body.subarray(headerEnd + 4, next),
      }
    }
    start = next + 2
  }
  return null
}
