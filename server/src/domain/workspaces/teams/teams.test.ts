import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '../../../events/types.js';
import { client, signupWorkspace, startTestServer } from '../../../../test/harness.js';
import { joinByInvitation } from '../../../../test/members.js';

const server = await startTestServer();
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

async function staff() {
  const owner = await signupWorkspace(server);
  const manager = await joinByInvitation(server, owner.token, { role: 'manager' });
  const agent = await joinByInvitation(server, owner.token, { role: 'agent', visibility: 'team' });
  return { owner, asOwner: client(server, owner.token), manager, asManager: client(server, manager.token), agent, asAgent: client(server, agent.token) };
}

test('team routes need a token: 401', async () => {
  for (const [method, url] of [
    ['GET', '/api/v1/teams'],
    ['POST', '/api/v1/teams'],
    ['PATCH', '/api/v1/teams/1'],
    ['DELETE', '/api/v1/teams/1'],
  ] as const) {
    assert.equal((await anon(method, url, method === 'POST' || method === 'PATCH' ? { name: 'x' } : undefined)).status, 401, `${method} ${url}`);
  }
});

test('WS-4: a Manager creates a team with members; everyone lists it; members see it in their scope', async () => {
  const { asManager, asAgent, agent, manager } = await staff();
  const before = events.length;
  const created = await asManager('POST', '/api/v1/teams', { name: 'Sales', memberIds: [agent.id, manager.id] });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.body).sort(), ['id', 'memberIds', 'name']);
  assert.equal(created.body.name, 'Sales');
  assert.deepEqual([...created.body.memberIds].sort(), [agent.id, manager.id].sort());

  const listed = await asAgent('GET', '/api/v1/teams');
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.items, [created.body]);
  assert.deepEqual((await asAgent('GET', '/api/v1/auth/me')).body.actor.teamIds, [created.body.id]);

  const emitted = events.slice(before);
  assert.ok(emitted.some((e) => e.type === 'team.updated' && (e.payload.team as { id: string }).id === created.body.id));
  const usersUpdated = emitted.filter((e) => e.type === 'user.updated').map((e) => (e.payload.user as { id: string }).id);
  assert.deepEqual(usersUpdated.sort(), [agent.id, manager.id].sort());
  assert.deepEqual((await asManager('POST', '/api/v1/teams', { name: 'Empty' })).body.memberIds, []);
});

test('agents cannot create, edit or delete teams: 403', async () => {
  const { asAgent, asOwner } = await staff();
  const team = (await asOwner('POST', '/api/v1/teams', { name: 'Support', memberIds: [] })).body;
  assert.equal((await asAgent('POST', '/api/v1/teams', { name: 'Mine', memberIds: [] })).status, 403);
  assert.equal((await asAgent('PATCH', `/api/v1/teams/${team.id}`, { name: 'Renamed' })).status, 403);
  const del = await asAgent('DELETE', `/api/v1/teams/${team.id}`);
  assert.equal(del.status, 403);
  assert.equal(del.body.error.code, 'forbidden');
});

test('renaming and replacing members; a duplicate name (any case) is 409 name_taken', async () => {
  const { asOwner, agent, manager } = await staff();
  const sales = (await asOwner('POST', '/api/v1/teams', { name: 'Sales', memberIds: [agent.id] })).body;
  await asOwner('POST', '/api/v1/teams', { name: 'Support', memberIds: [] });

  const dup = await asOwner('POST', '/api/v1/teams', { name: 'sales', memberIds: [] });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'name_taken');
  assert.equal((await asOwner('PATCH', `/api/v1/teams/${sales.id}`, { name: 'SUPPORT' })).status, 409);

  const before = events.length;
  const res = await asOwner('PATCH', `/api/v1/teams/${sales.id}`, { name: 'SALES', memberIds: [manager.id] });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { id: sales.id, name: 'SALES', memberIds: [manager.id] });
  const changedUsers = events.slice(before).filter((e) => e.type === 'user.updated').map((e) => (e.payload.user as { id: string }).id);
  assert.deepEqual(changedUsers.sort(), [agent.id, manager.id].sort());
  assert.deepEqual((await client(server, agent.token)('GET', '/api/v1/auth/me')).body.actor.teamIds, []);
});

test('deleting a team: 204, members leave it, clients are told', async () => {
  const { asManager, agent } = await staff();
  const team = (await asManager('POST', '/api/v1/teams', { name: 'Night shift', memberIds: [agent.id] })).body;
  const before = events.length;
  assert.equal((await asManager('DELETE', `/api/v1/teams/${team.id}`)).status, 204);
  assert.deepEqual((await asManager('GET', '/api/v1/teams')).body.items, []);
  assert.deepEqual((await client(server, agent.token)('GET', '/api/v1/auth/me')).body.actor.teamIds, []);
  const emitted = events.slice(before);
  assert.ok(emitted.some((e) => e.type === 'team.updated' && e.payload.teamId === team.id && e.payload.deleted === true));
  assert.ok(emitted.some((e) => e.type === 'user.updated' && (e.payload.user as { id: string }).id === agent.id));
  assert.equal((await asManager('DELETE', `/api/v1/teams/${team.id}`)).status, 404);
});

test("another workspace's teams and users: 404 and 422", async () => {
  const mine = await staff();
  const theirs = await staff();
  const theirTeam = (await theirs.asOwner('POST', '/api/v1/teams', { name: 'Theirs', memberIds: [] })).body;
  assert.equal((await mine.asOwner('PATCH', `/api/v1/teams/${theirTeam.id}`, { name: 'Mine now' })).status, 404);
  assert.equal((await mine.asOwner('DELETE', `/api/v1/teams/${theirTeam.id}`)).status, 404);
  assert.equal((await mine.asOwner('PATCH', '/api/v1/teams/x1', { name: 'x' })).status, 404);
  assert.deepEqual((await theirs.asOwner('GET', '/api/v1/teams')).body.items, [theirTeam]);

  const foreignMember = await mine.asOwner('POST', '/api/v1/teams', { name: 'Mixed', memberIds: [mine.agent.id, theirs.agent.id] });
  assert.equal(foreignMember.status, 422);
  assert.deepEqual(foreignMember.body.error.details, [{ path: 'body.memberIds.1', message: 'is not a user of this workspace' }]);
  assert.deepEqual((await mine.asOwner('GET', '/api/v1/teams')).body.items, [], 'nothing was created');
});

test('bad team bodies: 422 with details', async () => {
  const { asOwner } = await staff();
  const bad = await asOwner('POST', '/api/v1/teams', { name: '  ', memberIds: 'everyone' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['body.memberIds', 'body.name']);
  const team = (await asOwner('POST', '/api/v1/teams', { name: 'Ok', memberIds: [] })).body;
  const badPatch = await asOwner('PATCH', `/api/v1/teams/${team.id}`, { name: 'x'.repeat(101) });
  assert.equal(badPatch.status, 422);
  assert.equal(badPatch.body.error.details[0].path, 'body.name');
});
