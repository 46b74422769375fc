import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { addChannel, addUser, contactIdOf, eventually, receive } from '../../../test/fixtures.js';
import { client, listen, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { FakeWhatsApp, inboundPayload, textMessage, type FakeNumber } from '../../../test/fakes/whatsapp-cloud.js';
import { channels, contactChannels, messages } from '../../db/schema.js';
import { eventsAfter } from '../../events/outbox.js';

/**
 * CT-3 / CT-4 over HTTP: the contact's channels in their three states, the first message that starts an inactive
 * channel (WhatsApp through the fake Graph API: a template, to the number derived from the contact's phone), and the
 * removal of a channel from a contact.
 */

const server = await startTestServer({ config: { OUTBOUND_TIMEOUT_MS: '3000' } });
const base = await listen(server);
const fake = await FakeWhatsApp.start();
after(() => fake.close());
const anon = client(server);

type Api = ReturnType<typeof client>;
type Item = Record<string, any>;

/** A workspace with WhatsApp (connected through the fake, its templates synced), an API channel and a Telegram bot. */
async function workspace(name: string) {
  const ws = await signupWorkspace(server, name);
  const api = client(server, ws.token);
  const number: FakeNumber = fake.addNumber();
  const connected = await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config: fake.channelConfig(number) });
  assert.equal(connected.status, 201, JSON.stringify(connected.body));
  assert.equal((await fake.subscribe(number.phoneNumberId, `${base}/webhooks/whatsapp_cloud/${connected.body.id}`, 'vibecoding')).status, 200);
  fake.templates.set(number.wabaId, [
    { name: 'hello_first', language: 'es_MX', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hola, somos Tienda Aurora' }] },
  ]);
  assert.equal((await api('POST', `/api/v1/channels/${connected.body.id}/templates/sync`)).status, 200);
  const apiChannel = await addChannel(server, ws.workspaceId, 'api', { outboundUrl: 'http://127.0.0.1:9/unused' });
  const telegram = await addChannel(server, ws.workspaceId, 'telegram', { botToken: '123:unused' });
  return { ...ws, api, number, whatsappId: connected.body.id as string, apiChannel, telegram };
}

