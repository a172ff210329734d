import { createHash } from 'node:crypto'
import { call, startHarness } from '../support/harness'

test('the fake checks the signature headers: a server with the wrong App Secret is refused (401 → 502)', async () => {
  const h = await startHarness({ env: { RONGCLOUD_APP_SECRET: 'not-the-secret' } })
  try {
    const res = await call(h.urls[0], 'POST', '/v1/login', { body: { code: h.wechat.issueCode('oSig00000000000000000000000001'), profile: { name: 'a' } } })
    expect(res.status).toBe(502)
    expect(h.fronts[0].rejectedSignatures).toBe(1)
    expect(h.rc.users.size).toBe(0)
    // and the fake accepts a correctly signed request, with or without the RC- prefix
    for (const prefix of ['', 'RC-']) {
      const nonce = 'n' + prefix.length
      const ts = String(Date.now())
      const sig = createHash('sha1').update('test-app-secret' + nonce + ts).digest('hex')
      const r = await fetch(`${h.fronts[0].url}/chatroom/keepalive/query.json`, {
        method: 'POST',
        headers: { [`${prefix}App-Key`]: 'test-app-key', [`${prefix}Nonce`]: nonce, [`${prefix}Timestamp`]: ts, [`${prefix}Signature`]: sig },
      })
      expect(r.status).toBe(200)
    }
    const tooLongNonce = 'n'.repeat(19)
    const ts = String(Date.now())
    const r = await fetch(`${h.fronts[0].url}/chatroom/keepalive/query.json`, {
      method: 'POST',
      headers: { 'App-Key': 'test-app-key', Nonce: tooLongNonce, Timestamp: ts, Signature: createHash('sha1').update('test-app-secret' + tooLongNonce + ts).digest('hex') },
    })
    expect(r.status).toBe(401)
  } finally {
    await h.close()
  }
})
