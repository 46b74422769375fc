import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { channels, contactChannels, events } from '../../db/schema.js';
import { connectChannel, messageById, messagesOf, providerFixture, receiptsProcessed, reply, settled, storedCounts, storedFrom } from '../../../test/channel-flow.js';
import { eventually, multipart, removeChannel } from '../../../test/fixtures.js';
import { client, freePort, listen, signupWorkspace, startTestServer, type TestServer } from '../../../test/harness.js';
import { FakeTwilio, newSid, twilioErrors, type FakeContent } from '../../../test/fakes/twilio.js';

/**
 * Twilio SMS and WhatsApp-over-Twilio end to end over real HTTP: the fake plays Twilio (the REST API, signed inbound
 * webhooks to the number's URL, signed status callbacks to each send's StatusCallback), webhooks go through our route,
 * the inbound job and the media job, replies through the send job; results are read through the API.
 */

const fixtureText = (name: string) => providerFixture('twilio', name).trim();
const fixtureJson = (name: string) => JSON.parse(fixtureText(name));

const dataDir = mkdtempSync(path.join(tmpdir(), 'conversa-twilio-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '3000', PUBLIC_URL: base } });
await listen(server, port);
const fake = await FakeTwilio.start();
after(() => fake.close());

type Medium = 'sms' | 'whatsapp';

/** A new workspace with a Twilio channel on a new account's number (on `on`); the number's webhook points at the channel, as set in the Console. */
async function connect(medium: Medium = 'sms', on: TestServer = server) {
  const account = fake.addAccount();
  const sender = fake.addSender(account, medium);
  const type = medium === 'whatsapp' ? 'twilio_whatsapp' : 'twilio_sms';
  const name = medium === 'whatsapp' ? 'WhatsApp (Twilio)' : 'SMS';
  const channel = await connectChannel(on, { workspace: 'Tienda Twilio', type, name, config: fake.channelConfig(sender) });
  sender.webhookUrl = channel.inboundUrl;
  return { ...channel, account, sender, type };
}
type Connected = Awaited<ReturnType<typeof connect>>;

const randomNumber = () => `+1415${Math.floor(2_000_000 + Math.random() * 7_999_999)}`;

/** The messages stored from `externalId` once the inbound job has recorded `n` of them. */
const stored = (ctx: Connected, externalId: string, n = 1) => storedFrom(server, ctx.api, ctx.channelId, externalId, n);

/** A contact who just wrote to the channel's number (the WhatsApp window is open), and their contact id. */
async function writingContact(ctx: Connected, from = randomNumber()) {
  await fake.sendInbound(ctx.sender, from, 'Hola, ¿tienen envío a Oaxaca? 🌵', ctx.sender.medium === 'whatsapp' ? { ProfileName: 'Lucía Pérez' } : {});
  const { contactId, items } = await stored(ctx, from);
  return { from, contactId, inbound: items[0] };
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

// ---- Connecting ----

test('CH-6 connect reads the Account with HTTP Basic: a wrong token, a suspended account or bad config is 422 and nothing is saved', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const account = fake.addAccount();
  const sender = fake.addSender(account, 'sms');
  const good = fake.channelConfig(sender);
  const suspended = fake.addAccount({ status: 'suspended' });
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  const cases: [string, string, Record<string, unknown>, number, string][] = [
    ['wrong auth token', 'twilio_sms', { ...good, authToken: 'f'.repeat(32) }, 422, 'channel_credentials_invalid'],
    ['suspended account', 'twilio_sms', { ...good, accountSid: suspended.accountSid, authToken: suspended.authToken }, 422, 'channel_credentials_invalid'],
    ['Twilio unreachable', 'twilio_sms', { ...good, apiBaseUrl: unreachable }, 502, 'provider_unreachable'],
    ['no number nor Messaging Service', 'twilio_sms', { ...good, phoneNumber: undefined }, 422, 'validation_failed'],
    ['not an Account SID', 'twilio_whatsapp', { ...good, accountSid: 'AC123' }, 422, 'validation_failed'],
    ['not a phone number', 'twilio_whatsapp', { ...good, phoneNumber: '14155238886' }, 422, 'validation_failed'],
  ];
  for (const [label, type, config, status, code] of cases) {
    const res = await api('POST', '/api/v1/channels', { type, name: 'SMS', config });
    assert.equal(res.status, status, `${label}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, code, label);
  }
  const wrong = await api('POST', '/api/v1/channels', { type: 'twilio_sms', name: 'SMS', config: { ...good, authToken: 'f'.repeat(32) } });
  assert.deepEqual(wrong.body.error.details.provider, { code: 'token_rejected', message: '20003 - Authenticate' });
  const missing = await api('POST', '/api/v1/channels', { type: 'twilio_sms', name: 'SMS', config: { ...good, phoneNumber: undefined } });
  assert.equal(missing.body.error.details[0].path, 'body.config.phoneNumber');
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);

  const seen = fake.requests.length;
  const created = await api('POST', '/api/v1/channels', { type: 'twilio_whatsapp', name: 'WhatsApp', config: { ...good, phoneNumber: 'whatsapp:+1 415 523 8886' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.config.phoneNumber, '+14155238886', 'stored in E.164');
  assert.equal(created.body.inboundUrl, `${base}/webhooks/twilio_whatsapp/${created.body.id}`);
  assert.equal(created.body.capabilities.replyWindowMs, 24 * 3_600_000);
  const check = fake.requests.slice(seen).find((r) => r.path === `/2010-04-01/Accounts/${account.accountSid}.json`)!;
  assert.equal(check.method, 'GET');
  assert.equal(check.headers.authorization, `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`);
  const patch = await api('PATCH', `/api/v1/channels/${created.body.id}`, { config: { ...good, authToken: 'f'.repeat(32) } });
  assert.equal(patch.status, 422);
  assert.equal((await api('GET', `/api/v1/channels/${created.body.id}`)).body.config.authToken, account.authToken);
});

// ---- Inbound: the fixtures ----

test('CH-2 fixture inbound_sms.form.txt, posted as those exact bytes and signed, is stored once; Twilio gets empty TwiML back', async () => {
  const ctx = await connect('sms');
  const raw = fixtureText('inbound_sms.form.txt');
  const params = [...new URLSearchParams(raw)];
  assert.deepEqual(await fake.deliver(ctx.sender.webhookUrl!, params, { token: ctx.account.authToken, rawBody: raw }), [200]);
  const answer = fake.posted.at(-1)!;
  assert.match(answer.contentType ?? '', /^text\/xml/);
  assert.match(answer.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Response><\/Response>$/);
  const { contactId, items } = await stored(ctx, '+14017122661');
  assert.deepEqual(pick(items[0], ['direction', 'senderKind', 'text', 'externalId', 'status', 'content']), {
    direction: 'in',
    senderKind: 'contact',
    text: 'Hello, I need help with my order',
    externalId: 'SM1f0e8ae6ade43cb3c0ce4525424e404f',
    status: 'received',
    content: null,
  });
  const contact = (await ctx.api('GET', `/api/v1/contacts/${contactId}`)).body;
  assert.equal(contact.phone, '+14017122661');
  assert.equal(contact.country, 'US');
});

test('CH-2 fixture inbound_sms.params.json is stored as the same message', async () => {
  const ctx = await connect('sms');
  const params = fixtureJson('inbound_sms.params.json') as Record<string, string>;
  assert.deepEqual(await fake.deliver(ctx.sender.webhookUrl!, params, { token: ctx.account.authToken }), [200]);
  const { items } = await stored(ctx, params.From!);
  assert.deepEqual(pick(items[0], ['text', 'externalId']), { text: params.Body, externalId: params.MessageSid });
});

test('CH-2 fixture status_callback_delivered.params.json marks the send it names delivered', async () => {
  const ctx = await connect('sms');
  const { contactId } = await writingContact(ctx);
  // Our reply gets the fixture's SID, so the fixture's callback is about it.
  const status = fixtureJson('status_callback_delivered.params.json') as Record<string, string>;
  fake.nextSids.push(status.MessageSid!);
  const id = await reply(ctx.api, contactId, { text: 'Claro, ¿cuál es el número de pedido?' });
  assert.equal((await settled(ctx.api, contactId, id, 'sent')).externalId, status.MessageSid);
  assert.deepEqual(await fake.deliver(ctx.sender.webhookUrl!, status, { token: ctx.account.authToken }), [200]);
  const delivered = await settled(ctx.api, contactId, id, 'delivered');
  assert.ok(delivered.statusTimes.sent && delivered.statusTimes.delivered);
  assert.equal(delivered.error, null);
});

// ---- Inbound: authenticity, duplicates, media ----

test('P1 a forged, unsigned, wrongly keyed, re-targeted or tampered webhook is refused with 401 and stores nothing', async () => {
  const ctx = await connect('sms');
  const from = randomNumber();
  const send = (options: Parameters<typeof fake.sendInbound>[4]) => fake.sendInbound(ctx.sender, from, 'Soy Twilio, de verdad', {}, options);
  assert.deepEqual((await send({ signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' })).statuses, [401]);
  assert.deepEqual((await send({ signature: null })).statuses, [401]);
  assert.deepEqual((await send({ token: 'f'.repeat(32) })).statuses, [401]);
  assert.deepEqual((await send({ signedUrl: `${base}/webhooks/twilio_sms/${Number(ctx.channelId) + 1}` })).statuses, [401], 'signed for another URL');
  const params: [string, string][] = [['MessageSid', newSid('SM')], ['From', from], ['To', ctx.sender.number], ['Body', 'original']];
  const tampered = new URLSearchParams([...params.slice(0, 3), ['Body', 'cambiado']]).toString();
  assert.deepEqual(await fake.deliver(ctx.sender.webhookUrl!, params, { token: ctx.account.authToken, rawBody: tampered }), [401], 'signed over other parameters');
  assert.equal(JSON.parse(fake.posted.at(-1)!.body).error.code, 'invalid_signature');
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(ctx.channelId)));
  assert.equal(row!.lastWebhookAt, null);
});

test('P1 the same message delivered 5 times (Twilio retrying, concurrently) is stored once', async () => {
  const ctx = await connect('sms');
  const from = randomNumber();
  const { statuses } = await fake.sendInbound(ctx.sender, from, 'Sólo una vez, por favor 🙏', {}, { times: 5, concurrent: true });
  assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 5);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 5 });
  assert.equal((await stored(ctx, from)).items[0].text, 'Sólo una vez, por favor 🙏');
});

test('CH-2 MMS: each MediaUrl is fetched with Basic auth through Twilio\'s CDN redirect, stored, and agents download it from us', async () => {
  const ctx = await connect('sms');
  const from = randomNumber();
  const messageSid = newSid('MM');
  const files = [
    { bytes: Buffer.from('\x89PNG fake png', 'latin1'), type: 'image/png' },
    { bytes: Buffer.from('\xff\xd8\xff fake jpeg', 'latin1'), type: 'image/jpeg' },
    { bytes: Buffer.from('%PDF-1.7 factura'), type: 'application/pdf' },
  ];
  const media = Object.fromEntries(
    files.flatMap((f, i) => [
      [`MediaUrl${i}`, fake.addMedia(ctx.account, messageSid, f.bytes, f.type)],
      [`MediaContentType${i}`, f.type],
    ]),
  );
  const seen = fake.requests.length;
  await fake.sendInbound(ctx.sender, from, 'Fotos del paquete y la factura', { MessageSid: messageSid, NumMedia: '3', ...media });
  const { contactId } = await stored(ctx, from);
  const message = await eventually(async () => {
    const [m] = await messagesOf(ctx.api, contactId);
    return m.content.attachments.every((a: any) => a.url) && m;
  }, 15_000, 'attachments stored');
  assert.equal(message.text, 'Fotos del paquete y la factura');
  assert.equal(message.content.kind, 'image');
  assert.deepEqual(message.content.attachments.map((a: any) => [a.type, a.mimeType, a.size]), files.map((f) => [f.type === 'application/pdf' ? 'document' : 'image', f.type, f.bytes.length]));
  for (const [i, attachment] of message.content.attachments.entries()) {
    assert.equal('providerMediaId' in attachment, false);
    const res = await fetch(`${base}${attachment.url}`, { headers: { authorization: `Bearer ${ctx.token}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), files[i]!.bytes);
  }
  const requests = fake.requests.slice(seen);
  const mediaCalls = requests.filter((r) => r.path.includes('/Media/'));
  assert.equal(mediaCalls.length, 3);
  assert.ok(mediaCalls.every((r) => r.status === 307 && r.headers.authorization === `Basic ${Buffer.from(`${ctx.account.accountSid}:${ctx.account.authToken}`).toString('base64')}`));
  assert.ok(requests.filter((r) => r.path.startsWith('cdn:')).every((r) => r.status === 200 && r.headers.authorization === undefined));
});

test('CH-2 WhatsApp via Twilio: the contact is named by ProfileName and keyed by number; a location and a quick reply are stored', async () => {
  const ctx = await connect('whatsapp');
  const from = randomNumber();
  const profile = { ProfileName: 'Lucía Pérez', WaId: from.slice(1) };
  await fake.sendInbound(ctx.sender, from, 'Hola 👋', profile);
  await fake.sendInbound(ctx.sender, from, '', { ...profile, MessageType: 'location', Latitude: '19.4326', Longitude: '-99.1332', Label: 'Zócalo', Address: 'Centro, CDMX' });
  await fake.sendInbound(ctx.sender, from, 'Sí, confirmar', { ...profile, MessageType: 'button', ButtonText: 'Sí, confirmar', ButtonPayload: 'confirm-42' });
  const { contactId, items } = await stored(ctx, from, 3);
  const contact = (await ctx.api('GET', `/api/v1/contacts/${contactId}`)).body;
  assert.deepEqual(pick(contact, ['displayName', 'phone']), { displayName: 'Lucía Pérez', phone: from });
  const text = items.find((m: any) => m.content === null);
  const location = items.find((m: any) => m.content?.kind === 'location');
  const button = items.find((m: any) => m.content?.kind === 'choice');
  assert.equal(text.text, 'Hola 👋');
  assert.deepEqual(location.content.location, { latitude: 19.4326, longitude: -99.1332, name: 'Zócalo', address: 'Centro, CDMX' });
  assert.deepEqual(button.content.choice, { kind: 'template_button', id: 'confirm-42', title: 'Sí, confirmar' });
  const window = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items[0].replyWindow;
  assert.equal(window.open, true);
});

// ---- Outbound ----

test('IN-8 an SMS reply goes to the Messages resource with Basic auth and our StatusCallback; Twilio\'s signed callbacks mark it delivered', async () => {
  const ctx = await connect('sms');
  const { contactId, from } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Sí, enviamos a todo México.' });
  const sent = await settled(ctx.api, contactId, id, 'sent');
  const accepted = fake.accepted.find((m) => m.sid === sent.externalId)!;
  assert.deepEqual(Object.fromEntries(accepted.form), { To: from, From: ctx.sender.number, Body: 'Sí, enviamos a todo México.', StatusCallback: ctx.sender.webhookUrl });
  assert.deepEqual(await fake.reportStatus(sent.externalId, 'sent'), [200]);
  assert.match(fake.posted.at(-1)!.contentType ?? '', /^text\/xml/);
  assert.deepEqual(await fake.reportStatus(sent.externalId, 'delivered', { RawDlrDoneDate: '2406011200' }), [200]);
  const delivered = await settled(ctx.api, contactId, id, 'delivered');
  assert.ok(delivered.statusTimes.delivered);
});

test('IN-8 Twilio only takes a public MediaUrl: its channels send no files, a file reply is 422 files_not_supported', async () => {
  const ctx = await connect('whatsapp');
  const { contactId, from } = await writingContact(ctx);
  const form = multipart({ text: 'la factura' }, { name: 'factura.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7') });
  const res = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, form.headers);
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, 'files_not_supported');
  assert.deepEqual((await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body.capabilities.files, {});
  assert.equal(fake.sends().filter((f) => f.get('To') === `whatsapp:${from}`).length, 0);
});

