import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { addUser } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { contacts } from '../../db/schema.js';
import { eventsAfter } from '../../events/outbox.js';

const server = await startTestServer();
/** The workspace's realtime events (the outbox), oldest first. */
const outbox = (workspaceId: string, afterSeq = 0) => eventsAfter(server.ctx.db, Number(workspaceId), afterSeq, 1000);
const acme = await signupWorkspace(server, 'Acme');
const owner = client(server, acme.token);

async function newContact(api = owner, body: Record<string, unknown> = { firstName: 'Tagged' }) {
  const res = await api('POST', '/api/v1/contacts', body);
  assert.equal(res.status, 201);
  return res.body.id as string;
}

const names = (contact: { tags: { name: string }[] }) => contact.tags.map((t) => t.name);

test('tag routes need a token: 401', async () => {
  const anon = client(server);
  assert.equal((await anon('GET', '/api/v1/tags')).status, 401);
  assert.equal((await anon('DELETE', '/api/v1/tags/1')).status, 401);
});

test('CT-2 add tags: created on the fly, trimmed, case-insensitive, added once', async () => {
  const id = await newContact();
  const before = (await outbox(acme.workspaceId)).at(-1)!.seq;
  const added = await owner('POST', `/api/v1/contacts/${id}/tags`, { tags: [' VIP ', 'lead', 'vip'] });
  assert.equal(added.status, 200);
  assert.equal(added.body.id, id);
  assert.deepEqual(names(added.body), ['lead', 'VIP']);
  assert.match(added.body.tags[0].id, /^\d+$/);
  const events = await outbox(acme.workspaceId, before);
  assert.deepEqual(events.map((e) => e.type), ['tags.updated', 'contact.updated']);
  assert.deepEqual(names(events[1]!.payload.contact as { tags: { name: string }[] }), ['lead', 'VIP']);

  const other = await newContact(owner, { firstName: 'Second', tags: ['Vip', 'new one'] });
  const got = await owner('GET', `/api/v1/contacts/${other}`);
  assert.deepEqual(names(got.body), ['new one', 'VIP'], 'an existing tag keeps its first spelling');
  const vipIds = new Set([...added.body.tags, ...got.body.tags].filter((t) => t.name === 'VIP').map((t) => t.id));
  assert.equal(vipIds.size, 1);

  const again = await owner('POST', `/api/v1/contacts/${id}/tags`, { tags: ['LEAD'] });
  assert.deepEqual(names(again.body), ['lead', 'VIP']);
});

test('CT-2 remove tags (DELETE with a JSON body): unknown names are ignored, the tag stays in the workspace', async () => {
  const id = await newContact(owner, { firstName: 'Untag', tags: ['a-tag', 'b-tag'] });
  const res = await owner('DELETE', `/api/v1/contacts/${id}/tags`, { tags: ['A-TAG', 'never-existed'] });
  assert.equal(res.status, 200);
  assert.deepEqual(names(res.body), ['b-tag']);
  const list = await owner('GET', '/api/v1/tags');
  assert.ok(list.body.items.some((t: { name: string }) => t.name === 'a-tag'));
});

test('CT-2 tag names are validated: 422 naming the entry', async () => {
  const id = await newContact();
  for (const [tags, path] of [
    [['x'.repeat(51)], 'body.tags.0'],
    [['ok', '   '], 'body.tags.1'],
    [[], 'body.tags'],
    ['vip', 'body.tags'],
  ] as const) {
    const res = await owner('POST', `/api/v1/contacts/${id}/tags`, { tags });
    assert.equal(res.status, 422, JSON.stringify(tags));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.equal(res.body.error.details[0].path, path);
  }
  assert.equal((await owner('DELETE', `/api/v1/contacts/${id}/tags`)).status, 422, 'the body is required');
});

test('GET /tags: every workspace tag with the number of contacts the caller can see carrying it', async () => {
  const ws = await signupWorkspace(server, 'Counts');
  const api = client(server, ws.token);
  const agent = await addUser(server, ws.workspaceId, { visibility: 'assigned' });
  const first = await newContact(api, { firstName: 'One', tags: ['shared', 'solo'] });
  await newContact(api, { firstName: 'Two', tags: ['Shared'] });
  await newContact(api, { firstName: 'Three', tags: ['empty'] });
  await api('DELETE', `/api/v1/contacts/${await newContact(api, { tags: ['gone'] })}`);
  const res = await api('GET', '/api/v1/tags');
  assert.equal(res.status, 200);
  const counts = Object.fromEntries(res.body.items.map((t: { name: string; contactCount: number }) => [t.name, t.contactCount]));
  assert.deepEqual(counts, { empty: 1, gone: 0, shared: 2, solo: 1 });
  assert.deepEqual(Object.keys(res.body.items[0]).sort(), ['contactCount', 'id', 'name']);

  await server.ctx.db.update(contacts).set({ assigneeId: Number(agent.id) }).where(eq(contacts.id, Number(first)));
  const asAgent = await client(server, agent.token)('GET', '/api/v1/tags');
  const agentCounts = Object.fromEntries(asAgent.body.items.map((t: { name: string; contactCount: number }) => [t.name, t.contactCount]));
  assert.deepEqual(agentCounts, { empty: 0, gone: 0, shared: 1, solo: 1 });

  const foreign = await client(server, acme.token)('GET', '/api/v1/tags');
  assert.ok(!foreign.body.items.some((t: { name: string }) => t.name === 'solo'), 'tags are per workspace');
});

test('CT-2 delete a workspace tag: Owner/Manager only, contacts keep everything else', async () => {
  const id = await newContact(owner, { firstName: 'Keeps', tags: ['doomed-tag', 'kept-tag'] });
  const tag = (await owner('GET', `/api/v1/contacts/${id}`)).body.tags.find((t: { name: string }) => t.name === 'doomed-tag');
  const agent = await addUser(server, acme.workspaceId);
  const denied = await client(server, agent.token)('DELETE', `/api/v1/tags/${tag.id}`);
  assert.equal(denied.status, 403);
  const stranger = await signupWorkspace(server, 'Stranger');
  assert.equal((await client(server, stranger.token)('DELETE', `/api/v1/tags/${tag.id}`)).status, 404);
  const res = await owner('DELETE', `/api/v1/tags/${tag.id}`);
  assert.equal(res.status, 204);
  assert.deepEqual((await outbox(acme.workspaceId)).at(-1)!.payload, { tagId: tag.id });
  const contact = await owner('GET', `/api/v1/contacts/${id}`);
  assert.equal(contact.status, 200);
  assert.deepEqual(names(contact.body), ['kept-tag']);
  assert.equal((await owner('DELETE', `/api/v1/tags/${tag.id}`)).status, 404);
});
