import PgBoss from 'pg-boss';
import type { Database, Executor } from '../db/client.js';
import { sqlExecutorFor } from '../db/client.js';

/** Queues, highest priority first in the order workers are started (P1, ARCHITECTURE "queues have priorities"). */
export const queues = {
  inbound: 'inbound',
  inboundParts: 'inbound-parts',
  outbound: 'outbound',
  mediaFetch: 'media-fetch',
  contactProfile: 'contact-profile',
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
    await this.enqueueAll(tx, name, [data], options);
  }

  /** Enqueue many jobs of one queue inside `tx`, in one statement (pg-boss `insert`). */
  async enqueueAll(tx: Executor, name: QueueName, data: object[], options: JobOptions = {}): Promise<void> {
    await this.boss.insert(data.map((d) => ({ name, data: d, ...options })), { db: sqlExecutorFor(tx) } as PgBoss.InsertOptions);
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

  /**
   * Takes up to `batchSize` jobs at a time; `handler` returns each job's failure (or undefined), and only the failed
   * ones are retried, each with its own back-off.
   */
  async workBatch<T extends object>(name: QueueName, batchSize: number, handler: (runs: JobRun<T>[]) => Promise<(Error | undefined)[]>): Promise<void> {
    const id = await this.boss.work<T>(name, { pollingIntervalSeconds: 0.5, batchSize, includeMetadata: true }, async (jobs) => {
      const failures = await handler(jobs.map((job) => ({ data: job.data, lastAttempt: job.retryCount >= job.retryLimit })));
      for (const [i, failure] of failures.entries()) {
        // A failed job leaves the active state here, so pg-boss completes only the others when this returns.
        if (failure) await this.boss.fail(name, jobs[i]!.id, { message: failure.message });
      }
      this.nudge(name);
    });
    this.workers.set(name, id);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000 } as PgBoss.StopOptions);
  }
}
