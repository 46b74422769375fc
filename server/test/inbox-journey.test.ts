import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { connect, type Probe } from '../src/realtime/test-support.js';
import { eventually } from './fixtures.js';
import { connectApiChannel, FakeIntegrator, inboundMessage, inboundStatus, postWebhook } from './fakes/api-integrator.js';
import { client, listen, signupWorkspace, startTestServer } from './harness.js';
import { joinByInvitation } from './members.js';

/**
 * The core loop end to end through the real components: a signed webhook, the inbound job, the inbox, the
 * outbound job to the integrator, statuses back, and every step live on the sockets of exactly the users
 * allowed to see it (P3, P5, WS-3, IN-3, IN-8, IN-17).
 */
const server = await startTestServer();
const base = await listen(server);
const fake = await FakeIntegrator.start();
after(() => fake.close());

const ws = await signupWorkspace(server, 'Journey');
const owner = client(server, ws.token);
const channel = await connectApiChannel(owner, fake);
const manager = await joinByInvitation(server, ws.token, { role: 'manager', visibility: 'all' });
const restricted = await joinByInvitation(server, ws.token, { role: 'agent', visibility: 'assigned' });
const managerApi = client(server, manager.token);
const restrictedApi = client(server, restricted.token);

const contactEvents = (probe: Probe, contactId: string) =>
  probe.events().filter((e) => {
    const p = e.payload as any;
    return p.row?.contact.id === contactId || p.message?.contactId === contactId || p.contact?.id === contactId;
  });
const contactIds = (probe: Probe) =>
  new Set(probe.events().flatMap((e) => [(e.payload as any).row?.contact.id, (e.payload as any).message?.contactId].filter(Boolean)));

let n = 0;
async function inbound(contactExternalId: string, text: string) {
  const res = await postWebhook(server, channel, inboundMessage(contactExternalId, `journey-${++n}`, text, { name: `Cliente ${contactExternalId}` }));
  assert.equal(res.status, 200);
}

test('an inbound message reaches the manager live in Unassigned; a restricted agent never sees it, live or listed', async () => {
  const m = await connect(base, { token: manager.token });
  const r = await connect(base, { token: restricted.token });
  await inbound('ana', 'Hola, ¿tienen stock?');
  await m.until((p) => p.events().some((e) => e.type === 'message.created'), 'message.created');
  const created = m.events().find((e) => e.type === 'message.created')!;
  assert.equal(created.inbox, 'unassigned');
  const row = (created.payload as any).row;
  assert.equal(row.unreadCount, 1);
  assert.equal(row.lastMessage.text, 'Hola, ¿tienen stock?');
  const listed = await managerApi('GET', '/api/v1/inbox?view=unassigned');
  assert.deepEqual(listed.body.items.map((i: any) => i.contact.id), [row.contact.id]);
  assert.deepEqual(await managerApi('GET', '/api/v1/inbox/counts').then((c) => c.body.unassigned), 1);

  // The restricted agent heard nothing about this contact and cannot list or open it.
  await inbound('ana', 'marker for the restricted agent');
  await m.until((p) => p.events().filter((e) => e.type === 'message.created').length === 2, 'second message');
  assert.equal(contactIds(r).size, 0);
  assert.equal((await restrictedApi('GET', '/api/v1/inbox?view=all')).body.items.length, 0);
  assert.equal((await restrictedApi('GET', `/api/v1/contacts/${row.contact.id}/messages`)).status, 404);
  m.close();
  r.close();
});

test('assigned to the restricted agent, the contact appears in their Mine live; reassigned away, it leaves and goes quiet', async () => {
  await inbound('bruno', 'Oi, preciso de ajuda');
  const contactId: string = await eventually(async () => {
    const items = (await managerApi('GET', '/api/v1/inbox?view=unassigned')).body.items;
    return items.find((i: any) => i.contact.displayName === 'Cliente bruno')?.contact.id;
  });
  const r = await connect(base, { token: restricted.token });
  assert.equal((await managerApi('POST', `/api/v1/contacts/${contactId}/assignee`, { userId: restricted.id })).status, 200);
  await r.until((p) => contactEvents(p, contactId).some((e) => e.type === 'conversation.updated'), 'assignment event');
  assert.equal((await restrictedApi('GET', '/api/v1/inbox?view=mine')).body.items[0].contact.id, contactId);

  await inbound('bruno', 'Ainda está aí?');
  await r.until((p) => contactEvents(p, contactId).some((e) => e.type === 'message.created'), 'inbound for the agent');
  assert.equal(contactEvents(r, contactId).find((e) => e.type === 'message.created')!.inbox, 'mine');

  // The agent replies: the integrator receives it, statuses come back and reach the agent live.
  const sent = await restrictedApi('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Estou sim!' });
  assert.equal(sent.status, 201);
  await r.until((p) => contactEvents(p, contactId).some((e) => e.type === 'message.updated' && (e.payload as any).message.status === 'sent'), 'sent tick');
  const delivery = fake.deliveries.find((d) => d.body.messageId === sent.body.id)!;
  assert.deepEqual(delivery.body, { messageId: sent.body.id, contact: { externalId: 'bruno' }, text: 'Estou sim!' });
  assert.equal((await postWebhook(server, channel, inboundStatus(sent.body.id, 'read'))).status, 200);
  await r.until((p) => contactEvents(p, contactId).some((e) => (e.payload as any).message?.status === 'read'), 'read tick');

  // Reassigned to the manager: the agent hears the move (to drop the row), then nothing more about it.
  assert.equal((await managerApi('POST', `/api/v1/contacts/${contactId}/assignee`, { userId: manager.id })).status, 200);
  await r.until(
    (p) => contactEvents(p, contactId).some((e) => e.type === 'conversation.updated' && (e.payload as any).row.contact.assigneeId === manager.id),
    'the move away',
  );
  const heard = contactEvents(r, contactId).length;
  const m = await connect(base, { token: manager.token });
  await inbound('bruno', 'Olá?');
  await m.until((p) => contactEvents(p, contactId).some((e) => e.type === 'message.created'), 'manager hears it');
  assert.equal(contactEvents(r, contactId).length, heard, 'the agent heard nothing after losing sight of the contact');
  assert.equal((await restrictedApi('GET', `/api/v1/contacts/${contactId}/messages`)).status, 404);
  r.close();
  m.close();
});

test('IN-17 offline then back: messages received meanwhile arrive once, in order, then live ones', async () => {
  const first = await connect(base, { token: manager.token });
  await inbound('carla', 'uno');
  await first.until((p) => p.events().some((e) => (e.payload as any).message?.text === 'uno'), 'uno');
  const lastSeq = Math.max(...first.events().map((e) => e.seq));
  first.close();
  for (const text of ['dos', 'tres', 'cuatro']) await inbound('carla', text);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const back = await connect(base, { token: manager.token, lastSeq });
  await inbound('carla', 'cinco');
  const texts = () => back.events().filter((e) => e.type === 'message.created').map((e) => (e.payload as any).message.text);
  await back.until(() => texts().includes('cinco'), 'cinco');
  assert.deepEqual(texts(), ['dos', 'tres', 'cuatro', 'cinco']);
  const seqs = back.events().map((e) => e.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), 'no duplicate, in order');
  back.close();
});
