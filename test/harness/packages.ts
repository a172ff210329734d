/**
 * The services' subpackages as jest loads them: WeChat's require.async does not exist under node,
 * so tests hand the composition root (createAppStore / createServices) these loaders instead. Each
 * records what it loaded; a loader can be held (to see what shows while a download takes time) or
 * made to fail the way require.async does ({ mod, errMsg }).
 */
import * as demoPackage from '../../miniprogram/services/demo/index'
import { packageLoadError, type RongCloudPackage, type ServicePackages } from '../../miniprogram/services/packages'

type PackageName = keyof ServicePackages

export interface TestPackages extends ServicePackages {
  /** every load asked for, in order */
  readonly loads: PackageName[]
  /** the next load of `name` fails as a download would */
  failNext(name: PackageName): void
  /** loads of `name` wait until the returned function is called */
  hold(name: PackageName): () => void
  /** closes every demo network made from this loader's demo package (its simulated people too) */
  close(): void
}

export interface TestPackagesOptions {
  /** how long each download takes (the benches model a slow link), ms */
  downloadMs?: Partial<Record<PackageName, number>>
}

export function testPackages(rongcloud?: () => typeof RongCloudPackage, options: TestPackagesOptions = {}): TestPackages {
  const loads: PackageName[] = []
  const failing = new Set<PackageName>()
  const held = new Map<PackageName, Promise<void>>()
  const networks: ReturnType<typeof demoPackage.createDemoNetwork>[] = []
  const demo: typeof demoPackage = {
    ...demoPackage,
    createDemoNetwork: (options) => {
      const network = demoPackage.createDemoNetwork(options)
      networks.push(network)
      return network
    },
  }
  const load = async <T>(name: PackageName, module: () => T): Promise<T> => {
    loads.push(name)
    const downloadMs = options.downloadMs?.[name] ?? 0
    if (downloadMs > 0) await new Promise((resolve) => setTimeout(resolve, downloadMs))
    await held.get(name)
    if (failing.delete(name)) throw packageLoadError({ mod: `services/${name}/index.js`, errMsg: 'loadSubpackage:fail network error' })
    return module()
  }
  return {
    loads,
    failNext: (name) => void failing.add(name),
    hold: (name) => {
      let release = () => {}
      held.set(name, new Promise<void>((resolve) => (release = resolve)))
      return () => {
        held.delete(name)
        release()
      }
    },
    close: () => {
      for (const network of networks.splice(0)) network.close()
    },
    demo: () => load('demo', () => demo),
    rongcloud: () =>
      load('rongcloud', () => {
        if (!rongcloud) throw new Error('this test gave no RongCloud package')
        return rongcloud()
      }),
  }
}
