import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '../../events/types.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { joinByInvitation } from '../../../test/members.js';

const server = await startTestServer();
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

test('workspace settings need a token: 401', async () => {
  assert.equal((await anon('GET', '/api/v1/workspace')).status, 401);
  assert.equal((await anon('PATCH', '/api/v1/workspace', { name: 'x' })).status, 401);
});

test('WS-1: everyone reads the settings; Owner and Manager change them; agents get 403', async () => {
  const owner = await signupWorkspace(server, 'Tienda Sol');
  const manager = client(server, (await joinByInvitation(server, owner.token, { role: 'manager' })).token);
  const agent = client(server, (await joinByInvitation(server, owner.token)).token);

  const read = await agent('GET', '/api/v1/workspace');
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, { id: owner.workspaceId, name: 'Tienda Sol', timezone: 'UTC', language: 'en' });

  const denied = await agent('PATCH', '/api/v1/workspace', { name: 'Mine' });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');

  const before = events.length;
  const res = await manager('PATCH', '/api/v1/workspace', { name: 'Tienda Luna', timezone: 'america/sao_paulo', language: 'pt-BR' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { id: owner.workspaceId, name: 'Tienda Luna', timezone: 'America/Sao_Paulo', language: 'pt-BR' });
  const event = events.slice(before).find((e) => e.type === 'workspace.updated');
  assert.deepEqual(event?.audience, { kind: 'workspace' });
  assert.deepEqual(event?.payload.workspace, res.body);

  assert.deepEqual((await client(server, owner.token)('PATCH', '/api/v1/workspace', { language: 'es' })).body.language, 'es');
  assert.deepEqual((await agent('GET', '/api/v1/workspace')).body.name, 'Tienda Luna');
  assert.equal((await manager('PATCH', '/api/v1/workspace', {})).body.name, 'Tienda Luna');
});

test('invalid settings: 422 with details, nothing changes; workspaces are walled', async () => {
  const owner = await signupWorkspace(server, 'Walled');
  const other = await signupWorkspace(server, 'Other');
  const api = client(server, owner.token);
  const bad = await api('PATCH', '/api/v1/workspace', { name: '', timezone: 'Mars/Olympus_Mons', language: 'fr' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['body.language', 'body.name', 'body.timezone']);
  assert.match(bad.body.error.details.find((d: { path: string }) => d.path === 'body.timezone').message, /IANA/);
  assert.equal((await api('PATCH', '/api/v1/workspace', { timezone: '+03:00' })).status, 422);
  assert.equal((await api('GET', '/api/v1/workspace')).body.timezone, 'UTC');

  await api('PATCH', '/api/v1/workspace', { name: 'Renamed' });
  assert.equal((await client(server, other.token)('GET', '/api/v1/workspace')).body.name, 'Other');
});
