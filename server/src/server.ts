import { pino, type Logger } from 'pino';
import { createChannelRegistry, type ChannelRegistry } from './channels/registry.js';
import type { Config } from './config/config.js';
import type { Context } from './context.js';
import { openDatabase, type Database } from './db/client.js';
import { LocalBus, RedisBus } from './events/bus.js';
import { buildApp, type App } from './http/app.js';
import { JobQueue } from './jobs/queue.js';
import { startWorkers } from './jobs/workers.js';
import { attachRealtime } from './realtime/realtime.js';
import { localFileStore } from './storage/files.js';

export type Conversa = { ctx: Context; app: App; close(): Promise<void> };

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
  const ctx: Context = { config, database, db: database.db, bus, jobs, channels: overrides.channels ?? createChannelRegistry(), files: localFileStore(config.dataDir), log };
  const app = await buildApp(ctx);
  const realtime = config.role === 'worker' ? undefined : attachRealtime(app.server, ctx);
  if (config.role !== 'web') await startWorkers(ctx);
  return {
    ctx,
    app,
    async close() {
      await realtime?.close();
      await app.close();
      await jobs.stop();
      await bus.close();
      if (!overrides.database) await database.close();
    },
  };
}
