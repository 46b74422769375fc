import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '../../../events/types.js';
import { client, signupWorkspace, startTestServer } from '../../../../test/harness.js';
import { joinByInvitation } from '../../../../test/members.js';

const server = await startTestServer();
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

const names = (items: { name: string }[]) => items.map((c) => c.name);

test('closing-category routes need a token: 401', async () => {
  for (const [method, url] of [
    ['GET', '/api/v1/closing-categories'],
    ['POST', '/api/v1/closing-categories'],
    ['PATCH', '/api/v1/closing-categories/1'],
    ['DELETE', '/api/v1/closing-categories/1'],
  ] as const) {
    assert.equal((await anon(method, url, method === 'POST' || method === 'PATCH' ? { name: 'x' } : undefined)).status, 401, `${method} ${url}`);
  }
});

test('IN-9: a workspace starts with categories in its language; everyone reads them in order', async () => {
  const owner = await signupWorkspace(server);
  const es = await anon('POST', '/api/v1/auth/signup', {
    workspaceName: 'Tienda',
    name: 'Ana',
    email: `es.${Date.now()}@example.test`,
    password: 'secret-pass-1',
    language: 'es',
  });
  const agent = client(server, (await joinByInvitation(server, owner.token)).token);
  const res = await agent('GET', '/api/v1/closing-categories');
  assert.equal(res.status, 200);
  assert.deepEqual(names(res.body.items), ['Resolved', 'Sale won', 'Sale lost', 'Spam', 'No response']);
  assert.deepEqual(Object.keys(res.body.items[0]).sort(), ['id', 'name', 'position']);
  assert.equal((await client(server, es.body.token)('GET', '/api/v1/closing-categories')).body.items[0].name, 'Resuelto');
});

test('Owner/Manager add, rename, move and delete categories; positions stay 0..n-1; each change sends the whole list', async () => {
  const owner = await signupWorkspace(server);
  const manager = client(server, (await joinByInvitation(server, owner.token, { role: 'manager' })).token);

  const before = events.length;
  const created = await manager('POST', '/api/v1/closing-categories', { name: 'Wrong number' });
  assert.equal(created.status, 201);
  assert.deepEqual({ name: created.body.name, position: created.body.position }, { name: 'Wrong number', position: 5 });
  const event = events.slice(before).find((e) => e.type === 'closing_categories.updated');
  assert.deepEqual(event?.audience, { kind: 'workspace' });
  assert.equal((event?.payload.items as unknown[]).length, 6);

  const first = await manager('POST', '/api/v1/closing-categories', { name: 'Urgent', position: 0 });
  assert.equal(first.body.position, 0);
  const moved = await manager('PATCH', `/api/v1/closing-categories/${created.body.id}`, { name: 'Wrong contact', position: 1 });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.body, { id: created.body.id, name: 'Wrong contact', position: 1 });
  const list = (await manager('GET', '/api/v1/closing-categories')).body.items;
  assert.deepEqual(names(list), ['Urgent', 'Wrong contact', 'Resolved', 'Sale won', 'Sale lost', 'Spam', 'No response']);
  assert.deepEqual(list.map((c: { position: number }) => c.position), [0, 1, 2, 3, 4, 5, 6]);

  const last = await manager('PATCH', `/api/v1/closing-categories/${first.body.id}`, { position: 99 });
  assert.equal(last.body.position, 6, 'past the end means last');
  assert.equal((await manager('DELETE', `/api/v1/closing-categories/${created.body.id}`)).status, 204);
  const after = (await manager('GET', '/api/v1/closing-categories')).body.items;
  assert.deepEqual(names(after), ['Resolved', 'Sale won', 'Sale lost', 'Spam', 'No response', 'Urgent']);
  assert.deepEqual(after.map((c: { position: number }) => c.position), [0, 1, 2, 3, 4, 5]);
  assert.equal((await manager('DELETE', `/api/v1/closing-categories/${created.body.id}`)).status, 404);
});

test('agents cannot manage categories: 403; duplicates: 409; bad bodies: 422; other workspaces: 404', async () => {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  const agent = client(server, (await joinByInvitation(server, owner.token)).token);
  const spam = (await api('GET', '/api/v1/closing-categories')).body.items.find((c: { name: string }) => c.name === 'Spam');

  assert.equal((await agent('POST', '/api/v1/closing-categories', { name: 'Mine' })).status, 403);
  assert.equal((await agent('PATCH', `/api/v1/closing-categories/${spam.id}`, { name: 'Junk' })).status, 403);
  assert.equal((await agent('DELETE', `/api/v1/closing-categories/${spam.id}`)).status, 403);

  const dup = await api('POST', '/api/v1/closing-categories', { name: 'SPAM' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'name_taken');
  assert.equal((await api('PATCH', `/api/v1/closing-categories/${spam.id}`, { name: 'resolved' })).status, 409);

  const bad = await api('POST', '/api/v1/closing-categories', { name: '', position: -1 });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['body.name', 'body.position']);
  assert.equal((await api('PATCH', `/api/v1/closing-categories/${spam.id}`, { position: 1.5 })).status, 422);

  const other = client(server, (await signupWorkspace(server)).token);
  assert.equal((await other('PATCH', `/api/v1/closing-categories/${spam.id}`, { name: 'Taken over' })).status, 404);
  assert.equal((await other('DELETE', `/api/v1/closing-categories/${spam.id}`)).status, 404);
  assert.ok(names((await api('GET', '/api/v1/closing-categories')).body.items).includes('Spam'));
});
