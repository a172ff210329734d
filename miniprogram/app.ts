import { createPermissions } from './platform/permissions'
import { installPrivacyListener } from './platform/privacy'
import { createScreen } from './platform/screen'
import { signInWithStoredProfile } from './platform/sign-in'
import { getStore, providePlatform } from './stores/current'

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // before any page can call a privacy API (avatar, nickname, camera)
    installPrivacyListener()
    // before the store is first made: camera/mic permission before going live, screen kept on
    providePlatform({ permissions: createPermissions(), screen: createScreen() })
    // in the background: the lobby renders now and shows the connection banner meanwhile
    signInWithStoredProfile(getStore())
  },
})
