import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { invitations } from '../../../db/schema.js';
import type { StoredEvent } from '../../../events/types.js';
import { client, signupWorkspace, startTestServer, uniqueEmail } from '../../../../test/harness.js';
import { joinByInvitation } from '../../../../test/members.js';

const server = await startTestServer({ config: { PUBLIC_URL: 'https://app.conversa.test' } });
const anon = client(server);
const events: StoredEvent[] = [];
server.ctx.bus.subscribe((e) => void events.push(e));

async function workspaceWithTeams(...names: string[]) {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  const teamIds: string[] = [];
  for (const name of names) teamIds.push((await api('POST', '/api/v1/teams', { name, memberIds: [] })).body.id);
  return { ...owner, api, teamIds };
}

test('every invitation route but accept needs a token: 401', async () => {
  for (const [method, url] of [
    ['POST', '/api/v1/invitations'],
    ['GET', '/api/v1/invitations'],
    ['DELETE', '/api/v1/invitations/1'],
  ] as const) {
    const res = await anon(method, url, method === 'POST' ? { email: uniqueEmail(), role: 'agent', visibility: 'all' } : undefined);
    assert.equal(res.status, 401, `${method} ${url}`);
    assert.equal(res.body.error.code, 'unauthenticated');
  }
});

test('WS-2 end to end: invite an agent with team visibility and teams, accept, sign in, /auth/me shows it all', async () => {
  const { api, teamIds, workspaceId } = await workspaceWithTeams('Sales', 'Support');
  const email = uniqueEmail('agent');
  const invite = await api('POST', '/api/v1/invitations', { email, role: 'agent', visibility: 'team', teamIds });
  assert.equal(invite.status, 201);
  const { token, id, expiresAt, link } = invite.body;
  assert.match(token, /^cvi_/);
  assert.equal(link, `https://app.conversa.test/invite/${token}`);
  assert.deepEqual(
    { email: invite.body.email, role: invite.body.role, visibility: invite.body.visibility, teamIds: invite.body.teamIds },
    { email, role: 'agent', visibility: 'team', teamIds },
  );
  const ttl = Date.parse(expiresAt) - Date.now();
  assert.ok(ttl > 7 * 86_400_000 - 60_000 && ttl <= 7 * 86_400_000, 'expires in 7 days');

  // Only the hash is stored.
  const [row] = await server.ctx.db.select().from(invitations).where(eq(invitations.id, Number(id)));
  assert.ok(row && !JSON.stringify(row).includes(token.slice(4)));

  const pending = await api('GET', '/api/v1/invitations');
  assert.equal(pending.status, 200);
  const listed = pending.body.items.find((i: { id: string }) => i.id === id);
  assert.equal(listed.email, email);
  assert.equal(listed.token, undefined);
  assert.ok(events.some((e) => e.type === 'invitation.created' && e.audience.kind === 'managers' && String(e.workspaceId) === workspaceId));

  const accept = await anon('POST', `/api/v1/invitations/${token}/accept`, { name: 'Nia', password: 'agent password 1' });
  assert.equal(accept.status, 201);
  assert.match(accept.body.token, /^cvs_/);
  assert.match(String(accept.headers['set-cookie']), /conversa_session=.*HttpOnly/i);
  assert.deepEqual(
    { name: accept.body.user.name, email: accept.body.user.email, role: accept.body.user.role, visibility: accept.body.user.visibility, teamIds: accept.body.user.teamIds },
    { name: 'Nia', email, role: 'agent', visibility: 'team', teamIds },
  );
  assert.ok(events.some((e) => e.type === 'user.created' && (e.payload.user as { id: string }).id === accept.body.user.id));
  assert.ok(events.some((e) => e.type === 'invitation.accepted' && e.payload.invitationId === id));
  assert.ok(events.some((e) => e.type === 'team.updated' && (e.payload.team as { memberIds: string[] }).memberIds.includes(accept.body.user.id)));

  const login = await anon('POST', '/api/v1/auth/login', { email, password: 'agent password 1' });
  assert.equal(login.status, 200);
  const me = await client(server, login.body.token)('GET', '/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.deepEqual(
    { role: me.body.actor.role, visibility: me.body.actor.visibility, teamIds: [...me.body.actor.teamIds].sort() },
    { role: 'agent', visibility: 'team', teamIds: [...teamIds].sort() },
  );
  assert.equal(me.body.workspace.id, workspaceId);

  const again = await anon('POST', `/api/v1/invitations/${token}/accept`, { name: 'Nia 2', password: 'agent password 1' });
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'invitation_invalid');
  assert.ok(!(await api('GET', '/api/v1/invitations')).body.items.some((i: { id: string }) => i.id === id));
});

