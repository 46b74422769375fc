import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { storedEvent } from './test-support.js';
import { WorkspaceFeed, type FeedOptions } from './workspace-feed.js';

const log = pino({ level: 'silent' });

const event = storedEvent;

/** A committed log of `count` events after `startSeq`, and a feed reading it; `reads` records every outbox read. */
async function feedOver(startSeq: number, count: number, options: Partial<FeedOptions> = {}) {
  const committed = Array.from({ length: startSeq + count }, (_, i) => event(i + 1));
  const reads: { afterSeq: number; limit: number }[] = [];
  const outbox = {
    async after(afterSeq: number, limit: number) {
      reads.push({ afterSeq, limit });
      return committed.filter((e) => e.seq > afterSeq).slice(0, limit);
    },
    currentSeq: async () => startSeq,
  };
  const passed: number[] = [];
  let onPassed = () => {};
  const feed = new WorkspaceFeed(outbox, (e) => (passed.push(e.seq), onPassed()), log, {
    holeWaitMs: 20,
    maxBuffered: 1000,
    pageSize: 500,
    ...options,
  });
  await feed.ready;
  const passedUpTo = (seq: number) =>
    new Promise<void>((resolve) => {
      onPassed = () => passed.at(-1)! >= seq && resolve();
      onPassed();
    });
  return { feed, committed, reads, passed, passedUpTo };
}

test('events received out of order are passed on in seq order without reading the outbox', async () => {
  const { feed, committed, reads, passed } = await feedOver(10, 5);
  for (const seq of [13, 15, 11, 14, 12]) feed.receive(committed[seq - 1]!);
  assert.deepEqual(passed, [11, 12, 13, 14, 15]);
  assert.deepEqual(reads, []);
  feed.close();
});

test('events at or before the start, or already passed on, are ignored', async () => {
  const { feed, committed, passed } = await feedOver(10, 2);
  for (const seq of [9, 10, 11, 11, 12, 12]) feed.receive(committed[seq - 1]!);
  assert.deepEqual(passed, [11, 12]);
  feed.close();
});

test('a hole that stays open is read from the outbox, then the held events follow', async () => {
  const { feed, committed, reads, passed, passedUpTo } = await feedOver(0, 4);
  feed.receive(committed[2]!);
  feed.receive(committed[3]!);
  assert.deepEqual(passed, []);
  await passedUpTo(4);
  assert.deepEqual(passed, [1, 2, 3, 4]);
  assert.deepEqual(reads, [{ afterSeq: 0, limit: 4 }]);
  feed.close();
});

test('a full buffer is dropped and read from the outbox at once, in pages', async () => {
  const { feed, committed, reads, passed, passedUpTo } = await feedOver(0, 30, { holeWaitMs: 60_000, maxBuffered: 5, pageSize: 8 });
  for (const e of committed.slice(1)) feed.receive(e); // seq 1 never arrives
  await passedUpTo(30);
  assert.deepEqual(passed, committed.map((e) => e.seq));
  assert.ok(reads.length >= 4 && reads.every((r) => r.limit <= 8), JSON.stringify(reads));
  feed.close();
});

test('events received before the start position is known are held, then trimmed to it', async () => {
  const committed = [1, 2, 3, 4].map(event);
  let release = (_seq: number) => {};
  const outbox = { after: async () => [], currentSeq: () => new Promise<number>((resolve) => (release = resolve)) };
  const passed: number[] = [];
  const feed = new WorkspaceFeed(outbox, (e) => passed.push(e.seq), log);
  feed.receive(committed[3]!);
  feed.receive(committed[1]!);
  feed.receive(committed[2]!);
  release(2);
  await feed.ready;
  assert.deepEqual(passed, [3, 4]);
  feed.close();
});
