export { FakeRongCloudServer } from './fake-server'
export type { Features, FakeChatroom } from './fake-server'
export { FakeImLib, actualSdk } from './fake-client'
