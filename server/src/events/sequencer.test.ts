import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, isNull } from 'drizzle-orm';
import { signupWorkspace, startTestServer } from '../../test/harness.js';
import { events } from '../db/schema.js';
import { transact } from '../db/unit-of-work.js';
import { appendEvents, currentSeq } from './outbox.js';
import type { StoredEvent } from './types.js';

const server = await startTestServer();

async function workspaceListened() {
  const workspaceId = Number((await signupWorkspace(server)).workspaceId);
  const heard: StoredEvent[] = [];
  const unsubscribe = server.ctx.bus.subscribe((e) => e.workspaceId === workspaceId && heard.push(e));
  return { workspaceId, heard, start: await currentSeq(server.ctx.db, workspaceId), unsubscribe };
}

const label = (e: StoredEvent) => e.payload.label as string;
const draft = (workspaceId: number, text: string) => ({ workspaceId, type: 'test', audience: { kind: 'workspace' as const }, payload: { label: text } });

test('writers committing together: every event numbered once, without gaps, published before transact returns', async () => {
  const { workspaceId, heard, start, unsubscribe } = await workspaceListened();
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      transact(server.ctx, async (uow) => {
        uow.emit(draft(workspaceId, `${i}a`));
        uow.emit(draft(workspaceId, `${i}b`));
      }),
    ),
  );
  unsubscribe();
  assert.deepEqual(heard.map((e) => e.seq), Array.from({ length: 80 }, (_, i) => start + i + 1));
  assert.equal(await currentSeq(server.ctx.db, workspaceId), start + 80);
  // A transaction's events keep the order they were emitted in.
  const seqOf = new Map(heard.map((e) => [label(e), e.seq]));
  for (let i = 0; i < 40; i++) assert.ok(seqOf.get(`${i}a`)! < seqOf.get(`${i}b`)!);
  const unnumbered = await server.ctx.db.select({ id: events.id }).from(events).where(isNull(events.seq));
  assert.deepEqual(unnumbered, []);
});

test('events a node committed but never numbered (it stopped) are numbered and published by the sweep, after the earlier ones', async () => {
  const { workspaceId, heard, start, unsubscribe } = await workspaceListened();
  await server.ctx.db.transaction((tx) => appendEvents(tx, [draft(workspaceId, 'orphan 1'), draft(workspaceId, 'orphan 2')]));
  const stored = await server.ctx.db.select({ seq: events.seq }).from(events).where(eq(events.workspaceId, workspaceId));
  assert.ok(stored.some((e) => e.seq === null), 'left unnumbered');
  assert.equal(heard.length, 0);
  await server.ctx.sequencer.sweep();
  unsubscribe();
  assert.deepEqual(heard.map((e) => [e.seq, label(e)]), [
    [start + 1, 'orphan 1'],
    [start + 2, 'orphan 2'],
  ]);
});

test('a workspace with nothing pending costs no number and publishes nothing', async () => {
  const { workspaceId, heard, start, unsubscribe } = await workspaceListened();
  await server.ctx.sequencer.flush([workspaceId]);
  await transact(server.ctx, async () => {});
  unsubscribe();
  assert.deepEqual(heard, []);
  assert.equal(await currentSeq(server.ctx.db, workspaceId), start);
});
