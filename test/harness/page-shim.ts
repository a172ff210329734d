/**
 * Page() for miniprogram-simulate, which only knows Component() (loading a page there fails with
 * "Page is not defined"; node_modules/miniprogram-simulate/src/index.js defines Component and Behavior only):
 * functions on the options become methods (WXML handlers work), attached → onLoad(query) + onShow,
 * ready → onReady, detached → onUnload, and a getCurrentPages() stack of the attached pages.
 */
type AnyObj = Record<string, any>

let nextQuery: Record<string, string> = {}
const pageStack: AnyObj[] = []

/** The query the next attached page's onLoad receives. */
export function setNextPageQuery(query: Record<string, string>): void {
  nextQuery = query
}

export function currentPages(): AnyObj[] {
  return pageStack.slice()
}

export function installPageShim(): void {
  const g = globalThis as AnyObj
  g.getCurrentPages = () => pageStack.slice()
  g.Page = (options: AnyObj) => {
    const { data = {}, behaviors = [], options: componentOptions, ...rest } = options
    const methods: AnyObj = {}
    const fields: AnyObj = {}
    for (const [key, value] of Object.entries(rest)) {
      if (typeof value === 'function') methods[key] = value
      else fields[key] = value
    }
    return g.Component({
      data,
      behaviors,
      options: componentOptions,
      methods,
      lifetimes: {
        created(this: AnyObj) {
          Object.assign(this, JSON.parse(JSON.stringify(fields)))
        },
        attached(this: AnyObj) {
          pageStack.push(this)
          const query = nextQuery
          nextQuery = {}
          this.options = query
          this.onLoad?.(query)
          this.onShow?.()
        },
        ready(this: AnyObj) {
          this.onReady?.()
        },
        detached(this: AnyObj) {
          this.onUnload?.()
          const i = pageStack.indexOf(this)
          if (i >= 0) pageStack.splice(i, 1)
        },
      },
    })
  }
}