async function createContact(api: Api, body: Record<string, unknown>) {
  const res = await api('POST', '/api/v1/contacts', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

async function channelsOf(api: Api, contactId: string): Promise<Item[]> {
  const res = await api('GET', `/api/v1/contacts/${contactId}/channels`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

const byChannel = (items: Item[], channelId: string | number) => items.find((i) => i.channelId === String(channelId));

const template = { name: 'hello_first', language: 'es_MX' };

async function identities(contactId: string) {
  return server.ctx.db.select().from(contactChannels).where(eq(contactChannels.contactId, Number(contactId)));
}

async function timeline(api: Api, contactId: string): Promise<Item[]> {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

const ws = await workspace('Tienda Aurora');
const other = await workspace('Other shop');

test('CT-3 the channels tab: active with the date connected, inactive WhatsApp at the phone, unavailable with the reason', async () => {
  await receive(server, ws.apiChannel, { externalId: 'shop-42', name: 'Ana Souza' });
  const contactId = await contactIdOf(server, ws.apiChannel.id, 'shop-42');
  assert.equal((await ws.api('PATCH', `/api/v1/contacts/${contactId}`, { phone: '+55 11 98765-4321' })).status, 200);
  const [identity] = await identities(contactId);

  const items = await channelsOf(ws.api, contactId);
  assert.deepEqual(
    items.map((i) => [i.channelType, i.state]),
    [
      ['api', 'active'],
      ['whatsapp_cloud', 'inactive'],
      ['telegram', 'unavailable'],
    ],
  );
  assert.deepEqual(byChannel(items, ws.apiChannel.id), {
    channelId: String(ws.apiChannel.id),
    channelType: 'api',
    channelName: 'api channel',
    startsWith: null,
    state: 'active',
    externalId: 'shop-42',
    usable: true,
    connectedAt: identity!.createdAt.toISOString(),
    conversationUrl: null,
    lastInboundAt: identity!.lastInboundAt!.toISOString(),
    replyWindow: null,
    unavailableReason: null,
  });
  // WhatsApp names a contact by the digits of the E.164 number (its wa_id); never written on: templates only.
  assert.deepEqual(byChannel(items, ws.whatsappId), {
    channelId: ws.whatsappId,
    channelType: 'whatsapp_cloud',
    channelName: 'WhatsApp',
    startsWith: 'phone',
    state: 'inactive',
    externalId: '5511987654321',
    usable: true,
    connectedAt: null,
    conversationUrl: null,
    lastInboundAt: null,
    replyWindow: { open: false, closesAt: null },
    unavailableReason: null,
  });
  assert.deepEqual(byChannel(items, ws.telegram.id), {
    channelId: String(ws.telegram.id),
    channelType: 'telegram',
    channelName: 'telegram channel',
    startsWith: null,
    state: 'unavailable',
    externalId: null,
    usable: false,
    connectedAt: null,
    conversationUrl: null,
    lastInboundAt: null,
    replyWindow: null,
    unavailableReason: 'contact_starts',
  });

  // No phone: WhatsApp cannot be started until one is added; the API channel only by the contact.
  const noPhone = await createContact(ws.api, { firstName: 'Sin teléfono' });
  const bare = await channelsOf(ws.api, noPhone);
  assert.deepEqual(
    bare.map((i) => [i.channelType, i.state, i.unavailableReason]),
    [
      ['whatsapp_cloud', 'unavailable', 'no_phone'],
      ['api', 'unavailable', 'contact_starts'],
      ['telegram', 'unavailable', 'contact_starts'],
    ],
  );
});

test('CT-3 removed and disconnected channels: an identity on a removed channel stays listed, unusable; others are not offered', async () => {
  const removed = await addChannel(server, ws.workspaceId, 'api', { outboundUrl: 'http://127.0.0.1:9/unused' });
  const disconnected = await addChannel(server, ws.workspaceId, 'whatsapp_cloud', fake.channelConfig(fake.addNumber()));
  await receive(server, removed, { externalId: 'old-7' });
  const contactId = await contactIdOf(server, removed.id, 'old-7');
  await server.ctx.db.update(channels).set({ removedAt: new Date() }).where(eq(channels.id, removed.id));
  await server.ctx.db.update(channels).set({ status: 'disconnected', statusReason: 'token_expired' }).where(eq(channels.id, disconnected.id));
  await ws.api('PATCH', `/api/v1/contacts/${contactId}`, { phone: '+5215512345678' });

  const items = await channelsOf(ws.api, contactId);
  assert.deepEqual(
    { state: byChannel(items, removed.id)?.state, usable: byChannel(items, removed.id)?.usable },
    { state: 'active', usable: false },
  );
  assert.equal(byChannel(items, disconnected.id), undefined);
  // The Mexican mobile is stored without the old "1" (+52 55…): its WhatsApp address is those digits.
  assert.equal(byChannel(items, ws.whatsappId)?.externalId, '525512345678');
  await server.ctx.db.update(channels).set({ removedAt: new Date() }).where(eq(channels.id, disconnected.id));
});

test('CT-3 the list follows the visibility walls: 401 without a token, 404 for another workspace or a hidden contact', async () => {
  const contactId = await createContact(ws.api, { firstName: 'Walled', phone: '+5511912345678' });
  assert.equal((await anon('GET', `/api/v1/contacts/${contactId}/channels`)).status, 401);
  assert.equal((await other.api('GET', `/api/v1/contacts/${contactId}/channels`)).status, 404);
  const restricted = await addUser(server, ws.workspaceId, { visibility: 'assigned' });
  assert.equal((await client(server, restricted.token)('GET', `/api/v1/contacts/${contactId}/channels`)).status, 404);
});

test('CT-3 first WhatsApp message: text is 422 window_closed and starts nothing; a template goes to the derived number', async () => {
  const contactId = await createContact(ws.api, { firstName: 'Lucía', phone: '+55 21 99876-5432' });
  const sendsBefore = fake.sends().length;

  const text = await ws.api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId: ws.whatsappId, text: 'Hola' });
  assert.equal(text.status, 422, JSON.stringify(text.body));
  assert.equal(text.body.error.code, 'window_closed');
  assert.equal(text.body.error.details.windowClosedAt, null);
  assert.deepEqual(await identities(contactId), []);
  assert.deepEqual(await timeline(ws.api, contactId), []);

  const sent = await ws.api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId: ws.whatsappId, template });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const [identity, ...more] = await identities(contactId);
  assert.deepEqual(more, []);
  assert.deepEqual({ channelId: identity!.channelId, externalId: identity!.externalId }, { channelId: Number(ws.whatsappId), externalId: '5521998765432' });

  await eventually(async () => fake.sends().length > sendsBefore, 10_000, 'the send to Graph');
  const body = fake.sends().at(-1)!;
  assert.equal(body.to, '+5521998765432');
  assert.equal(body.type, 'template');
  assert.deepEqual(body.template, { name: 'hello_first', language: { policy: 'deterministic', code: 'es_MX' } });
  await eventually(async () => (await timeline(ws.api, contactId)).find((i) => i.id === sent.body.id)?.status === 'sent', 10_000, 'sent');

  // IN-7 "new channel added" with who added it; the channel is now active.
  const added = (await timeline(ws.api, contactId)).find((i) => i.kind === 'event' && i.type === 'contact_channel_added');
  assert.deepEqual(added?.data, { channelId: ws.whatsappId, channelType: 'whatsapp_cloud', channelName: 'WhatsApp', externalId: '5521998765432' });
  assert.deepEqual(added?.actor, { kind: 'user', id: ws.userId });
  const whatsapp = byChannel(await channelsOf(ws.api, contactId), ws.whatsappId)!;
  assert.equal(whatsapp.state, 'active');
  assert.equal(whatsapp.connectedAt, identity!.createdAt.toISOString());

  // The contact answers from that number: the same contact, and the window opens for free text.
  await fake.deliver(ws.number.phoneNumberId, inboundPayload(ws.number, '5521998765432', 'Lucía', [textMessage('5521998765432', '¡Hola!')]));
  await eventually(async () => (await timeline(ws.api, contactId)).some((i) => i.kind === 'message' && i.direction === 'in'), 10_000, 'the answer');
  assert.equal((await identities(contactId)).length, 1);
  const reply = await ws.api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId: ws.whatsappId, text: '¿En qué te ayudo?' });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
});

