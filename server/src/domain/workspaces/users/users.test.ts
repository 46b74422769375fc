import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { contacts } from '../../../db/schema.js';
import type { StoredEvent } from '../../../events/types.js';
import { client, signupWorkspace, startTestServer } from '../../../../test/harness.js';
import { joinByInvitation } from '../../../../test/members.js';

const server = await startTestServer();
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

/** A workspace with an Owner, a Manager, an agent and a team. */
async function staff() {
  const owner = await signupWorkspace(server);
  const asOwner = client(server, owner.token);
  const teamId = (await asOwner('POST', '/api/v1/teams', { name: 'Sales', memberIds: [] })).body.id as string;
  const manager = await joinByInvitation(server, owner.token, { role: 'manager' });
  const agent = await joinByInvitation(server, owner.token, { role: 'agent', visibility: 'assigned' });
  return { owner, asOwner, teamId, manager, asManager: client(server, manager.token), agent, asAgent: client(server, agent.token) };
}

test('user routes need a token: 401', async () => {
  for (const [method, url] of [
    ['GET', '/api/v1/users'],
    ['PATCH', '/api/v1/users/1'],
    ['DELETE', '/api/v1/users/1'],
  ] as const) {
    const res = await anon(method, url, method === 'PATCH' ? { name: 'x' } : undefined);
    assert.equal(res.status, 401, `${method} ${url}`);
  }
});

test('everyone lists the workspace users with their teams; nobody else is listed', async () => {
  const { owner, agent, asAgent, asOwner, teamId } = await staff();
  await signupWorkspace(server, 'Elsewhere');
  await asOwner('PATCH', `/api/v1/users/${agent.id}`, { teamIds: [teamId] });
  const res = await asAgent('GET', '/api/v1/users');
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 3);
  const listed = res.body.items.find((u: { id: string }) => u.id === agent.id);
  assert.deepEqual(Object.keys(listed).sort(), ['avatarUrl', 'email', 'id', 'language', 'name', 'role', 'teamIds', 'visibility']);
  assert.deepEqual(
    { email: listed.email, role: listed.role, visibility: listed.visibility, teamIds: listed.teamIds },
    { email: agent.email, role: 'agent', visibility: 'assigned', teamIds: [teamId] },
  );
  assert.ok(res.body.items.some((u: { id: string; role: string }) => u.id === owner.userId && u.role === 'owner'));
});

test('a user edits their own name and language, not their role, visibility or teams, nor anyone else', async () => {
  const { agent, asAgent, manager, teamId } = await staff();
  const own = await asAgent('PATCH', `/api/v1/users/${agent.id}`, { name: 'Nia Souza', language: 'pt-BR' });
  assert.equal(own.status, 200);
  assert.equal(own.body.name, 'Nia Souza');
  assert.equal(own.body.language, 'pt-BR');
  assert.equal((await asAgent('PATCH', `/api/v1/users/${agent.id}`, { language: null })).body.language, null);
  for (const patch of [{ role: 'manager' }, { visibility: 'all' }, { teamIds: [teamId] }]) {
    const res = await asAgent('PATCH', `/api/v1/users/${agent.id}`, patch);
    assert.equal(res.status, 403, JSON.stringify(patch));
    assert.equal(res.body.error.code, 'forbidden');
  }
  assert.equal((await asAgent('PATCH', `/api/v1/users/${manager.id}`, { name: 'Boss' })).status, 403);
  assert.equal((await asAgent('DELETE', `/api/v1/users/${manager.id}`)).status, 403);
});

test("a Manager changes an agent's role, visibility and teams; the change is live and announced", async () => {
  const { agent, asManager, manager, teamId } = await staff();
  const before = events.length;
  const res = await asManager('PATCH', `/api/v1/users/${agent.id}`, { visibility: 'team', teamIds: [teamId, teamId] });
  assert.equal(res.status, 200);
  assert.deepEqual({ visibility: res.body.visibility, teamIds: res.body.teamIds }, { visibility: 'team', teamIds: [teamId] });
  const me = await client(server, agent.token)('GET', '/api/v1/auth/me');
  assert.deepEqual({ visibility: me.body.actor.visibility, teamIds: me.body.actor.teamIds }, { visibility: 'team', teamIds: [teamId] });

  const emitted = events.slice(before);
  const userEvent = emitted.find((e) => e.type === 'user.updated');
  assert.deepEqual(userEvent?.audience, { kind: 'workspace' });
  assert.equal((userEvent?.payload.user as { id: string }).id, agent.id);
  assert.deepEqual(userEvent?.payload.by, { kind: 'user', userId: manager.id });
  const teamEvent = emitted.find((e) => e.type === 'team.updated');
  assert.deepEqual(teamEvent?.payload.team, { id: teamId, name: 'Sales', memberIds: [agent.id] });

  const promoted = await asManager('PATCH', `/api/v1/users/${agent.id}`, { role: 'manager', teamIds: [] });
  assert.equal(promoted.status, 200);
  assert.deepEqual({ role: promoted.body.role, teamIds: promoted.body.teamIds }, { role: 'manager', teamIds: [] });
});

