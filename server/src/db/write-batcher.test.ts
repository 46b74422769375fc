import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WriteBatcher } from './write-batcher.js';

test('an item alone is written at once; items arriving during a write go together in the next, up to the limit', async () => {
  const writes: number[][] = [];
  let release!: () => void;
  const batcher = new WriteBatcher<number>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
  }, 3);
  const first = batcher.add(1);
  assert.deepEqual(writes, [[1]]);
  const later = [2, 3, 4, 5].map((n) => batcher.add(n));
  release();
  await Promise.all([first, ...later]);
  assert.deepEqual(writes, [[1], [2, 3, 4], [5]]);
});

test("a failed write rejects every caller of its batch and no other's", async () => {
  let fail = true;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const batcher = new WriteBatcher<string>(async (items) => {
    if (items.includes('a')) await gate;
    if (fail && items.includes('b')) throw new Error('database down');
  }, 10);
  const a = batcher.add('a');
  const b = batcher.add('b');
  const c = batcher.add('c');
  release();
  await a;
  await assert.rejects(b, /database down/);
  await assert.rejects(c, /database down/);
  fail = false;
  await batcher.add('b');
});