test('agents may not invite or see invitations; a Manager cannot invite an Owner; an Owner can', async () => {
  const owner = await signupWorkspace(server);
  const manager = await joinByInvitation(server, owner.token, { role: 'manager' });
  const agent = await joinByInvitation(server, owner.token, { role: 'agent' });
  const asAgent = client(server, agent.token);
  const asManager = client(server, manager.token);

  const byAgent = await asAgent('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' });
  assert.equal(byAgent.status, 403);
  assert.equal(byAgent.body.error.code, 'forbidden');
  assert.equal((await asAgent('GET', '/api/v1/invitations')).status, 403);
  const pendingId = (await asManager('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' })).body.id;
  assert.equal((await asAgent('DELETE', `/api/v1/invitations/${pendingId}`)).status, 403);

  const ownerByManager = await asManager('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'owner', visibility: 'all' });
  assert.equal(ownerByManager.status, 403);
  assert.equal((await asManager('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'manager', visibility: 'all' })).status, 201);

  const coOwner = await joinByInvitation(server, owner.token, { role: 'owner' });
  const me = await client(server, coOwner.token)('GET', '/api/v1/auth/me');
  assert.equal(me.body.actor.role, 'owner');
});

test('bad invitation bodies: 422 with details; teams of another workspace are not teams', async () => {
  const { api } = await workspaceWithTeams('Sales');
  const other = await workspaceWithTeams('Foreign');

  const bad = await api('POST', '/api/v1/invitations', { email: 'not-an-email', role: 'boss', visibility: 'some' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'validation_failed');
  const paths = bad.body.error.details.map((d: { path: string }) => d.path);
  for (const path of ['body.email', 'body.role', 'body.visibility']) assert.ok(paths.includes(path), path);

  const foreign = await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'team', teamIds: other.teamIds });
  assert.equal(foreign.status, 422);
  assert.deepEqual(foreign.body.error.details, [{ path: 'body.teamIds.0', message: 'is not a team of this workspace' }]);

  const malformed = await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'team', teamIds: ['abc'] });
  assert.equal(malformed.status, 422);
  assert.equal(malformed.body.error.details[0].path, 'body.teamIds.0');
});

