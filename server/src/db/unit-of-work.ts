import type { Context } from '../context.js';
import { appendEvents } from '../events/outbox.js';
import type { EventDraft } from '../events/types.js';
import type { JobOptions, QueueName } from '../jobs/queue.js';
import type { Tx } from './client.js';

/** One transaction's worth of change: rows, the events they make, and the jobs they start. */
export type Uow = {
  tx: Tx;
  emit(draft: EventDraft): void;
  enqueue(queue: QueueName, data: object, options?: JobOptions): Promise<void>;
};

/**
 * Runs `fn` in a transaction; its events are appended to the outbox last (so the workspace sequence lock is
 * always the last lock taken) and published after commit, and the queues it used are nudged.
 */
export async function transact<T>(ctx: Context, fn: (uow: Uow) => Promise<T>): Promise<T> {
  const drafts: EventDraft[] = [];
  const nudged = new Set<QueueName>();
  const { result, stored } = await ctx.db.transaction(async (tx) => {
    const uow: Uow = {
      tx,
      emit: (draft) => void drafts.push(draft),
      enqueue: async (queue, data, options) => {
        nudged.add(queue);
        await ctx.jobs.enqueue(tx, queue, data, options);
      },
    };
    const result = await fn(uow);
    return { result, stored: await appendEvents(tx, drafts) };
  });
  await ctx.bus.publish(stored).catch((err) => ctx.log.error({ err }, 'event publish failed; clients catch up on resume'));
  for (const q of nudged) ctx.jobs.nudge(q);
  return result;
}
