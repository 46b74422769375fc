import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiTokens } from '../../../db/schema.js';
import type { StoredEvent } from '../../../events/types.js';
import { client, signupWorkspace, startTestServer } from '../../../../test/harness.js';
import { joinByInvitation } from '../../../../test/members.js';

const server = await startTestServer();
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

test('api-token routes need a token: 401', async () => {
  for (const [method, url] of [
    ['POST', '/api/v1/api-tokens'],
    ['GET', '/api/v1/api-tokens'],
    ['DELETE', '/api/v1/api-tokens/1'],
  ] as const) {
    assert.equal((await anon(method, url, method === 'POST' ? { name: 'x' } : undefined)).status, 401, `${method} ${url}`);
  }
});

test('a Manager creates a token shown once; it authenticates as an integration; revoking it stops it at once', async () => {
  const owner = await signupWorkspace(server);
  const manager = await joinByInvitation(server, owner.token, { role: 'manager' });
  const api = client(server, manager.token);

  const created = await api('POST', '/api/v1/api-tokens', { name: 'Zapier' });
  assert.equal(created.status, 201);
  const { id, token, prefix, createdAt, name } = created.body;
  assert.match(token, /^cvk_/);
  assert.equal(name, 'Zapier');
  assert.ok(token.startsWith(prefix) && prefix.length === 12);
  assert.ok(!Number.isNaN(Date.parse(createdAt)));
  const [row] = await server.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, Number(id)));
  assert.ok(row && !JSON.stringify(row).includes(token.slice(12)), 'only the hash is stored');
  assert.ok(events.some((e) => e.type === 'api_token.created' && e.audience.kind === 'managers'));

  const integration = client(server, token);
  const me = await integration('GET', '/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.actor.kind, 'api');
  assert.equal(me.body.workspace.id, owner.workspaceId);

  const listed = await api('GET', '/api/v1/api-tokens');
  assert.equal(listed.status, 200);
  const item = listed.body.items.find((t: { id: string }) => t.id === id);
  assert.equal(item.token, undefined);
  assert.equal(item.prefix, prefix);
  assert.ok(item.lastUsedAt, 'use is recorded');

  assert.equal((await api('DELETE', `/api/v1/api-tokens/${id}`)).status, 204);
  assert.ok(events.some((e) => e.type === 'api_token.revoked' && e.payload.apiTokenId === id));
  const after = await integration('GET', '/api/v1/auth/me');
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'unauthenticated');
  assert.ok(!(await api('GET', '/api/v1/api-tokens')).body.items.some((t: { id: string }) => t.id === id));
  assert.equal((await api('DELETE', `/api/v1/api-tokens/${id}`)).status, 404);
});

test('agents, and API tokens themselves, cannot manage tokens: 403', async () => {
  const owner = await signupWorkspace(server);
  const agent = client(server, (await joinByInvitation(server, owner.token)).token);
  const created = (await client(server, owner.token)('POST', '/api/v1/api-tokens', { name: 'CRM sync' })).body;
  assert.equal((await agent('POST', '/api/v1/api-tokens', { name: 'Mine' })).status, 403);
  assert.equal((await agent('GET', '/api/v1/api-tokens')).status, 403);
  assert.equal((await agent('DELETE', `/api/v1/api-tokens/${created.id}`)).status, 403);
  const integration = client(server, created.token);
  assert.equal((await integration('POST', '/api/v1/api-tokens', { name: 'Spawn' })).status, 403);
  assert.equal((await integration('GET', '/api/v1/api-tokens')).status, 403);
  assert.equal((await integration('DELETE', `/api/v1/api-tokens/${created.id}`)).status, 403);
});

test("another workspace's token: 404, and it keeps working; bad bodies: 422", async () => {
  const mine = client(server, (await signupWorkspace(server)).token);
  const theirs = client(server, (await signupWorkspace(server)).token);
  const theirToken = (await theirs('POST', '/api/v1/api-tokens', { name: 'Theirs' })).body;
  const res = await mine('DELETE', `/api/v1/api-tokens/${theirToken.id}`);
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  assert.equal((await client(server, theirToken.token)('GET', '/api/v1/auth/me')).status, 200);
  assert.deepEqual((await mine('GET', '/api/v1/api-tokens')).body.items, []);

  const bad = await mine('POST', '/api/v1/api-tokens', { name: '' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.details[0].path, 'body.name');
  assert.equal((await mine('POST', '/api/v1/api-tokens', {})).status, 422);
});

test('a logged-out session gets 401 on admin routes', async () => {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  assert.equal((await api('POST', '/api/v1/auth/logout')).status, 204);
  assert.equal((await api('GET', '/api/v1/api-tokens')).status, 401);
  assert.equal((await api('POST', '/api/v1/api-tokens', { name: 'late' })).status, 401);
});
