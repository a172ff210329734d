import { DEFAULT_RONGCLOUD_API_URLS, REQUIRED_VARIABLES, describeProblems, loadConfig } from '../../src/config'
import { generateSigningKeyPem } from '../../src/crypto/keys'

const pem = generateSigningKeyPem().privatePem
const good = {
  RONGCLOUD_APP_KEY: 'k',
  RONGCLOUD_APP_SECRET: 's',
  WECHAT_APPID: 'wx1',
  WECHAT_APP_SECRET: 'w',
  SERVER_SIGNING_KEY: pem,
  USER_ID_SECRET: 'x'.repeat(32),
}

describe('config', () => {
  test('nothing set: every required variable is named', () => {
    const r = loadConfig({})
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems.map((p) => p.name)).toEqual([...REQUIRED_VARIABLES])
    expect(describeProblems(r.problems)).toContain(REQUIRED_VARIABLES.join(', '))
  })

  test('defaults: port 8787, the real RongCloud primary and backup hosts, WeChat', () => {
    const r = loadConfig(good)
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.config.port).toBe(8787)
    expect(r.config.rongcloud.apiUrls).toEqual(DEFAULT_RONGCLOUD_API_URLS)
    expect(r.config.wechat.apiUrl).toBe('https://api.weixin.qq.com')
    expect(r.config.trustProxy).toBe(false)
  })

  test('invalid values are named with the reason', () => {
    const r = loadConfig({
      ...good,
      USER_ID_SECRET: 'x'.repeat(31),
      SERVER_SIGNING_KEY: 'nope',
      PORT: '99999',
      RONGCLOUD_API_URL: 'http://127.0.0.1:1,ftp://x',
      WECHAT_API_URL: 'not a url',
      PUBLIC_URL: 'x',
      TRUST_PROXY: 'maybe',
      LOG_LEVEL: 'loud',
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems.map((p) => p.name).sort()).toEqual(
      ['LOG_LEVEL', 'PORT', 'PUBLIC_URL', 'RONGCLOUD_API_URL', 'SERVER_SIGNING_KEY', 'TRUST_PROXY', 'USER_ID_SECRET', 'WECHAT_API_URL'].sort(),
    )
  })

  test('a list of RongCloud base URLs, trailing slashes dropped; TRUST_PROXY hops', () => {
    const r = loadConfig({ ...good, RONGCLOUD_API_URL: ' http://127.0.0.1:1/ , http://127.0.0.1:2', TRUST_PROXY: '1', PORT: '0' })
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.config.rongcloud.apiUrls).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2'])
    expect(r.config.trustProxy).toBe(1)
    expect(r.config.port).toBe(0)
  })

  test('content safety, avatars and QR codes: defaults', () => {
    const r = loadConfig(good)
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
    expect(r.config.contentCheckBudgetMs).toBe(1500)
    expect(r.config.wechat).toMatchObject({ pushToken: null, pushAesKey: null, qrEnvVersion: 'release' })
    expect(r.config.storage).toEqual({ kind: 'dir', dir: expect.stringMatching(/[/\\]data$/) })
  })

  test('an S3 bucket needs all four S3_* variables; the rest is checked too', () => {
    const partial = loadConfig({ ...good, S3_ENDPOINT: 'https://s3.example.com', S3_BUCKET: 'Bad_Bucket' })
    expect(partial.ok).toBe(false)
    if (partial.ok) return
    expect(partial.problems.map((p) => p.name).sort()).toEqual(['S3_ACCESS_KEY', 'S3_BUCKET', 'S3_SECRET_KEY'])
    const full = loadConfig({ ...good, S3_ENDPOINT: 'https://cos.ap-shanghai.myqcloud.com/', S3_BUCKET: 'avatars-1250000000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_REGION: 'ap-shanghai' })
    if (!full.ok) throw new Error(JSON.stringify(full.problems))
    expect(full.config.storage).toEqual({ kind: 's3', endpoint: 'https://cos.ap-shanghai.myqcloud.com', bucket: 'avatars-1250000000', accessKeyId: 'a', secretAccessKey: 'b', region: 'ap-shanghai' })
    const bad = loadConfig({ ...good, WECHAT_PUSH_TOKEN: 'has space', WECHAT_PUSH_AES_KEY: 'short', WECHAT_QR_ENV_VERSION: 'beta', CONTENT_CHECK_BUDGET_MS: '3000' })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.problems.map((p) => p.name).sort()).toEqual(['CONTENT_CHECK_BUDGET_MS', 'WECHAT_PUSH_AES_KEY', 'WECHAT_PUSH_TOKEN', 'WECHAT_QR_ENV_VERSION'])
    const aesWithoutToken = loadConfig({ ...good, WECHAT_PUSH_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' })
    expect(aesWithoutToken.ok).toBe(false)
  })
})
