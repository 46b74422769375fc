import PgBoss from 'pg-boss';
import type { Database, Executor } from '../db/client.js';
import { sqlExecutorFor } from '../db/client.js';

/** Queues, highest priority first in the order workers are started (P1, ARCHITECTURE "queues have priorities"). */
export const queues = {
  inbound: 'inbound',
  outbound: 'outbound',
  mediaFetch: 'media-fetch',
  providerRead: 'provider-read',
  messageDelete: 'message-delete',
  snoozeWake: 'snooze-wake',
} as const;
export type QueueName = (typeof queues)[keyof typeof queues];

export type JobOptions = { startAfter?: Date; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean };
/** What a handler knows of its job: the data, and whether a failure now is the last try. */
export type JobRun<T> = { data: T; lastAttempt: boolean };

/** pg-boss on the product's own database, in both modes: jobs are written in the caller's transaction. */
export class JobQueue {
  private readonly workers = new Map<QueueName, string>();
  private constructor(private readonly boss: PgBoss) {}

  static async start(database: Database, onError: (err: Error) => void): Promise<JobQueue> {
    const boss = new PgBoss({ ...database.jobs, schema: 'pgboss', supervise: true, migrate: true } as PgBoss.ConstructorOptions);
    boss.on('error', onError);
    await boss.start();
    for (const name of Object.values(queues)) await boss.createQueue(name);
    return new JobQueue(boss);
  }

  /** Enqueue inside `tx`: the job exists only if the transaction commits. */
  async enqueue(tx: Executor, name: QueueName, data: object, options: JobOptions = {}): Promise<void> {
    await this.boss.send(name, data, { ...options, db: sqlExecutorFor(tx) } as PgBoss.SendOptions);
  }

  /** Wakes this node's worker for `name` now instead of at its next poll. */
  nudge(name: QueueName): void {
    const id = this.workers.get(name);
    if (id) this.boss.notifyWorker(id);
  }

  /** A handler that throws is retried by pg-boss with the job's back-off, up to its retry limit. */
  async work<T extends object>(name: QueueName, handler: (run: JobRun<T>) => Promise<void>): Promise<void> {
    const id = await this.boss.work<T>(name, { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true }, async (jobs) => {
      for (const job of jobs) await handler({ data: job.data, lastAttempt: job.retryCount >= job.retryLimit });
      // pg-boss sleeps a polling interval after every fetch, even one that found work (about 2 jobs/s per queue in
      // bench B1/B4); a fetch that found a job fetches again at once.
      this.nudge(name);
    });
    this.workers.set(name, id);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 } as PgBoss.StopOptions);
  }
}
