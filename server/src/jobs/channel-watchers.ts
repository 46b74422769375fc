import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendError, type ChannelRow } from '../channels/types.js';
import type { Context } from '../context.js';
import { markDisconnected } from '../domain/channels/channels.service.js';
import * as leases from '../domain/channels/watches.repo.js';
import { isRecorded, LeaseLostError, recordWatched } from '../domain/channels/watches.service.js';

export type WatcherTiming = {
  /** How long a lease lasts without renewal: another node takes a mailbox over this long after its holder died. */
  leaseMs: number;
  /** How often leases are renewed and the list of channels is read again. */
  renewMs: number;
  /** Reconnection back-off: doubles from `firstRetryMs` up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
};

const DEFAULT_TIMING: WatcherTiming = { leaseMs: 30_000, renewMs: 10_000, firstRetryMs: 1_000, maxRetryMs: 5 * 60_000 };
/** A connection that lasted this long was healthy: the next failure starts the back-off again. */
const HEALTHY_MS = 60_000;

export type ChannelWatchers = {
  /** The channels this node reads now. */
  active(): number[];
  /** Stops every reading, waits for them to end and gives the leases up. */
  stop(): Promise<void>;
};

type Running = { channel: ChannelRow; config: string; abort: AbortController; done: Promise<void> };

/**
 * Reads the channels whose adapter has `watch` (email over IMAP) on worker nodes. Each channel is read by one node at
 * a time: the node holding its lease (`channel_watches`), renewed every `renewMs`. A lost connection is reopened with
 * exponential back-off; refused credentials disconnect the channel (CH-6) until an admin replaces them; a changed
 * config reconnects; a removed channel stops. Channel events on the bus make a node look again at once.
 */
export function startChannelWatchers(ctx: Context, timing: Partial<WatcherTiming> = {}): ChannelWatchers {
  const t = { ...DEFAULT_TIMING, ...timing };
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const running = new Map<number, Running>();
  const types = ctx.channels.types().filter((type) => ctx.channels.get(type).watch);
  if (types.length === 0) return { active: () => [], stop: async () => {} };
  let stopped = false;
  let ticking: Promise<void> | undefined;
  let again = false;

  const tick = async () => {
    const channels = stopped ? [] : await leases.listWatchable(ctx.db, types);
    const wanted = new Set<number>();
    for (const channel of channels) {
      if (stopped) break;
      if (!(await leases.claimLease(ctx.db, channel.id, holder, t.leaseMs))) continue;
      wanted.add(channel.id);
      const current = running.get(channel.id);
      const config = JSON.stringify(channel.config);
      if (current && current.config === config) continue;
      // New settings: reconnect with them, keeping the lease.
      if (current) await end(current, { release: false });
      start(channel, config);
    }
    for (const current of [...running.values()]) {
      if (!wanted.has(current.channel.id)) await end(current, { release: true });
    }
  };

  // One look at a time; a request during a look makes one more after it.
  const look = () => {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = tick()
      .catch((err: Error) => ctx.log.error({ err }, 'channel watchers: could not read channels or leases'))
      .finally(() => {
        ticking = undefined;
        if (again && !stopped) {
          again = false;
          void look();
        }
      });
    return ticking;
  };

  const start = (channel: ChannelRow, config: string) => {
    const abort = new AbortController();
    const entry: Running = { channel, config, abort, done: Promise.resolve() };
    entry.done = read(channel, abort.signal)
      .catch((err: Error) => ctx.log.error({ err, channelId: channel.id }, 'channel watcher stopped'))
      // A reading that ended by itself (lease lost, credentials refused) is started again by a later look, if wanted.
      .finally(() => {
        if (running.get(channel.id) === entry) running.delete(channel.id);
      });
    running.set(channel.id, entry);
  };

  const end = async (entry: Running, { release }: { release: boolean }) => {
    running.delete(entry.channel.id);
    entry.abort.abort();
    await entry.done;
    if (release) await leases.releaseLease(ctx.db, entry.channel.id, holder).catch(() => {});
  };

  const read = async (channel: ChannelRow, signal: AbortSignal) => {
    const adapter = ctx.channels.get(channel.type);
    let failures = 0;
    while (!signal.aborted) {
      const startedAt = Date.now();
      try {
        await adapter.watch!(
          channel,
          {
            cursor: await leases.readCursor(ctx.db, channel.id),
            deliver: (batch) => recordWatched(ctx, channel, holder, batch),
            known: (externalId) => isRecorded(ctx, channel.id, externalId),
            storeFile: (bytes) => ctx.files.put(channel.workspaceId, bytes),
          },
          signal,
        );
        if (signal.aborted) return;
        ctx.log.warn({ channelId: channel.id }, 'channel connection ended; reconnecting');
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof LeaseLostError) return void look();
        if (err instanceof SendError && err.credentialsRejected) {
          ctx.log.warn({ channelId: channel.id, code: err.code }, err.message);
          await markDisconnected(ctx, channel.id, err.code);
          return void look();
        }
        ctx.log.warn({ err, channelId: channel.id }, 'channel connection failed; reconnecting');
      }
      if (Date.now() - startedAt >= HEALTHY_MS) failures = 0;
      const delay = Math.min(t.firstRetryMs * 2 ** failures, t.maxRetryMs);
      failures++;
      await sleep(delay * (0.8 + Math.random() * 0.4), undefined, { signal }).catch(() => {});
    }
  };

  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type.startsWith('channel.')) void look();
  });
  const timer = setInterval(() => void look(), t.renewMs);
  timer.unref();
  void look();

  return {
    active: () => [...running.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await ticking;
      await Promise.all([...running.values()].map((entry) => end(entry, { release: true })));
    },
  };
}
