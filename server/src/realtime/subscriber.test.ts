import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import type { Actor } from '../domain/visibility/actor.js';
import { storedEvent } from './test-support.js';
import { Subscriber, type RealtimeSocket } from './subscriber.js';

const owner: Actor = {
  kind: 'user',
  workspaceId: 1,
  userId: 1,
  role: 'owner',
  visibility: 'all',
  teamIds: [],
  teammateIds: [1],
  locale: 'en',
  tokenKey: 'user:1',
};

const event = storedEvent;

/**
 * A subscriber over a committed log of `committed` events whose outbox reads wait until `release()`, so a test
 * can pass live events on while a replay page is in flight.
 */
function gatedSubscriber(committed: number) {
  const log = Array.from({ length: committed }, (_, i) => event(i + 1));
  const feed = { delivered: committed };
  let open = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  let reads = 0;
  const received: string[] = [];
  let onReceived = () => {};
  const socket = {
    data: { actor: owner, token: 'cvs_test', acceptLanguage: undefined, lastSeq: undefined },
    emit: (name: string, body: { seq: number }) => (received.push(`${name}:${body.seq}`), onReceived()),
    disconnect: () => received.push('disconnect'),
  } as unknown as RealtimeSocket;
  const subscriber = new Subscriber(socket, {
    outbox: {
      async after(afterSeq, limit) {
        reads++;
        await gate;
        return log.filter((e) => e.seq > afterSeq).slice(0, limit);
      },
      currentSeq: async () => feed.delivered,
    },
    feed,
    reresolveActor: async () => owner,
    log: pino({ level: 'silent' }),
  });
  /** The feed passes on the next committed event. */
  const live = () => {
    const next = event(log.length + 1);
    log.push(next);
    feed.delivered = next.seq;
    subscriber.enqueue(next);
  };
  const release = () => {
    open();
    gate = new Promise<void>((resolve) => (open = resolve));
  };
  const until = (entry: string) =>
    new Promise<void>((resolve) => {
      onReceived = () => received.includes(entry) && resolve();
      onReceived();
    });
  return { subscriber, live, release, received, until, reads: () => reads };
}

const events = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `event:${from + i}`);

test('IN-17 events passed on while a replay page is read come once, after the replay and its ready', async () => {
  const s = gatedSubscriber(10);
  s.subscriber.start(2);
  s.live();
  s.live();
  s.release();
  await s.until('event:12');
  assert.deepEqual(s.received, [...events(3, 10), 'ready:10', 'event:11', 'event:12']);
  assert.equal(s.reads(), 1);
});

test('IN-17 without a backlog, ready comes first and only later events follow', async () => {
  const s = gatedSubscriber(10);
  s.live();
  s.subscriber.start(11);
  s.live();
  await s.until('event:12');
  assert.deepEqual(s.received, ['ready:11', 'event:12']);
  assert.equal(s.reads(), 0);
});

test('live events past the queue limit during a replay are dropped and read back from the outbox, in order', async () => {
  const s = gatedSubscriber(10);
  s.subscriber.start(0);
  for (let i = 0; i < 1500; i++) s.live();
  const releasing = setInterval(s.release, 1);
  await s.until('event:1510');
  clearInterval(releasing);
  const readyAt = s.received.findIndex((r) => r.startsWith('ready:'));
  assert.deepEqual(s.received.filter((r) => !r.startsWith('ready:')), events(1, 1510));
  assert.equal(s.received.filter((r) => r.startsWith('ready:')).length, 1);
  assert.equal(s.received[readyAt], `ready:${readyAt}`);
});
