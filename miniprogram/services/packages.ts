/**
 * The services' code lives in two async subpackages (app.json `subPackages`): services/rongcloud
 * (our adapters and the RongCloud SDKs, ~1.1 MB: only with an AppKey) and services/demo (the demo
 * network: only without one). A first-time visitor downloads the main package, sees the lobby,
 * and meanwhile WeChat downloads the one subpackage the mode needs.
 *
 * WeChat's rules for this (分包异步化, developers.weixin.qq.com/miniprogram/dev/framework/subpackages/async.html,
 * base library ≥ 2.11.2): code in one package may reach another package's JS only through
 * `require(path, onLoaded, onError)` or `require.async(path)`, with a path relative to the calling
 * file; a plain `require` across packages throws. A failed download rejects with `{ mod, errMsg }`.
 */
import { AppError } from '../core/errors'
import type * as DemoPackage from './demo/index'
import type * as RongCloudPackage from './rongcloud/index'

export type { DemoPackage, RongCloudPackage }

/** Loads each subpackage's entry module; resolves when downloaded, rejects AppError NETWORK. */
export interface ServicePackages {
  rongcloud(): Promise<typeof RongCloudPackage>
  demo(): Promise<typeof DemoPackage>
}

/** What a person reads when a subpackage could not be downloaded (the lobby offers 重试). */
export const PACKAGE_LOAD_FAILED = '连接组件下载失败，请检查网络后重试'

/** Turns require.async's failure ({ mod, errMsg }) into an AppError a person can read. */
export function packageLoadError(reason: unknown): AppError {
  const error = new AppError('NETWORK', PACKAGE_LOAD_FAILED)
  const detail = reason && typeof reason === 'object' ? (reason as { errMsg?: unknown; mod?: unknown }) : null
  if (detail && (detail.errMsg || detail.mod)) console.warn(`subpackage ${String(detail.mod)}: ${String(detail.errMsg)}`)
  return error
}

/** Settles a require.async; an old base library without it fails the same visible way. */
function settle<T>(start: () => Promise<unknown>): Promise<T> {
  return new Promise<unknown>((resolve) => resolve(start())).then(
    (module) => module as T,
    (reason: unknown) => {
      throw packageLoadError(reason)
    },
  )
}

/**
 * The app's loaders, through WeChat's require.async. Each path is a literal at its call: the build
 * check (scripts/check-build.js) and miniprogram-ci's dependency analysis (which keeps a file in
 * the upload only when something requires it) read it from the compiled code. Tests use their own
 * loaders (plain require under jest).
 */
export const wechatPackages: ServicePackages = {
  rongcloud: () => settle(() => require.async('./rongcloud/index.js')),
  demo: () => settle(() => require.async('./demo/index.js')),
}
