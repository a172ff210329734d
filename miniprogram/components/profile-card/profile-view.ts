/** What the profile card shows, derived from the store: plain data for the template. */
import type { Store } from '../../stores/types'

/** WeChat emptied the nickname field: its own check refused what was typed. */
export const WECHAT_REFUSED_NAME = '微信检测到这个昵称不合适，已清空，请换一个'

/** The line under the nickname: what is going on with my profile right now. */
export function profileHint(store: Store): { text: string; tone: 'normal' | 'busy' | 'error' } {
  const { avatar } = store.profile
  if (store.session.connection !== 'connected') return { text: '正在登录…', tone: 'normal' }
  switch (avatar.stage) {
    case 'preparing':
      return { text: '正在处理图片…', tone: 'busy' }
    case 'uploading':
      return { text: `头像上传中 ${avatar.progress}%`, tone: 'busy' }
    case 'checking':
      return { text: '头像审核中，通过后其他人才能看到', tone: 'busy' }
    case 'failed':
      return { text: avatar.error, tone: 'error' }
    default:
      return { text: '点击头像或昵称即可修改', tone: 'normal' }
  }
}

export function profileFields(store: Store): Record<string, () => unknown> {
  return {
    uid: () => store.session.me?.id ?? '',
    meName: () => store.session.me?.name ?? '',
    /** my own phone shows the picture being checked; everyone else sees me.avatar (the letter until it passed) */
    avatarSrc: () => store.profile.myAvatar,
    stage: () => store.profile.avatar.stage,
    progress: () => store.profile.avatar.progress,
    canRetry: () => store.profile.avatar.stage === 'failed' && store.profile.avatar.canRetry,
    hint: () => profileHint(store),
    connected: () => store.session.connection === 'connected',
  }
}