test('CT-3 a number WhatsApp knows under another wa_id: the identity takes it after the first send, so the reply finds the contact', async () => {
  // Mexico dropped the mobile "1" (+52 55…), but WhatsApp still names these numbers 521 55… (PROVIDERS.md §1.7).
  fake.waIds.set('525512345678', '5215512345678');
  const contactId = await createContact(ws.api, { firstName: 'Mariana', phone: '+52 1 55 1234 5678' });
  assert.equal(byChannel(await channelsOf(ws.api, contactId), ws.whatsappId)?.externalId, '525512345678');
  const sent = await ws.api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId: ws.whatsappId, template });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  await eventually(async () => (await timeline(ws.api, contactId)).find((i) => i.id === sent.body.id)?.status === 'sent', 10_000, 'sent');
  assert.equal(fake.sends().at(-1)!.to, '+525512345678');
  assert.deepEqual((await identities(contactId)).map((i) => i.externalId), ['5215512345678']);

  await fake.deliver(ws.number.phoneNumberId, inboundPayload(ws.number, '5215512345678', 'Mariana', [textMessage('5215512345678', 'Hola, gracias')]));
  await eventually(async () => (await timeline(ws.api, contactId)).some((i) => i.kind === 'message' && i.direction === 'in'), 10_000, 'the reply');
  assert.equal(await contactIdOf(server, Number(ws.whatsappId), '5215512345678'), contactId);
});

test('CT-3 concurrent first messages on one channel create one identity', async () => {
  const contactId = await createContact(ws.api, { firstName: 'Race', phone: '+5511955554444' });
  const results = await Promise.all(
    Array.from({ length: 5 }, () => ws.api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId: ws.whatsappId, template })),
  );
  for (const res of results) assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal((await identities(contactId)).length, 1);
  const added = (await timeline(ws.api, contactId)).filter((i) => i.kind === 'event' && i.type === 'contact_channel_added');
  assert.equal(added.length, 1);
  const sentRows = await server.ctx.db.select().from(messages).where(eq(messages.contactId, Number(contactId)));
  assert.equal(sentRows.length, 5);
});

