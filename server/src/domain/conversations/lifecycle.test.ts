import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addChannel, addTeam, addUser, contactIdOf, eventually, receive } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';

const server = await startTestServer();
const ws = await signupWorkspace(server, 'Lifecycle');
const owner = client(server, ws.token);
const channel = await addChannel(server, ws.workspaceId);
let n = 0;
async function newContact(name = `Cliente ${++n}`) {
  const externalId = `c-${n}-${Date.now()}`;
  await receive(server, channel, { externalId, name });
  return { id: await contactIdOf(server, channel.id, externalId), externalId };
}
const timeline = async (contactId: string) => (await owner('GET', `/api/v1/contacts/${contactId}/messages`)).body.items;
const row = async (contactId: string, status = 'open') =>
  (await owner('GET', `/api/v1/inbox?view=all&status=${status}&limit=100`)).body.items.find((r: any) => r.contact.id === contactId);

test('IN-8 an inbound message with no open conversation opens one, unassigned, counted unread and unanswered', async () => {
  const c = await newContact('María José');
  const r = await row(c.id);
  assert.equal(r.conversation.status, 'open');
  assert.equal(r.contact.assigneeId, null);
  assert.equal(r.unreadCount, 1);
  assert.equal(r.unansweredCount, 1);
  assert.equal(r.lastMessage.direction, 'in');
  assert.equal(r.lastMessage.text, 'Hola');
  await receive(server, channel, { externalId: c.externalId }, 'Otra vez');
  const again = await row(c.id);
  assert.equal(again.conversation.id, r.conversation.id, 'a second message joins the open conversation');
  assert.equal(again.unreadCount, 2);
  const items = await timeline(c.id);
  assert.deepEqual(
    items.map((i: any) => (i.kind === 'event' ? i.type : i.text)),
    ['Otra vez', 'Hola', 'opened'],
  );
});

test('IN-8 replying to an unassigned contact assigns it to the replier and clears unanswered; reading clears unread', async () => {
  const c = await newContact();
  const me = (await owner('GET', '/api/v1/auth/me')).body.actor.userId;
  const sent = await owner('POST', `/api/v1/contacts/${c.id}/messages`, { text: 'Buenos días' });
  assert.equal(sent.status, 201);
  assert.equal(sent.body.status, 'pending');
  assert.equal(typeof sent.body.id, 'string');
  const r = await row(c.id);
  assert.equal(r.contact.assigneeId, me);
  assert.equal(r.unansweredCount, 0);
  assert.equal(r.unreadCount, 1);
  assert.equal(r.lastMessage.direction, 'out');
  const read = await owner('POST', `/api/v1/contacts/${c.id}/read`);
  assert.equal(read.status, 200);
  assert.equal(read.body.unreadCount, 0);
  const types = (await timeline(c.id)).filter((i: any) => i.kind === 'event').map((i: any) => i.type);
  assert.deepEqual(types, ['assigned', 'opened']);
});

test('IN-5 "no reply needed" clears the unanswered count', async () => {
  const c = await newContact();
  const res = await owner('POST', `/api/v1/contacts/${c.id}/no-reply-needed`);
  assert.equal(res.status, 200);
  assert.equal(res.body.unansweredCount, 0);
});

