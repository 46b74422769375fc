import assert from 'node:assert/strict';
import { test } from 'node:test';
import { permissionMatrix, type Action } from '../src/domain/visibility/policy.js';
import { addChannel, contactIdOf, receive } from './fixtures.js';
import { client, signupWorkspace, startTestServer, uniqueEmail, type TestServer } from './harness.js';
import { joinByInvitation } from './members.js';

/**
 * WS-7 as a table: each row is one action, the HTTP request that performs it, and the roles allowed to.
 * Every role tries every row against a fresh target; allowed roles get a 2xx, the others 403 `forbidden`.
 * Each row also names its policy action, and must agree with `permissionMatrix`: spec, policy and routes
 * cannot drift apart. To cover a new action, append a row.
 */

type Role = 'owner' | 'manager' | 'agent';
const roles: Role[] = ['owner', 'manager', 'agent'];

type Request = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown };

/** What setups build on: the workspace founder (not one of the actors) and helpers. */
type World = {
  server: TestServer;
  founder: ReturnType<typeof client>;
  founderToken: string;
  /** A name no other row or attempt uses. */
  unique(label: string): string;
  /** A new contact with an open conversation, started by an inbound message on the workspace's channel. */
  inboundContact(): Promise<string>;
};

type Row<Target> = {
  action: string;
  policy: Action;
  allowed: Role[];
  /** Builds the target of one attempt (run once per role, as the founder). */
  setup(world: World): Promise<Target>;
  request(target: Target): Request;
};

/** Keeps each row's setup and request typed together while the table holds rows of different targets. */
const row = <Target>(r: Row<Target>) => r as Row<unknown>;

const rows: Row<unknown>[] = [
  row({
    action: "manage users: change another user's role",
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => joinByInvitation(w.server, w.founderToken, { role: 'agent' }),
    request: (user) => ({ method: 'PATCH', url: `/api/v1/users/${user.id}`, body: { role: 'manager' } }),
  }),
  row({
    action: 'change Owner: make a user Owner',
    policy: 'workspace.owner',
    allowed: ['owner'],
    setup: async (w) => joinByInvitation(w.server, w.founderToken, { role: 'manager' }),
    request: (user) => ({ method: 'PATCH', url: `/api/v1/users/${user.id}`, body: { role: 'owner' } }),
  }),
  row({
    action: 'invite a user',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async () => uniqueEmail('invitee'),
    request: (email) => ({ method: 'POST', url: '/api/v1/invitations', body: { email, role: 'agent', visibility: 'all' } }),
  }),
  row({
    action: 'revoke an invitation',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) =>
      (await w.founder('POST', '/api/v1/invitations', { email: uniqueEmail('invitee'), role: 'agent', visibility: 'all' })).body.id as string,
    request: (id) => ({ method: 'DELETE', url: `/api/v1/invitations/${id}` }),
  }),
  row({
    action: 'manage teams',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('Team'),
    request: (name) => ({ method: 'POST', url: '/api/v1/teams', body: { name, memberIds: [] } }),
  }),
  row({
    action: 'manage API tokens',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('Integration'),
    request: (name) => ({ method: 'POST', url: '/api/v1/api-tokens', body: { name } }),
  }),
  row({
    action: 'change workspace settings',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('Workspace'),
    request: (name) => ({ method: 'PATCH', url: '/api/v1/workspace', body: { name } }),
  }),
  row({
    action: 'manage closing-note categories',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('Category'),
    request: (name) => ({ method: 'POST', url: '/api/v1/closing-categories', body: { name } }),
  }),
  row({
    action: 'manage custom fields',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('field').toLowerCase(),
    request: (key) => ({ method: 'POST', url: '/api/v1/custom-fields', body: { key, label: key, type: 'text' } }),
  }),
  row({
    action: 'manage channels',
    policy: 'settings.manage',
    allowed: ['owner', 'manager'],
    setup: async (w) => w.unique('Channel'),
    request: (name) => ({ method: 'POST', url: '/api/v1/channels', body: { type: 'api', name, config: { outboundUrl: 'http://127.0.0.1:9/x' } } }),
  }),
  row({
    action: 'reply to a contact',
    policy: 'conversation.reply',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'POST', url: `/api/v1/contacts/${id}/messages`, body: { text: 'Hola' } }),
  }),
  row({
    action: 'assign (or release) a contact',
    policy: 'conversation.assign',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'POST', url: `/api/v1/contacts/${id}/assignee`, body: { userId: null } }),
  }),
  row({
    action: 'close a conversation',
    policy: 'conversation.close',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'POST', url: `/api/v1/contacts/${id}/conversation`, body: { status: 'closed', summary: 'ok' } }),
  }),
  row({
    action: 'snooze a conversation',
    policy: 'conversation.snooze',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'POST', url: `/api/v1/contacts/${id}/snooze`, body: { until: new Date(Date.now() + 3_600_000).toISOString() } }),
  }),
  row({
    action: 'tag a contact',
    policy: 'contact.tag',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'POST', url: `/api/v1/contacts/${id}/tags`, body: { tags: ['vip'] } }),
  }),
  row({
    action: 'edit a contact',
    policy: 'contact.edit',
    allowed: ['owner', 'manager', 'agent'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'PATCH', url: `/api/v1/contacts/${id}`, body: { firstName: 'Renamed' } }),
  }),
  row({
    action: 'delete an outbound message',
    policy: 'message.delete',
    allowed: ['owner', 'manager'],
    setup: async (w) => {
      const contactId = await w.inboundContact();
      return (await w.founder('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Oops' })).body.id as string;
    },
    request: (id) => ({ method: 'DELETE', url: `/api/v1/messages/${id}` }),
  }),
  row({
    action: 'remove a channel from a contact',
    policy: 'contact.channel.remove',
    allowed: ['owner', 'manager'],
    setup: (w) => w.inboundContact(),
    request: (id) => ({ method: 'DELETE', url: `/api/v1/contacts/${id}/channels/${channel.id}` }),
  }),
  row({
    action: 'delete a contact',
    policy: 'contact.delete',
    allowed: ['owner', 'manager'],
    setup: async (w) => (await w.founder('POST', '/api/v1/contacts', { firstName: 'Target' })).body.id as string,
    request: (id) => ({ method: 'DELETE', url: `/api/v1/contacts/${id}` }),
  }),
];

