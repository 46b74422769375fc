import type { Logger } from 'pino';
import type { ChannelRegistry } from './channels/registry.js';
import type { Config } from './config/config.js';
import type { Database, Db } from './db/client.js';
import type { EventBus } from './events/bus.js';
import type { Sequencer } from './events/sequencer.js';
import type { JobQueue } from './jobs/queue.js';
import type { Mailer } from './mail/mailer.js';
import type { FileStore } from './storage/files.js';

/** Everything a service needs, built once at start-up (and once per test). */
export type Context = {
  config: Config;
  database: Database;
  db: Db;
  bus: EventBus;
  sequencer: Sequencer;
  jobs: JobQueue;
  channels: ChannelRegistry;
  files: FileStore;
  mailer: Mailer;
  log: Logger;
};