test('IN-9 close with a closing note unassigns; reopen starts a new conversation; inbound after close opens one', async () => {
  const c = await newContact();
  await owner('POST', `/api/v1/contacts/${c.id}/messages`, { text: 'Listo' });
  const category = (await owner('GET', '/api/v1/closing-categories')).body.items[0];
  const categoryId = category.id;
  const closed = await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'closed', category: categoryId, summary: 'Pedido entregado' });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.conversation.status, 'closed');
  assert.equal(closed.body.contact.assigneeId, null);
  assert.equal(closed.body.conversation.closingSummary, 'Pedido entregado');
  const closedEvent = (await timeline(c.id)).find((i: any) => i.type === 'closed');
  assert.equal(closedEvent.data.summary, 'Pedido entregado');
  assert.equal(closedEvent.data.categoryId, categoryId);
  assert.equal(closedEvent.data.categoryName, category.name);
  assert.equal(closed.body.conversation.closingCategoryId, categoryId);
  assert.equal((await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'closed' })).status, 422, 'nothing open to close');
  assert.ok(await row(c.id, 'closed'));

  const reopened = await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'open' });
  assert.equal(reopened.status, 200);
  assert.notEqual(reopened.body.conversation.id, closed.body.conversation.id);
  assert.equal((await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'open' })).body.error.code, 'invalid_state');

  await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'closed' });
  await receive(server, channel, { externalId: c.externalId }, 'Hola de nuevo');
  const r = await row(c.id);
  assert.equal(r.conversation.status, 'open');
  assert.notEqual(r.conversation.id, reopened.body.conversation.id);
});

test('IN-10 snooze hides from open, an inbound message wakes it; unsnooze early; the timer wakes it', async () => {
  const c = await newContact();
  const until = new Date(Date.now() + 3_600_000).toISOString();
  const snoozed = await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until });
  assert.equal(snoozed.status, 200);
  assert.equal(snoozed.body.conversation.status, 'snoozed');
  assert.equal(await row(c.id, 'open'), undefined);
  assert.ok(await row(c.id, 'snoozed'));
  await receive(server, channel, { externalId: c.externalId }, 'Sigo esperando');
  assert.equal((await row(c.id)).conversation.status, 'open');

  await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until });
  const un = await owner('DELETE', `/api/v1/contacts/${c.id}/snooze`);
  assert.equal(un.body.conversation.status, 'open');
  assert.equal((await owner('DELETE', `/api/v1/contacts/${c.id}/snooze`)).status, 422);

  await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until: new Date(Date.now() + 1_000).toISOString() });
  await eventually(async () => (await row(c.id, 'open')) ?? undefined, 10_000, 'snooze timer');
  const wake = (await timeline(c.id)).find((i: any) => i.type === 'unsnoozed');
  assert.equal(wake.data.reason, 'timer');
  assert.equal(wake.actor.kind, 'system');
});

test('snooze rejects a past time (422) and a contact with nothing open (422)', async () => {
  const c = await newContact();
  const past = await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until: new Date(Date.now() - 1000).toISOString() });
  assert.equal(past.status, 422);
  assert.equal(past.body.error.details[0].path, 'body.until');
  const bad = await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until: 'tomorrow' });
  assert.equal(bad.status, 422);
  await owner('POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'closed' });
  assert.equal((await owner('POST', `/api/v1/contacts/${c.id}/snooze`, { until: new Date(Date.now() + 60_000).toISOString() })).status, 422);
});

test('IN-9 assignment: managers assign anyone, agents only themselves or their teams; bad targets are 422', async () => {
  const agent = await addUser(server, ws.workspaceId, { role: 'agent' });
  const other = await addUser(server, ws.workspaceId, { role: 'agent' });
  const team = await addTeam(server, ws.workspaceId, `Ventas ${n}`, [agent.id]);
  const c = await newContact();
  const assigned = await owner('POST', `/api/v1/contacts/${c.id}/assignee`, { userId: agent.id, teamId: team });
  assert.equal(assigned.status, 200);
  assert.equal(assigned.body.contact.assigneeId, agent.id);
  assert.equal(assigned.body.contact.teamId, team);
  const asAgent = client(server, agent.token);
  assert.equal((await asAgent('POST', `/api/v1/contacts/${c.id}/assignee`, { userId: other.id })).status, 403);
  const released = await asAgent('POST', `/api/v1/contacts/${c.id}/assignee`, { userId: null, teamId: team });
  assert.equal(released.status, 200);
  assert.equal(released.body.contact.assigneeId, null);
  const foreign = await signupWorkspace(server, 'Otra');
  const bad = await owner('POST', `/api/v1/contacts/${c.id}/assignee`, { userId: foreign.userId });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'invalid_assignee');
  const events = (await timeline(c.id)).filter((i: any) => i.kind === 'event').map((i: any) => i.type);
  assert.deepEqual(events.slice(0, 2), ['assigned', 'assigned']);
});