test('only an Owner makes, changes or removes an Owner', async () => {
  const { owner, asOwner, manager, asManager, agent } = await staff();
  assert.equal((await asManager('PATCH', `/api/v1/users/${agent.id}`, { role: 'owner' })).status, 403);
  assert.equal((await asManager('PATCH', `/api/v1/users/${manager.id}`, { role: 'owner' })).status, 403);
  assert.equal((await asManager('PATCH', `/api/v1/users/${owner.userId}`, { name: 'Renamed' })).status, 403);
  assert.equal((await asManager('PATCH', `/api/v1/users/${owner.userId}`, { role: 'agent' })).status, 403);
  assert.equal((await asManager('DELETE', `/api/v1/users/${owner.userId}`)).status, 403);

  const promoted = await asOwner('PATCH', `/api/v1/users/${manager.id}`, { role: 'owner' });
  assert.equal(promoted.status, 200);
  assert.equal(promoted.body.role, 'owner');
  // With a second Owner, the first may step down.
  const stepDown = await asOwner('PATCH', `/api/v1/users/${owner.userId}`, { role: 'manager' });
  assert.equal(stepDown.status, 200);
  assert.equal((await asOwner('GET', '/api/v1/auth/me')).body.actor.role, 'manager');
});

test('the last Owner cannot be demoted or deleted', async () => {
  const { owner, asOwner, asManager } = await staff();
  const demote = await client(server, owner.token, { 'accept-language': 'es' })('PATCH', `/api/v1/users/${owner.userId}`, { role: 'manager' });
  assert.equal(demote.status, 422);
  assert.equal(demote.body.error.code, 'last_owner');
  assert.match(demote.body.error.message, /Propietario/);
  const self = await asOwner('DELETE', `/api/v1/users/${owner.userId}`);
  assert.equal(self.status, 422);
  assert.equal(self.body.error.code, 'cannot_delete_self');
  assert.equal((await asManager('DELETE', `/api/v1/users/${owner.userId}`)).status, 403);
  assert.equal((await asOwner('GET', '/api/v1/auth/me')).body.actor.role, 'owner');
});

test('two Owners stepping down at once: one remains', async () => {
  const { owner, asOwner, manager } = await staff();
  await asOwner('PATCH', `/api/v1/users/${manager.id}`, { role: 'owner' });
  const results = await Promise.all(
    [owner, { userId: manager.id, token: manager.token }].map((o) =>
      client(server, o.token)('PATCH', `/api/v1/users/${o.userId}`, { role: 'manager' }),
    ),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 422]);
  const owners = (await asOwner('GET', '/api/v1/users')).body.items.filter((u: { role: string }) => u.role === 'owner');
  assert.equal(owners.length, 1);
});

test('deleting a user signs them out, unassigns their contacts, leaves their teams, and is announced', async () => {
  const { owner, asManager, asOwner, agent, manager, teamId } = await staff();
  await asOwner('PATCH', `/api/v1/teams/${teamId}`, { memberIds: [agent.id, manager.id] });
  const [contact] = await server.ctx.db
    .insert(contacts)
    .values({ workspaceId: Number(owner.workspaceId), firstName: 'Ana', assigneeId: Number(agent.id) })
    .returning();
  const before = events.length;
  assert.equal((await asManager('DELETE', `/api/v1/users/${manager.id}`)).status, 422, 'not themselves');
  const res = await asManager('DELETE', `/api/v1/users/${agent.id}`);
  assert.equal(res.status, 204);

  assert.equal((await client(server, agent.token)('GET', '/api/v1/auth/me')).status, 401);
  assert.equal((await anon('POST', '/api/v1/auth/login', { email: agent.email, password: agent.password })).status, 401);
  const [after] = await server.ctx.db.select().from(contacts).where(eq(contacts.id, contact!.id));
  assert.equal(after!.assigneeId, null);
  assert.ok(!(await asOwner('GET', '/api/v1/users')).body.items.some((u: { id: string }) => u.id === agent.id));

  const emitted = events.slice(before);
  assert.ok(emitted.some((e) => e.type === 'user.updated' && e.payload.userId === agent.id && e.payload.deleted === true));
  const teamEvent = emitted.find((e) => e.type === 'team.updated');
  assert.deepEqual((teamEvent?.payload.team as { memberIds: string[] }).memberIds, [manager.id]);
  assert.equal((await asManager('DELETE', `/api/v1/users/${agent.id}`)).status, 404);
});

test("another workspace's users and malformed ids: 404", async () => {
  const { asOwner } = await staff();
  const theirs = await staff();
  for (const [method, url, body] of [
    ['PATCH', `/api/v1/users/${theirs.agent.id}`, { name: 'Hacked' }],
    ['DELETE', `/api/v1/users/${theirs.agent.id}`, undefined],
    ['PATCH', '/api/v1/users/abc', { name: 'x' }],
    ['DELETE', '/api/v1/users/999999999', undefined],
  ] as const) {
    const res = await asOwner(method, url, body);
    assert.equal(res.status, 404, `${method} ${url}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  const them = (await client(server, theirs.owner.token)('GET', '/api/v1/users')).body.items;
  assert.equal(them.find((u: { id: string }) => u.id === theirs.agent.id).name, 'agent member');
});

test('bad user edits: 422 with details', async () => {
  const { asOwner, agent } = await staff();
  const foreignTeam = (await staff()).teamId;
  const bad = await asOwner('PATCH', `/api/v1/users/${agent.id}`, { name: ' ', role: 'boss', visibility: 'mine', language: 'fr' });
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.body.error.details.map((d: { path: string }) => d.path).sort(),
    ['body.language', 'body.name', 'body.role', 'body.visibility'],
  );
  const foreign = await asOwner('PATCH', `/api/v1/users/${agent.id}`, { teamIds: [foreignTeam] });
  assert.equal(foreign.status, 422);
  assert.deepEqual(foreign.body.error.details, [{ path: 'body.teamIds.0', message: 'is not a team of this workspace' }]);
});
