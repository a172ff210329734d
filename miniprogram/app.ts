App<IAppOption>({
  globalData: {},
})