test('CH-2 a burst of status callbacks out of order and repeated ends at read; undelivered and failed keep Twilio\'s code and text', async () => {
  const ctx = await connect('whatsapp');
  const { contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Tu pedido salió hoy' });
  const { externalId } = await settled(ctx.api, contactId, id, 'sent');
  const burst = ['read', 'delivered', 'sent', 'sending', 'queued', 'read', 'delivered'].map((s) => fake.reportStatus(externalId, s));
  assert.deepEqual((await Promise.all(burst)).flat(), [200, 200, 200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 8);
  const read = await messageById(ctx.api, contactId, id);
  assert.equal(read.status, 'read');
  assert.ok(read.statusTimes.sent && read.statusTimes.delivered && read.statusTimes.read);
  // A late failure cannot undo a delivery.
  await fake.reportStatus(externalId, 'undelivered', { ErrorCode: '30003' });
  await receiptsProcessed(server, ctx.channelId, 9);
  assert.equal((await messageById(ctx.api, contactId, id)).status, 'read');

  const cases: [string, Record<string, string>, { code: string; message: string }][] = [
    ['undelivered', { ErrorCode: '30003' }, { code: 'unreachable', message: '30003 - Unreachable destination handset' }],
    ['failed', { ErrorCode: '30008', ErrorMessage: 'Unknown error' }, { code: 'twilio_30008', message: '30008 - Unknown error' }],
  ];
  for (const [status, extra, error] of cases) {
    const other = await reply(ctx.api, contactId, { text: `este termina ${status}` });
    const { externalId: sid } = await settled(ctx.api, contactId, other, 'sent');
    await fake.reportStatus(sid, status, extra);
    await fake.reportStatus(sid, 'sent');
    const failed = await settled(ctx.api, contactId, other, 'failed');
    assert.deepEqual(failed.error, error);
  }
});

test('CH-4 REST errors: 429 waits Retry-After and sends once, 21211 and 63016 fail for good, a 500 is never resent, 20003 disconnects', async () => {
  const ctx = await connect('sms');
  const { contactId } = await writingContact(ctx);

  fake.failNext(twilioErrors.tooManyRequests, 2);
  const limited = await reply(ctx.api, contactId, { text: 'Despacio' });
  const sent = await settled(ctx.api, contactId, limited, 'sent', 20_000);
  assert.equal(fake.sends().filter((f) => f.get('Body') === 'Despacio').length, 3, 'two refusals, then accepted');
  assert.equal(fake.accepted.filter((m) => m.sid === sent.externalId).length, 1);

  const cases: [Parameters<typeof fake.failNext>[0], { code: string; message: string }][] = [
    [fixtureJson('error_21211_400.json'), { code: 'invalid_number', message: "21211 - The 'To' number asd is not a valid phone number." }],
    [twilioErrors.outsideWindow, { code: 'window_closed', message: `63016 - ${twilioErrors.outsideWindow.message}` }],
    [twilioErrors.internal, { code: 'delivery_uncertain', message: 'The provider may have received this message; it was not sent again to avoid a duplicate.' }],
  ];
  for (const [error, expected] of cases) {
    fake.failNext(error);
    const id = await reply(ctx.api, contactId, { text: `falla con ${error.code}` });
    const failed = await settled(ctx.api, contactId, id, 'failed', 20_000);
    assert.deepEqual(failed.error, expected);
    assert.equal(fake.sends().filter((f) => f.get('Body') === `falla con ${error.code}`).length, 1, 'sent once');
  }

  fake.failNext(fixtureJson('error_20003_401.json'));
  const doomed = await reply(ctx.api, contactId, { text: 'Token cambiado' });
  const failed = await settled(ctx.api, contactId, doomed, 'failed');
  assert.deepEqual(failed.error, { code: 'token_rejected', message: '20003 - Authenticate' });
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual(pick(channel, ['status', 'statusReason']), { status: 'disconnected', statusReason: 'token_rejected' });
  const told = await server.ctx.db.select().from(events).where(and(eq(events.workspaceId, ctx.workspaceId), eq(events.type, 'channel.updated')));
  assert.equal(told.length, 1);
  const patched = await ctx.api('PATCH', `/api/v1/channels/${ctx.channelId}`, { config: fake.channelConfig(ctx.sender) });
  assert.deepEqual(pick(patched.body, ['status', 'statusReason']), { status: 'connected', statusReason: null });
  await settled(ctx.api, contactId, await reply(ctx.api, contactId, { text: 'De vuelta' }), 'sent');
});

// ---- WhatsApp: the window and templates ----

test('IN-8 WhatsApp via Twilio: inside the window text goes as whatsapp:+; outside it text is 422 window_closed and an approved Content template is sent', async () => {
  const ctx = await connect('whatsapp');
  const { contactId, from } = await writingContact(ctx);
  const inside = await reply(ctx.api, contactId, { text: 'Sí, hay envío.' });
  const sent = await settled(ctx.api, contactId, inside, 'sent');
  assert.deepEqual(Object.fromEntries(fake.accepted.find((m) => m.sid === sent.externalId)!.form), {
    To: `whatsapp:${from}`,
    From: `whatsapp:${ctx.sender.number}`,
    Body: 'Sí, hay envío.',
    StatusCallback: ctx.sender.webhookUrl,
  });

  // A day later.
  const dayAgo = new Date(Date.now() - 25 * 3_600_000);
  await server.ctx.db.update(contactChannels).set({ lastInboundAt: dayAgo }).where(and(eq(contactChannels.channelId, Number(ctx.channelId)), eq(contactChannels.externalId, from)));
  fake.setLastInbound(ctx.sender, from, dayAgo.getTime());
  const refused = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿Sigue interesado?' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'window_closed');

  const order: FakeContent = {
    sid: newSid('HX'),
    friendly_name: 'order_update',
    language: 'es',
    variables: { '1': 'pedido' },
    types: { 'twilio/text': { body: 'Tu pedido {{1}} salió hoy' } },
    approval: { name: 'order_update', category: 'UTILITY', status: 'approved' },
  };
  const draft: FakeContent = { ...order, sid: newSid('HX'), friendly_name: 'draft', approval: { name: 'draft', category: 'MARKETING', status: 'pending' } };
  fake.contents.set(ctx.account.accountSid, [order, draft]);
  const synced = await ctx.api('POST', `/api/v1/channels/${ctx.channelId}/templates/sync`);
  assert.equal(synced.status, 200, JSON.stringify(synced.body));
  assert.deepEqual(synced.body.items.map((t: any) => [t.name, t.status]).sort(), [[order.sid, 'APPROVED'], [draft.sid, 'PENDING']].sort());
  const pending = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { template: { name: draft.sid, language: 'es' } });
  assert.equal(pending.body.error.code, 'template_not_approved');
  const components = [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }];
  const id = await reply(ctx.api, contactId, { template: { name: order.sid, language: 'es', components } });
  const templated = await settled(ctx.api, contactId, id, 'sent');
  assert.deepEqual(templated.content, { kind: 'template', template: { name: order.sid, language: 'es', components } });
  const form = fake.accepted.find((m) => m.sid === templated.externalId)!.form;
  assert.deepEqual(pick(Object.fromEntries(form), ['ContentSid', 'ContentVariables', 'Body']), { ContentSid: order.sid, ContentVariables: '{"1":"A-1042"}', Body: undefined });
  assert.equal(fake.sends().filter((f) => f.get('Body') === '¿Sigue interesado?').length, 0, 'the refused text never left');
});

