import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabase } from '../../../test/harness.js';
import { idempotencyKeys, workspaces } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { requestHash, withIdempotency } from './idempotency.js';

const database = await testDatabase();
after(() => database.close());
const { db } = database;
const [workspace] = await db.insert(workspaces).values({ name: 'Idempotency' }).returning();
const request = (key: string, body: unknown) => ({ workspaceId: workspace!.id, scope: 'test.create', key, requestHash: requestHash(body) });

test('requestHash ignores key order and undefined members, not values', () => {
  assert.equal(requestHash({ a: 1, b: { c: [1, 2], d: 'x' } }), requestHash({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }));
  assert.notEqual(requestHash({ a: 1 }), requestHash({ a: '1' }));
  assert.notEqual(requestHash({ tags: [1, 2] }), requestHash({ tags: [2, 1] }));
});

test('a duplicate that arrives while the first is still in its transaction waits, then replays', async () => {
  let runs = 0;
  const attempt = (delayInside: number) =>
    db.transaction((tx) =>
      withIdempotency(tx, request('slow', { n: 1 }), async () => {
        runs++;
        await sleep(delayInside);
        return { id: String(runs) };
      }),
    );
  const first = attempt(300);
  await sleep(50);
  const second = attempt(0);
  assert.deepEqual(await first, { response: { id: '1' }, replayed: false });
  assert.deepEqual(await second, { response: { id: '1' }, replayed: true });
  assert.equal(runs, 1);
});

test('a rolled-back first attempt frees the key; a different request under a used key is refused', async () => {
  await assert.rejects(
    db.transaction((tx) => withIdempotency(tx, request('retry', { n: 1 }), () => Promise.reject(new Error('boom')))),
    /boom/,
  );
  assert.equal((await db.select().from(idempotencyKeys)).filter((k) => k.key === 'retry').length, 0);
  const ok = await db.transaction((tx) => withIdempotency(tx, request('retry', { n: 1 }), async () => ({ ok: true })));
  assert.equal(ok.replayed, false);
  await assert.rejects(
    db.transaction((tx) => withIdempotency(tx, request('retry', { n: 2 }), async () => ({ ok: false }))),
    (err: AppError) => err.code === 'idempotency_key_reused',
  );
});
