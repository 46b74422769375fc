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
  /** Many jobs of one queue in one statement. */
  enqueueAll(queue: QueueName, data: object[], options?: JobOptions): Promise<void>;
};

/**
 * Runs `fn` in a transaction that also writes its events to the outbox; after the commit they are numbered and
 * published (before this returns), and the queues it used are nudged.
 */
export async function transact<T>(ctx: Context, fn: (uow: Uow) => Promise<T>): Promise<T> {
  const drafts: EventDraft[] = [];
  const nudged = new Set<QueueName>();
  const { result, written } = await ctx.db.transaction(async (tx) => {
    const uow: Uow = {
      tx,
      emit: (draft) => void drafts.push(draft),
      enqueue: (queue, data, options) => uow.enqueueAll(queue, [data], options),
      enqueueAll: async (queue, data, options) => {
        nudged.add(queue);
        await ctx.jobs.enqueueAll(tx, queue, data, options);
      },
    };
    const result = await fn(uow);
    return { result, written: await appendEvents(tx, drafts) };
  });
  await ctx.sequencer.flush(written);
  for (const q of nudged) ctx.jobs.nudge(q);
  return result;
}
