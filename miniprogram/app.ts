import { getStore, signInWithStoredProfile } from './composition-root'
import { installPrivacyListener } from './platform/privacy'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // before any page can call a privacy API (avatar, nickname, camera)
    installPrivacyListener()
    // in the background: the lobby renders now and shows the connection banner meanwhile
    signInWithStoredProfile(getStore())
  },
})
