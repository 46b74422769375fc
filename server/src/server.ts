import { pino, type Logger } from 'pino';
import { createChannelRegistry, type ChannelRegistry } from './channels/registry.js';
import type { Config } from './config/config.js';
import type { Context } from './context.js';
import { openDatabase, type Database } from './db/client.js';
import { LocalBus, RedisBus } from './events/bus.js';
import { Sequencer } from './events/sequencer.js';
import { buildApp, type App } from './http/app.js';
import { JobQueue } from './jobs/queue.js';
import { startChannelWatchers, type ChannelWatchers } from './jobs/channel-watchers.js';
import { startWorkers } from './jobs/workers.js';
import { createMailer } from './mail/mailer.js';
import { attachRealtime } from './realtime/realtime.js';
import { localFileStore } from './storage/files.js';

/** `watchers`: the channels this node reads over a connection (email), on nodes that run workers. */
export type Conversa = { ctx: Context; app: App; watchers?: ChannelWatchers; close(): Promise<void> };

/**
 * Wires one node: database, bus, jobs, HTTP + websocket, and (unless `role` is web) the workers.
 * Tests pass their own database and channel registry.
 */
export async function createConversa(
  config: Config,
  overrides: { database?: Database; channels?: ChannelRegistry; log?: Logger } = {},
): Promise<Conversa> {
  const log = overrides.log ?? pino({ level: config.logLevel });
  const database = overrides.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const jobs = await JobQueue.start(database, (err) => log.error({ err }, 'job queue error'));
  const bus = config.redisUrl ? new RedisBus(config.redisUrl) : new LocalBus();
  const sequencer = new Sequencer(database.db, bus, log);
  sequencer.start();
  const ctx: Context = { config, database, db: database.db, bus, sequencer, jobs, channels: overrides.channels ?? createChannelRegistry(), files: localFileStore(config.dataDir), mailer: createMailer(config, log), log };
  const app = await buildApp(ctx);
  const realtime = config.role === 'worker' ? undefined : attachRealtime(app.server, ctx);
  if (config.role !== 'web') await startWorkers(ctx);
  const watchers = config.role === 'web' ? undefined : startChannelWatchers(ctx);
  return {
    ctx,
    app,
    watchers,
    async close() {
      await realtime?.close();
      await app.close();
      await watchers?.stop();
      await jobs.stop();
      await sequencer.stop();
      await bus.close();
      if (!overrides.database) await database.close();
    },
  };
}
