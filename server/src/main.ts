/** `npm run server`: read the environment, refuse to start without it, serve, shut down cleanly. */
import { buildApp } from './app'
import { describeProblems, loadConfig } from './config'

const JANITOR_EVERY_MS = 60_000

async function main(): Promise<void> {
  const loaded = loadConfig(process.env)
  if (!loaded.ok) {
    process.stderr.write(describeProblems(loaded.problems) + '\n')
    process.exit(1)
  }
  const { config } = loaded
  const server = await buildApp({ config })
  const log = server.app.log
  await server.app.listen({ port: config.port, host: config.host })
  log.info({ publicKey: config.signingKey.publicKeyBase64url, rongcloud: config.rongcloud.apiUrls, wechat: config.wechat.apiUrl }, 'live-rooms server ready')
  if (server.context.avatars) log.info({ storage: server.context.avatars.store.description }, 'avatar uploads on')
  else log.warn('avatar uploads off: set PUBLIC_URL and WECHAT_PUSH_TOKEN (server/README.md, "Avatars")')

  server.context.lobby.ensure().catch((err) => log.warn({ err }, 'lobby chatroom not ready yet (retried when a room is listed)'))
  const janitor = setInterval(
    () => void server.janitor.runOnce().catch((err) => log.warn({ err }, 'janitor run failed')),
    JANITOR_EVERY_MS + Math.floor(Math.random() * 10_000),
  )
  janitor.unref()

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    clearInterval(janitor)
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err) => {
  process.stderr.write(`live-rooms server failed to start: ${err?.stack ?? err}\n`)
  process.exit(1)
})