test('CH-4 when Twilio\'s clock says the window closed, the accepted text fails by status callback with 63016: window_closed', async () => {
  const ctx = await connect('whatsapp');
  const { contactId, from } = await writingContact(ctx);
  fake.setLastInbound(ctx.sender, from, Date.now() - 25 * 3_600_000);
  const id = await reply(ctx.api, contactId, { text: 'Tarde' });
  const failed = await settled(ctx.api, contactId, id, 'failed');
  assert.equal(failed.error.code, 'window_closed');
  assert.match(failed.error.message, /^63016 - /);
  assert.ok(failed.statusTimes.sent, 'it was accepted first');
});

// ---- The signed URL without PUBLIC_URL ----

test('CH-2 without PUBLIC_URL the signed URL is the request\'s own scheme and host (behind a proxy: X-Forwarded-Proto/Host)', async () => {
  const bare = await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '3000' } });
  const bareBase = await listen(bare);
  const ctx = await connect('sms', bare);
  const path = new URL(ctx.sender.webhookUrl!).pathname;
  ctx.sender.webhookUrl = `${bareBase}${path}`;
  assert.deepEqual((await fake.sendInbound(ctx.sender, randomNumber(), 'directo')).statuses, [200], 'signed over the URL called');
  const proxied = { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'inbox.example.com' }, signedUrl: `https://inbox.example.com${path}` };
  assert.deepEqual((await fake.sendInbound(ctx.sender, randomNumber(), 'por el proxy', {}, proxied)).statuses, [200], 'signed over the public URL');
  assert.deepEqual((await fake.sendInbound(ctx.sender, randomNumber(), 'x', {}, { signedUrl: `http://localhost:3000${path}` })).statuses, [401], 'not the default PUBLIC_URL');
});

