#!/usr/bin/env node
/*
 * Preview QR code for a phone, through miniprogram-ci (needs WeChat's servers, a real AppID and
 * its code-upload key). Configure with environment variables:
 *   WECHAT_APPID            the mini-program's AppID (公众平台 → 开发管理 → 开发设置)
 *   WECHAT_UPLOAD_KEY       path to the 小程序代码上传密钥 (private.<appid>.key) from the same page;
 *                           the machine's IP must be on that page's IP whitelist
 *   PREVIEW_QR              where to write the QR image (default .preview/qrcode.jpg)
 * Refuses to run (status 3) while miniprogram/config.ts holds dev tokens (scripts/lib/dev-token-guard.js).
 */
const fs = require('fs')
const path = require('path')
const { refuseDevTokens } = require('./lib/dev-token-guard')

// before anything else: a package with dev tokens must never reach a phone
refuseDevTokens(path.resolve(__dirname, '..'), 'preview')

const appid = process.env.WECHAT_APPID
const keyPath = process.env.WECHAT_UPLOAD_KEY
const missing = [
  !appid && 'WECHAT_APPID (小程序 AppID)',
  !keyPath && 'WECHAT_UPLOAD_KEY (代码上传密钥文件的路径)',
].filter(Boolean)
if (missing.length) {
  console.error(`preview: 未配置 ${missing.join('、')}。`)
  console.error('preview: 在微信公众平台「开发管理 → 开发设置」下载代码上传密钥并把本机 IP 加入白名单，然后：')
  console.error('preview:   WECHAT_APPID=wx... WECHAT_UPLOAD_KEY=/path/private.wx....key npm run preview')
  process.exit(2)
}
if (!fs.existsSync(keyPath)) {
  console.error(`preview: 找不到上传密钥文件 ${keyPath}`)
  process.exit(2)
}

const ci = require('miniprogram-ci')
const projectPath = path.resolve(__dirname, '..')
const qrcodeOutputDest = path.resolve(process.env.PREVIEW_QR || path.join(projectPath, '.preview', 'qrcode.jpg'))
fs.mkdirSync(path.dirname(qrcodeOutputDest), { recursive: true })

;(async () => {
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath,
    privateKeyPath: keyPath,
    ignores: ['node_modules/**/*', 'test/**/*', 'scripts/**/*', 'coverage/**/*', 'typings/**/*'],
  })
  await ci.preview({
    project,
    desc: `preview ${new Date().toISOString()}`,
    setting: { useProjectConfig: true },
    qrcodeFormat: 'image',
    qrcodeOutputDest,
    onProgressUpdate: (task) => typeof task === 'string' && console.log(`preview: ${task}`),
  })
  console.log(`preview: 二维码已保存到 ${qrcodeOutputDest}，用微信扫码即可在手机上预览`)
  process.exit(0)
})().catch((e) => {
  console.error(`preview: 失败：${(e && e.message) || e}`)
  process.exit(1)
})