const server = await startTestServer();
const founding = await signupWorkspace(server, 'Permission matrix');
const founderToken = founding.token;
const channel = await addChannel(server, founding.workspaceId, 'api', { outboundUrl: 'http://127.0.0.1:9/unused' });
let counter = 0;
const world: World = {
  server,
  founder: client(server, founderToken),
  founderToken,
  unique: (label) => `${label}_${++counter}`,
  async inboundContact() {
    const identity = `matrix-${++counter}`;
    await receive(server, channel, { externalId: identity });
    return contactIdOf(server, channel.id, identity);
  },
};
// The actors are real users who joined the way everyone does: by invitation. Agents see every contact here,
// so a refusal can only come from the role, never from visibility.
const actors = {} as Record<Role, ReturnType<typeof client>>;
for (const role of roles) actors[role] = client(server, (await joinByInvitation(server, founderToken, { role, visibility: 'all' })).token);

for (const r of rows) {
  test(`WS-7 ${r.action}`, async (t) => {
    assert.deepEqual([...r.allowed].sort(), [...permissionMatrix[r.policy]].sort(), `the row and permissionMatrix['${r.policy}'] disagree`);
    for (const role of roles) {
      await t.test(role, async () => {
        const { method, url, body } = r.request(await r.setup(world));
        const res = await actors[role](method, url, body);
        if (r.allowed.includes(role)) {
          assert.ok(res.status >= 200 && res.status < 300, `${role} ${method} ${url}: expected 2xx, got ${res.status} ${JSON.stringify(res.body)}`);
        } else {
          assert.equal(res.status, 403, `${role} ${method} ${url}: expected 403, got ${res.status} ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, 'forbidden');
        }
      });
    }
  });
}