test('CT-3 an SMS to a contact who never wrote: Twilio SMS is inactive at their phone, and a first message goes to it in E.164', async () => {
  const ctx = await connect('sms');
  const phone = randomNumber();
  const created = await ctx.api('POST', '/api/v1/contacts', { firstName: 'Inés', phone });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const listed = (await ctx.api('GET', `/api/v1/contacts/${created.body.id}/channels`)).body.items.find((i: { channelId: string }) => i.channelId === ctx.channelId);
  assert.equal(listed.state, 'inactive');
  const id = await reply(ctx.api, created.body.id, { text: 'Hola Inés, su pedido está listo', channelId: ctx.channelId });
  await settled(ctx.api, created.body.id, id, 'sent');
  const accepted = fake.accepted.find((a) => a.to === phone)!;
  assert.equal(accepted.form.get('Body'), 'Hola Inés, su pedido está listo');
  // The number now names the contact on the channel: their answer lands in the same history.
  await fake.sendInbound(ctx.sender, phone, 'Gracias!');
  const { contactId } = await stored(ctx, phone, 2);
  assert.equal(contactId, created.body.id);
});

test('CH-5 after the channel is removed, an inbound message is answered with empty TwiML and stores nothing', async () => {
  const ctx = await connect('sms');
  assert.equal((await removeChannel(server, ctx.token, ctx.channelId)).status, 204);
  const before = await storedCounts(server, ctx.channelId);
  await fake.sendInbound(ctx.sender, randomNumber(), '¿Siguen ahí?');
  const answer = fake.posted.at(-1)!;
  assert.equal(answer.status, 200);
  assert.match(answer.contentType ?? '', /^text\/xml/);
  assert.match(answer.body, /<Response><\/Response>$/);
  assert.deepEqual(await storedCounts(server, ctx.channelId), before);
});
