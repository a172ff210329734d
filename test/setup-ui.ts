// Runs before each ui test file, before miniprogram-simulate is first required. simulate does
// `global.wx = Object.assign(stubs, global.wx)`, so what is set here wins over its stubs
// (its storage functions are no-ops; ours keep data like the real ones).
const storage = new Map<string, unknown>()
const g = globalThis as Record<string, unknown>
g.wx = {
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  removeStorageSync: (key: string) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
}
g.getApp = () => ({ globalData: {} })