test('IN-12 delete an outbound message: Owner/Manager only, platform-sent only, kept and marked, irreversible', async () => {
  const c = await newContact();
  const agent = await addUser(server, ws.workspaceId, { role: 'agent' });
  const manager = await addUser(server, ws.workspaceId, { role: 'manager' });
  const sent = await owner('POST', `/api/v1/contacts/${c.id}/messages`, { text: 'Precio equivocado' });
  assert.equal((await client(server, agent.token)('DELETE', `/api/v1/messages/${sent.body.id}`)).status, 403);
  const deleted = await client(server, manager.token)('DELETE', `/api/v1/messages/${sent.body.id}`);
  assert.equal(deleted.status, 200);
  assert.ok(deleted.body.deletedAt);
  assert.equal(deleted.body.deletedById, manager.id);
  assert.equal(deleted.body.text, 'Precio equivocado', 'kept for audit');
  assert.equal((await owner('DELETE', `/api/v1/messages/${sent.body.id}`)).body.error.code, 'already_deleted');
  const inbound = (await timeline(c.id)).find((i: any) => i.kind === 'message' && i.direction === 'in');
  assert.equal((await owner('DELETE', `/api/v1/messages/${inbound.id}`)).body.error.code, 'not_deletable');
  const event = (await timeline(c.id)).find((i: any) => i.type === 'message_deleted');
  assert.equal(event.data.messageId, sent.body.id);
  assert.equal(event.data.forContact, 'unsupported');
  const foreign = await signupWorkspace(server, 'Ajena');
  assert.equal((await client(server, foreign.token)('DELETE', `/api/v1/messages/${sent.body.id}`)).status, 404);
});

test('P2 another workspace gets 404 on every contact route, and never data', async () => {
  const c = await newContact();
  const foreign = client(server, (await signupWorkspace(server, 'Intrusa')).token);
  const until = new Date(Date.now() + 60_000).toISOString();
  const calls: [string, string, unknown?][] = [
    ['GET', `/api/v1/contacts/${c.id}/messages`],
    ['POST', `/api/v1/contacts/${c.id}/messages`, { text: 'x' }],
    ['POST', `/api/v1/contacts/${c.id}/assignee`, { userId: null }],
    ['POST', `/api/v1/contacts/${c.id}/conversation`, { status: 'closed' }],
    ['POST', `/api/v1/contacts/${c.id}/snooze`, { until }],
    ['DELETE', `/api/v1/contacts/${c.id}/snooze`],
    ['POST', `/api/v1/contacts/${c.id}/read`],
    ['POST', `/api/v1/contacts/${c.id}/no-reply-needed`],
    ['GET', `/api/v1/contacts/abc/messages`],
  ];
  for (const [method, url, body] of calls) {
    const res = await foreign(method, url, body);
    assert.equal(res.status, 404, `${method} ${url}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  assert.equal((await foreign('GET', '/api/v1/inbox?view=all')).body.items.length, 0);
});

test('IN-6 the timeline pages backwards with a cursor, newest first, without gaps or repeats', async () => {
  const c = await newContact();
  for (let i = 0; i < 7; i++) await receive(server, channel, { externalId: c.externalId }, `m${i}`);
  const seen: string[] = [];
  let before: string | undefined;
  do {
    const page = await owner('GET', `/api/v1/contacts/${c.id}/messages?limit=3${before ? `&before=${before}` : ''}`);
    assert.equal(page.status, 200);
    seen.push(...page.body.items.map((i: any) => (i.kind === 'event' ? i.type : i.text)));
    before = page.body.nextCursor ?? undefined;
  } while (before);
  assert.deepEqual(seen, ['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0', 'Hola', 'opened']);
  assert.equal((await owner('GET', `/api/v1/contacts/${c.id}/messages?before=garbage`)).body.error.code, 'invalid_cursor');
});