test('CT-3 first messages that cannot start: contact-started channels, no phone, a number another contact holds, a foreign channel', async () => {
  const contactId = await createContact(ws.api, { firstName: 'Refused', phone: '+5511933332222' });
  const send = (channelId: string | number, api = ws.api, id = contactId) =>
    api('POST', `/api/v1/contacts/${id}/messages`, { channelId: String(channelId), template });

  const telegram = await send(ws.telegram.id);
  assert.equal(telegram.status, 422);
  assert.equal(telegram.body.error.code, 'channel_not_startable');

  const noPhone = await createContact(ws.api, { firstName: 'No phone' });
  const missing = await send(ws.whatsappId, ws.api, noPhone);
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body.error.details, { address: 'phone' });

  const foreign = await send(other.whatsappId);
  assert.equal(foreign.status, 422);
  assert.equal(foreign.body.error.code, 'no_channel');

  // The number already wrote in as another contact (a duplicate to merge): that contact keeps the identity.
  await fake.deliver(ws.number.phoneNumberId, inboundPayload(ws.number, '5511933332222', 'Twin', [textMessage('5511933332222', 'Oi')]));
  const twin = await eventually(() => contactIdOf(server, Number(ws.whatsappId), '5511933332222').catch(() => undefined), 10_000, 'twin');
  assert.notEqual(twin, contactId);
  assert.equal(byChannel(await channelsOf(ws.api, contactId), ws.whatsappId)?.unavailableReason, 'address_in_use');
  const taken = await send(ws.whatsappId);
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'channel_address_in_use');

  assert.deepEqual(await identities(contactId), []);
  assert.deepEqual(await timeline(ws.api, contactId), []);
});

test('CT-4 removing a channel from a contact: Owner/Manager only, 404 across walls, history stays, a later message is a new contact', async () => {
  const waId = '5511976543210';
  await fake.deliver(ws.number.phoneNumberId, inboundPayload(ws.number, waId, 'Old number', [textMessage(waId, 'Oi, tudo bem?')]));
  const contactId = await eventually(() => contactIdOf(server, Number(ws.whatsappId), waId).catch(() => undefined), 10_000, 'contact');
  const url = `/api/v1/contacts/${contactId}/channels/${ws.whatsappId}`;
  const agent = client(server, (await addUser(server, ws.workspaceId, { role: 'agent' })).token);
  const manager = await addUser(server, ws.workspaceId, { role: 'manager' });

  assert.equal((await anon('DELETE', url)).status, 401);
  const refused = await agent('DELETE', url);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  assert.equal((await other.api('DELETE', url)).status, 404);
  const unknown = await ws.api('DELETE', `/api/v1/contacts/${contactId}/channels/${ws.telegram.id}`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'not_found');
  assert.equal((await identities(contactId)).length, 1);

  const seq = (await eventsAfter(server.ctx.db, Number(ws.workspaceId), 0, 100_000)).at(-1)!.seq;
  const removed = await client(server, manager.token)('DELETE', url);
  assert.equal(removed.status, 204, JSON.stringify(removed.body));
  assert.deepEqual(await identities(contactId), []);

  // The history stays, its messages still on the channel; the timeline says who removed which channel.
  const items = await timeline(ws.api, contactId);
  const inbound = items.find((i) => i.kind === 'message');
  assert.equal(inbound?.text, 'Oi, tudo bem?');
  assert.equal(inbound?.channelId, ws.whatsappId);
  const event = items.find((i) => i.kind === 'event' && i.type === 'contact_channel_removed');
  assert.deepEqual(event?.actor, { kind: 'user', id: manager.id });
  assert.deepEqual(event?.data, { channelId: ws.whatsappId, channelType: 'whatsapp_cloud', channelName: 'WhatsApp', externalIds: [waId] });
  const [live] = (await eventsAfter(server.ctx.db, Number(ws.workspaceId), seq, 100)).filter((e) => e.type === 'conversation.updated');
  assert.equal((live?.payload as Item).row.contact.id, contactId);
  assert.deepEqual((live?.payload as Item).timeline.map((t: Item) => t.type), ['contact_channel_removed']);

  // Gone from the contact: a second removal is 404; the contact still has the phone, so WhatsApp is inactive again.
  assert.equal((await ws.api('DELETE', url)).status, 404);
  const again = byChannel(await channelsOf(ws.api, contactId), ws.whatsappId);
  assert.deepEqual({ state: again?.state, externalId: again?.externalId }, { state: 'inactive', externalId: waId });

  // The number writes again: it is someone new to the workspace, so a new contact.
  await fake.deliver(ws.number.phoneNumberId, inboundPayload(ws.number, waId, 'New owner', [textMessage(waId, 'Hola, número nuevo')]));
  const newcomer = await eventually(() => contactIdOf(server, Number(ws.whatsappId), waId).catch(() => undefined), 10_000, 'new contact');
  assert.notEqual(newcomer, contactId);
  const [stillThere] = await server.ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.contactId, Number(contactId)), eq(messages.channelId, Number(ws.whatsappId))));
  assert.equal(stillThere?.text, 'Oi, tudo bem?');
});
