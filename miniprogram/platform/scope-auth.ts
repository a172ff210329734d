/**
 * The steps every WeChat permission flow is made of (camera and microphone in permissions.ts, the
 * album in pages/room/platform/album.ts). wx.authorize prompts only the first time; after a refusal
 * it fails at once, and only the settings page (wx.openSetting, which WeChat allows from a tap, so
 * it is called straight from the modal's 去设置 callback) can grant it. Each flow decides the order;
 * these steps never throw, they answer.
 */

export interface Callbacks<T> {
  success?: (result: T) => void
  fail?: (error: { errMsg: string }) => void
}

/** Only the scopes a flow reads, so that WeChat's own AuthSetting type fits. */
export type AuthSetting<S extends string> = { readonly [K in S]?: boolean }

export interface SettingsModal {
  title: string
  content: string
  confirmText: string
  cancelText: string
}

/** The four wx functions the steps need, callback style as wx has them. */
export interface ScopeWx<S extends string> {
  getSetting(options: Callbacks<{ authSetting: AuthSetting<S> }>): void
  authorize(options: { scope: string } & Callbacks<unknown>): void
  showModal(options: SettingsModal & Callbacks<{ confirm: boolean }>): void
  openSetting(options: Callbacks<{ authSetting: AuthSetting<S> }>): void
}

export class ScopeAuth<S extends string> {
  constructor(private readonly api: ScopeWx<S>) {}

  /** The scopes as WeChat has them; no answer reads as never asked, so authorize decides. */
  getSetting(): Promise<AuthSetting<S>> {
    return new Promise((resolve) => {
      this.api.getSetting({ success: (r) => resolve(r.authSetting), fail: () => resolve({}) })
    })
  }

  /** true when granted (the system prompt, shown only while never answered). */
  authorize(scope: S): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.authorize({ scope, success: () => resolve(true), fail: () => resolve(false) })
    })
  }

  /** true when the person went to the settings page (whatever they chose there). */
  explainThenOpenSetting(modal: SettingsModal): Promise<boolean> {
    return new Promise((resolve) => {
      this.api.showModal({
        ...modal,
        success: ({ confirm }) => {
          if (!confirm) return resolve(false)
          this.api.openSetting({ success: () => resolve(true), fail: () => resolve(false) })
        },
        fail: () => resolve(false),
      })
    })
  }
}