test('409 email_taken: inviting a registered email, and accepting after the email signed up elsewhere', async () => {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  const member = await joinByInvitation(server, owner.token);
  const taken = await api('POST', '/api/v1/invitations', { email: member.email.toUpperCase(), role: 'agent', visibility: 'all' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'email_taken');

  const email = uniqueEmail();
  const invite = await api('POST', '/api/v1/invitations', { email, role: 'agent', visibility: 'all' });
  const signup = await anon('POST', '/api/v1/auth/signup', { workspaceName: 'Mine', name: 'Me', email, password: 'my own password' });
  assert.equal(signup.status, 201);
  const accept = await anon('POST', `/api/v1/invitations/${invite.body.token}/accept`, { name: 'Me', password: 'another password' });
  assert.equal(accept.status, 409);
  assert.equal(accept.body.error.code, 'email_taken');
  // Nothing was half-done: the invitation is still pending, and no second user exists.
  assert.ok((await api('GET', '/api/v1/invitations')).body.items.some((i: { id: string }) => i.id === invite.body.id));
  assert.ok(!(await api('GET', '/api/v1/users')).body.items.some((u: { email: string }) => u.email === email));
});

test('revoked, replaced, expired and unknown invitations cannot be accepted (404 invitation_invalid)', async () => {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  const body = { name: 'X', password: 'password 12345' };

  const revoked = (await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' })).body;
  const del = await api('DELETE', `/api/v1/invitations/${revoked.id}`);
  assert.equal(del.status, 204);
  assert.ok(events.some((e) => e.type === 'invitation.revoked' && e.payload.invitationId === revoked.id));
  assert.equal((await api('DELETE', `/api/v1/invitations/${revoked.id}`)).status, 404);
  assert.equal((await anon('POST', `/api/v1/invitations/${revoked.token}/accept`, body)).body.error.code, 'invitation_invalid');

  const email = uniqueEmail();
  const first = (await api('POST', '/api/v1/invitations', { email, role: 'agent', visibility: 'all' })).body;
  const second = (await api('POST', '/api/v1/invitations', { email, role: 'manager', visibility: 'all' })).body;
  assert.equal((await anon('POST', `/api/v1/invitations/${first.token}/accept`, body)).status, 404);
  const pendingForEmail = (await api('GET', '/api/v1/invitations')).body.items.filter((i: { email: string }) => i.email === email);
  assert.deepEqual(pendingForEmail.map((i: { id: string }) => i.id), [second.id]);

  const expired = (await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' })).body;
  await server.ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, Number(expired.id)));
  const late = await anon('POST', `/api/v1/invitations/${expired.token}/accept`, body);
  assert.equal(late.status, 404);
  assert.equal(late.body.error.code, 'invitation_invalid');
  assert.ok(!(await api('GET', '/api/v1/invitations')).body.items.some((i: { id: string }) => i.id === expired.id));

  const unknown = await anon('POST', '/api/v1/invitations/cvi_nope/accept', body);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'invitation_invalid');

  const weak = await anon('POST', `/api/v1/invitations/${second.token}/accept`, { name: '', password: 'short' });
  assert.equal(weak.status, 422);
  assert.deepEqual(weak.body.error.details.map((d: { path: string }) => d.path).sort(), ['body.name', 'body.password']);
});

test("another workspace's invitation: 404, and it keeps working", async () => {
  const mine = await signupWorkspace(server);
  const theirs = await signupWorkspace(server);
  const invite = (await client(server, theirs.token)('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' })).body;
  const res = await client(server, mine.token)('DELETE', `/api/v1/invitations/${invite.id}`);
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  assert.ok(!(await client(server, mine.token)('GET', '/api/v1/invitations')).body.items.some((i: { id: string }) => i.id === invite.id));
  assert.equal((await anon('POST', `/api/v1/invitations/${invite.token}/accept`, { name: 'Y', password: 'password 12345' })).status, 201);
});

test('deleting a team takes it out of pending invitations', async () => {
  const { api, teamIds } = await workspaceWithTeams('Sales', 'Support');
  const invite = (await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'team', teamIds })).body;
  assert.equal((await api('DELETE', `/api/v1/teams/${teamIds[0]}`)).status, 204);
  const listed = (await api('GET', '/api/v1/invitations')).body.items.find((i: { id: string }) => i.id === invite.id);
  assert.deepEqual(listed.teamIds, [teamIds[1]]);
  const accept = await anon('POST', `/api/v1/invitations/${invite.token}/accept`, { name: 'Z', password: 'password 12345' });
  assert.equal(accept.status, 201);
  assert.deepEqual(accept.body.user.teamIds, [teamIds[1]]);
});

test('two accepts of one invitation at once: exactly one user is created', async () => {
  const owner = await signupWorkspace(server);
  const api = client(server, owner.token);
  const invite = (await api('POST', '/api/v1/invitations', { email: uniqueEmail(), role: 'agent', visibility: 'all' })).body;
  const results = await Promise.all(
    ['A', 'B'].map((name) => anon('POST', `/api/v1/invitations/${invite.token}/accept`, { name, password: 'password 12345' })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 404]);
  assert.equal((await api('GET', '/api/v1/users')).body.items.filter((u: { email: string }) => u.email === invite.email).length, 1);
});

test('the OpenAPI document describes the invitation routes and the accept errors', async () => {
  const doc = (await anon('GET', '/api/openapi.json')).body;
  assert.match(doc.paths['/api/v1/invitations/{token}/accept'].post.description, /404 `invitation_invalid`/);
  assert.ok(doc.paths['/api/v1/invitations/{id}'].delete);
});
