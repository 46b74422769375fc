import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { channels, contactChannels, contacts, events, webhookReceipts } from '../../db/schema.js';
import { contactIdOf, eventually, multipart } from '../../../test/fixtures.js';
import { client, freePort, listen, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { connectChannel, messagesOf, receiptsProcessed, reply, settled, storedCounts } from '../../../test/channel-flow.js';
import {
  contactEvent,
  contactMessage,
  FakeMeta,
  graphErrors,
  inboxEcho,
  messagingPayload,
  type FakeAccount,
} from '../../../test/fakes/meta-messaging.js';

/**
 * Messenger and Instagram end to end over real HTTP: the fake plays Meta (handshake, signed webhooks, the Send API,
 * echoes, the CDN), webhooks go through our route, the inbound job and the outbound job; results are read through the
 * API.
 */

// The provider's sample payloads (a copy of ../shared/channels/fixtures/{messenger,instagram} kept in the test tree).
const FIXTURES = fileURLToPath(new URL('../../../test/provider-fixtures', import.meta.url));
/** A fixture with its placeholders (`<PAGE_ID>`, `<PSID>`…) replaced by this test's values. */
const fixture = (name: string, values: Record<string, string> = {}) => {
  let text = readFileSync(path.join(FIXTURES, name), 'utf8');
  for (const [placeholder, value] of Object.entries(values)) text = text.split(placeholder).join(value);
  return JSON.parse(text);
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'conversa-meta-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const server = await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '3000' } });
const base = await listen(server);
const fake = await FakeMeta.start();
after(() => fake.close());

type Api = ReturnType<typeof client>;
type Connected = Awaited<ReturnType<typeof connect>>;

/** A new workspace with a channel on `account`, its callback URL verified by the fake as Meta would. */
async function connect(account: FakeAccount, extra: Record<string, unknown> = {}) {
  const type = account.product;
  const connected = await connectChannel(server, { workspace: 'Tienda Aurora', type, name: type, config: fake.channelConfig(account, extra) });
  const handshake = await fake.subscribe(account.id, `${base}/webhooks/${type}/${connected.channelId}`);
  assert.equal(handshake.status, 200);
  return { ...connected, account, type };
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
let psidSeq = 0;
const newPsid = () => `2${String(Date.now()).slice(-9)}${String(++psidSeq).padStart(4, '0')}`;

async function timeline(api: Api, contactId: string) {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(res.status, 200);
  return res.body.items as any[];
}

const contactOf = (ctx: Connected, externalId: string) =>
  eventually(() => contactIdOf(server, Number(ctx.channelId), externalId).catch(() => undefined), 10_000, `contact ${externalId}`);

/** The contact's message with this provider id, once recorded. */
async function stored(ctx: Connected, contactExternalId: string, mid: string) {
  const contactId = await contactOf(ctx, contactExternalId);
  const message = await eventually(async () => (await messagesOf(ctx.api, contactId)).find((m) => m.externalId === mid), 10_000, `message ${mid}`);
  return { contactId, message };
}

/** A contact who just wrote (the window is open), and their contact id. */
async function writingContact(ctx: Connected, text = 'Hola, ¿tienen la chaqueta en talla M? 🧥') {
  const psid = newPsid();
  const item = contactMessage(ctx.account, psid, { text });
  assert.deepEqual(await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item])), [200]);
  const { contactId, message } = await stored(ctx, psid, item.message.mid);
  return { psid, contactId, inbound: message };
}

const acceptedOf = (mid: string) => fake.accepted.filter((a) => a.mid === mid);

// ---- Connecting ----

for (const product of ['messenger', 'instagram'] as const) {
  test(`CH-6 ${product}: the GET handshake echoes hub.challenge as text/plain; a wrong verify token or mode is 403`, async () => {
    const { channelId } = await connect(product === 'messenger' ? fake.addPage() : fake.addInstagram());
    const url = (q: Record<string, string>) => `/webhooks/${product}/${channelId}?${new URLSearchParams(q)}`;
    const ok = await server.app.inject({ method: 'GET', url: url({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'vibecoding' }) });
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers['content-type']), /^text\/plain/);
    assert.equal(ok.body, '1158201444');
    for (const q of [
      { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 'not-it' },
      { 'hub.mode': 'unsubscribe', 'hub.challenge': '1', 'hub.verify_token': 'vibecoding' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'vibecoding' },
    ] as Record<string, string>[]) {
      const refused = await server.app.inject({ method: 'GET', url: url(q) });
      assert.equal(refused.statusCode, 403, JSON.stringify(q));
      assert.equal(JSON.parse(refused.body).error.code, 'verification_failed');
    }
    const otherType = await server.app.inject({ method: 'GET', url: `/webhooks/whatsapp_cloud/${channelId}?hub.mode=subscribe` });
    assert.equal(otherType.statusCode, 404);
  });
}

test('CH-6 connecting subscribes the account to the app with Graph: a wrong token is 422 and nothing is saved', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const page = fake.addPage();
  const good = fake.channelConfig(page);
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['wrong token', { ...good, pageAccessToken: 'EAAP-wrong' }, 422, 'channel_credentials_invalid'],
    ['another Page', { ...good, pageId: '1234567' }, 422, 'channel_credentials_invalid'],
    ['Graph unreachable', { ...good, apiBaseUrl: unreachable }, 502, 'provider_unreachable'],
    ['missing app secret', { ...good, appSecret: undefined }, 422, 'validation_failed'],
    ['a Page id that is not one', { ...good, pageId: '<PAGE_ID>' }, 422, 'validation_failed'],
  ];
  for (const [label, config, statusCode, code] of cases) {
    const res = await api('POST', '/api/v1/channels', { type: 'messenger', name: 'Messenger', config });
    assert.equal(res.status, statusCode, label);
    assert.equal(res.body.error.code, code, label);
  }
  const wrongToken = await api('POST', '/api/v1/channels', { type: 'messenger', name: 'Messenger', config: { ...good, pageAccessToken: 'EAAP-wrong' } });
  assert.deepEqual(wrongToken.body.error.details.provider, { code: 'token_expired', message: '(#190) Invalid OAuth access token.' });
  const ig = fake.addInstagram();
  const wrongIg = await api('POST', '/api/v1/channels', { type: 'instagram', name: 'IG', config: { ...fake.channelConfig(ig), instagramAccessToken: 'IGAA-wrong' } });
  assert.equal(wrongIg.status, 422);
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);
  assert.equal(fake.subscribed.filter((s) => s.node === page.id || s.node === ig.id).length, 0);

  const created = await api('POST', '/api/v1/channels', { type: 'messenger', name: 'Messenger', config: good });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(pick(created.body.config, ['apiVersion', 'humanAgentTag']), { apiVersion: 'v25.0', humanAgentTag: false });
  assert.deepEqual(created.body.capabilities.replyWindowMs, 24 * 3_600_000);
  assert.deepEqual(fake.subscribed.find((s) => s.node === page.id)!.fields, [
    'messages', 'message_echoes', 'message_deliveries', 'message_reads', 'messaging_postbacks', 'message_reactions', 'message_edits', 'messaging_referrals',
  ]);
  const subscribeCall = fake.requests.find((r) => r.path === `/v25.0/${page.id}/subscribed_apps` && r.status === 200)!;
  assert.equal(subscribeCall.query.get('appsecret_proof'), createHmac('sha256', fake.appSecret).update(page.accessToken).digest('hex'));
  const viaPage = fake.addInstagram({ viaPage: true });
  const igCreated = await api('POST', '/api/v1/channels', { type: 'instagram', name: 'IG', config: fake.channelConfig(viaPage) });
  assert.equal(igCreated.status, 201, JSON.stringify(igCreated.body));
  assert.ok(fake.subscribed.some((s) => s.node === viaPage.pageId), 'an account linked to a Page is subscribed through the Page');

  const patch = await api('PATCH', `/api/v1/channels/${created.body.id}`, { config: { ...good, pageAccessToken: 'EAAP-wrong' } });
  assert.equal(patch.status, 422);
  assert.equal((await api('GET', `/api/v1/channels/${created.body.id}`)).body.config.pageAccessToken, page.accessToken);
});

// ---- Inbound: authenticity and duplicates ----

test('P1 a forged, unsigned or wrongly keyed webhook is refused with 401 and stores nothing', async () => {
  const ctx = await connect(fake.addPage());
  const payload = messagingPayload(ctx.account, [contactMessage(ctx.account, newPsid(), { text: 'hola' })]);
  assert.deepEqual(await fake.deliver(ctx.account.id, payload, { signature: `sha256=${'ab'.repeat(32)}` }), [401]);
  assert.deepEqual(await fake.deliver(ctx.account.id, payload, { signature: null }), [401]);
  assert.deepEqual(await fake.deliver(ctx.account.id, payload, { secret: 'another-app-secret' }), [401]);
  const reencoded = JSON.stringify(payload, null, 1);
  const res = await fetch(`${base}/webhooks/messenger/${ctx.channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', fake.appSecret).update(JSON.stringify(payload)).digest('hex')}` },
    body: reencoded,
  });
  assert.equal(res.status, 401, 'a signature over other bytes does not match');
  const wrongObject = { ...payload, object: 'instagram' };
  assert.deepEqual(await fake.deliver(ctx.account.id, wrongObject), [400], 'an Instagram body on a Messenger channel');
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(ctx.channelId)));
  assert.equal(row!.lastWebhookAt, null);
});

test('P1 the same webhook delivered 5 times (concurrently) is stored once; escaped unicode is decoded', async () => {
  const ctx = await connect(fake.addInstagram());
  const psid = newPsid();
  const item = contactMessage(ctx.account, psid, { text: 'Sólo una vez, por favor 🙏' });
  assert.deepEqual(await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item]), { times: 5, concurrent: true }), [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 5);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 5 });
  const { message } = await stored(ctx, psid, item.message.mid);
  assert.equal(message.text, 'Sólo una vez, por favor 🙏');
});

// ---- Inbound: every fixture ----

test('CH-2 fixture messenger/inbound_text.json is stored as the contact\'s message', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  assert.deepEqual(await fake.deliver(ctx.account.id, fixture('messenger/inbound_text.json', { '<PAGE_ID>': ctx.account.id, '<PSID>': psid })), [200]);
  const { contactId, message } = await stored(ctx, psid, 'mid.1457764197618:41d102a3e1ae206a38');
  assert.deepEqual(pick(message, ['direction', 'senderKind', 'text', 'content', 'status']), {
    direction: 'in', senderKind: 'contact', text: 'hello, world!', content: null, status: 'received',
  });
  assert.equal(message.statusTimes.sent, new Date(1458692752478).toISOString());
  const identities = await server.ctx.db.select().from(contactChannels).where(eq(contactChannels.contactId, Number(contactId)));
  assert.deepEqual(identities.map((i) => i.externalId), [psid]);
});

test('CH-2 fixture messenger/inbound_image_attachment.json: the image is fetched from Meta\'s CDN (through a redirect) and stored', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  const bytes = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const url = fake.addCdnFile(bytes, 'image/png', { redirect: true });
  await fake.deliver(ctx.account.id, fixture('messenger/inbound_image_attachment.json', { '<PAGE_ID>': ctx.account.id, '<PSID>': psid, '<IMAGE_URL>': url }));
  const { contactId, message } = await stored(ctx, psid, 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c');
  assert.equal(message.text, null);
  assert.equal(message.content.kind, 'image');
  const withFile = await eventually(async () => {
    const m = (await messagesOf(ctx.api, contactId)).find((i) => i.id === message.id);
    return m.content.attachments[0].url && m;
  }, 15_000, 'attachment stored');
  assert.deepEqual(pick(withFile.content.attachments[0], ['type', 'size']), { type: 'image', size: bytes.length });
  const download = await server.app.inject({ method: 'GET', url: withFile.content.attachments[0].url, headers: { authorization: `Bearer ${ctx.token}` } });
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'image/png');
  assert.deepEqual(download.rawPayload, bytes);
});

test('CH-2 an attachment whose CDN link expired is kept with the reason, without retrying for minutes', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  const item = contactMessage(ctx.account, psid, { attachments: [{ type: 'file', payload: { url: `${fake.baseUrl}/cdn/gone` } }] });
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item]));
  const { contactId, message } = await stored(ctx, psid, item.message.mid);
  assert.equal(message.content.kind, 'document');
  const failed = await eventually(async () => (await messagesOf(ctx.api, contactId))[0].content.attachments[0].fetchError, 10_000, 'fetch error');
  assert.equal(failed.code, 'media_expired');
});

test('CH-2 fixture messenger/message_echo_text.json (sent from the Page inbox) is recorded once as an echo, never sent', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  const echo = fixture('messenger/message_echo_text.json', { '<PAGE_ID>': ctx.account.id, '<PSID>': psid });
  echo.entry[0].messaging[0].timestamp = Date.now();
  const sendsBefore = fake.sends().length;
  assert.deepEqual(await fake.deliver(ctx.account.id, echo, { times: 2 }), [200, 200]);
  await receiptsProcessed(server, ctx.channelId, 3);
  const outbound = (await messagesOf(ctx.api, contactId)).filter((m) => m.direction === 'out');
  assert.equal(outbound.length, 1);
  assert.deepEqual(pick(outbound[0], ['senderKind', 'text', 'status', 'externalId', 'senderUserId']), {
    senderKind: 'echo', text: 'hello, world!', status: 'sent', externalId: 'mid.1457764197618:41d102a3e1ae206a38', senderUserId: null,
  });
  assert.equal(fake.sends().length, sendsBefore, 'an echo is never sent again');
  const [contact] = await server.ctx.db.select().from(contacts).where(eq(contacts.id, Number(contactId)));
  assert.deepEqual(pick(contact!, ['lastMessageId', 'unansweredCount']), { lastMessageId: Number(outbound[0].id), unansweredCount: 0 }, 'the contact was answered');
});

test('CH-2 an echo from the Page inbox to someone who never wrote here creates the contact and opens nothing', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  const echo = inboxEcho(ctx.account, psid, { text: 'Hola, te escribimos por tu pedido' });
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [echo]));
  const { contactId, message } = await stored(ctx, psid, echo.message.mid);
  assert.deepEqual(pick(message, ['direction', 'senderKind', 'conversationId']), { direction: 'out', senderKind: 'echo', conversationId: null });
  const [contact] = await server.ctx.db.select().from(contacts).where(eq(contacts.id, Number(contactId)));
  assert.equal(contact!.conversationStatus, null);
  const window = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items[0].replyWindow;
  assert.equal(window.open, false, 'the business writing does not open the window');
});

test('CH-2 fixture messenger/message_deliveries.json marks our message delivered (by its mid and by the watermark)', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Sí, la tenemos.' });
  const { externalId } = await settled(ctx.api, contactId, id, 'sent');
  const delivery = fixture('messenger/message_deliveries.json', { '<PAGE_ID>': ctx.account.id, '<PSID>': psid, 'mid.1458668856218:ed81099e15d3f4f233': externalId });
  delivery.entry[0].messaging[0].delivery.watermark = Date.now();
  await fake.deliver(ctx.account.id, delivery);
  const delivered = await settled(ctx.api, contactId, id, 'delivered');
  assert.ok(delivered.statusTimes.delivered);
});

test('CH-2 fixture instagram/inbound_text.json is stored as the contact\'s message', async () => {
  const ctx = await connect(fake.addInstagram({ id: '17841400000000000' }));
  const igsid = newPsid();
  await fake.deliver(ctx.account.id, fixture('instagram/inbound_text.json', { '<IGSID>': igsid }));
  const { message } = await stored(ctx, igsid, 'aWdfZAG1...');
  assert.deepEqual(pick(message, ['direction', 'senderKind', 'text']), { direction: 'in', senderKind: 'contact', text: 'This is the first message from the customer' });
  assert.equal(message.statusTimes.sent, new Date(1569262485349).toISOString());
});

test('CH-2 fixture instagram/message_echo.json (sent from the Instagram app) is recorded once as an echo', async () => {
  const ctx = await connect(fake.addInstagram({ id: '17841400000000000' }));
  const { psid, contactId } = await writingContact(ctx);
  await fake.deliver(ctx.account.id, fixture('instagram/message_echo.json', { '<IGSID>': psid }), { times: 3 });
  await receiptsProcessed(server, ctx.channelId, 4);
  const echoes = (await messagesOf(ctx.api, contactId)).filter((m) => m.direction === 'out');
  assert.deepEqual(echoes.map((m) => pick(m, ['senderKind', 'text', 'externalId', 'status'])), [
    { senderKind: 'echo', text: 'Reply from business', externalId: 'message-id-2', status: 'sent' },
  ]);
  assert.equal(echoes[0].statusTimes.sent, new Date(1631082844000).toISOString());
});

test('CH-2 fixture instagram/messaging_seen.json marks our messages up to the one seen read', async () => {
  const ctx = await connect(fake.addInstagram({ id: '17841400000000000' }));
  const { psid, contactId } = await writingContact(ctx);
  const first = await reply(ctx.api, contactId, { text: 'Primero' });
  const { externalId } = await settled(ctx.api, contactId, first, 'sent');
  const second = await reply(ctx.api, contactId, { text: 'Segundo' });
  await settled(ctx.api, contactId, second, 'sent');
  const seen = fixture('instagram/messaging_seen.json', { 'Sender-id-1': psid, 'message-id-1': externalId });
  await fake.deliver(ctx.account.id, seen);
  await settled(ctx.api, contactId, first, 'read');
  await receiptsProcessed(server, ctx.channelId, 2);
  assert.equal((await messagesOf(ctx.api, contactId)).find((m) => m.id === second).status, 'sent', 'a later message was not seen');
});

// ---- Inbound: the rest of the documented shapes ----

test('CH-2 postbacks, quick replies, replies to our message, reactions and edits are recorded as such', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: '¿Qué talla?' });
  const { externalId: ourMid } = await settled(ctx.api, contactId, id, 'sent');
  const quick = contactMessage(ctx.account, psid, { text: 'Talla M', quick_reply: { payload: 'SIZE_M' } });
  const replyTo = contactMessage(ctx.account, psid, { text: 'esa misma', reply_to: { mid: ourMid } });
  const postback = contactEvent(ctx.account, psid, { postback: { title: 'Empezar', payload: 'GET_STARTED', mid: 'm_postback_1' } });
  const reaction = contactEvent(ctx.account, psid, { reaction: { mid: ourMid, action: 'react', reaction: 'love', emoji: '❤' } });
  const edit = contactEvent(ctx.account, psid, { message_edit: { mid: replyTo.message.mid, text: 'esa, en azul', num_edit: 1 } });
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [quick, replyTo, postback, reaction]));
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [edit]));
  await receiptsProcessed(server, ctx.channelId, 3);
  const all = await messagesOf(ctx.api, contactId);
  const byMid = (mid: string) => all.find((m) => m.externalId === mid);
  assert.deepEqual(byMid(quick.message.mid).content.choice, { kind: 'button', id: 'SIZE_M', title: 'Talla M' });
  assert.equal(byMid(replyTo.message.mid).replyToId, id);
  assert.equal(byMid(replyTo.message.mid).text, 'esa, en azul', 'edited by the contact');
  assert.deepEqual(pick(byMid('m_postback_1'), ['text', 'content']), { text: 'Empezar', content: { kind: 'choice', choice: { kind: 'button', id: 'GET_STARTED', title: 'Empezar' } } });
  const love = all.find((m) => m.content?.kind === 'reaction');
  assert.deepEqual(love.content.reaction, { emoji: '❤', targetExternalId: ourMid });
  assert.equal(love.replyToId, id);
  const edited = (await timeline(ctx.api, contactId)).find((i) => i.kind === 'event' && i.type === 'message_edited');
  assert.equal(edited.data.previous.text, 'esa misma');
});

test('CH-2 Instagram: a story reply and a story mention keep the story on the timeline; an unsent message is marked deleted by the contact', async () => {
  const ctx = await connect(fake.addInstagram());
  const { psid, contactId, inbound } = await writingContact(ctx);
  const storyReply = contactMessage(ctx.account, psid, { text: '¡Me encanta!', reply_to: { story: { id: '18034', url: `${fake.baseUrl}/cdn/story-1` } } });
  const mention = contactMessage(ctx.account, psid, { attachments: [{ type: 'story_mention', payload: { url: `${fake.baseUrl}/cdn/story-2` } }] });
  const unsend = contactMessage(ctx.account, psid, { mid: inbound.externalId, is_deleted: true });
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [storyReply, mention]));
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [unsend]), { times: 2 });
  await receiptsProcessed(server, ctx.channelId, 4);
  const items = await timeline(ctx.api, contactId);
  const event = (type: string) => items.filter((i) => i.kind === 'event' && i.type === type);
  const byMid = (mid: string) => items.find((i) => i.kind === 'message' && i.externalId === mid);
  assert.equal(byMid(storyReply.message.mid).text, '¡Me encanta!');
  assert.deepEqual(event('story_reply').map((e) => e.data), [{ storyId: '18034', url: `${fake.baseUrl}/cdn/story-1`, messageId: byMid(storyReply.message.mid).id }]);
  assert.deepEqual(byMid(mention.message.mid).content, { kind: 'unsupported', providerType: 'story_mention' });
  assert.deepEqual(event('story_mention').map((e) => e.data), [{ url: `${fake.baseUrl}/cdn/story-2`, messageId: byMid(mention.message.mid).id }]);
  assert.ok(byMid(inbound.externalId).deletedAt, 'unsent by the contact');
  assert.equal(byMid(inbound.externalId).deletedById, null);
  assert.equal(event('message_revoked').length, 1);
});

// ---- Echoes of our own sends ----

for (const timing of ['before_answer', 'after_answer'] as const) {
  test(`IN-8 the echo of our own send (posted ${timing.replace('_', ' ')}) never makes a second message`, async () => {
    fake.echoes = timing;
    try {
      for (const account of [fake.addPage(), fake.addInstagram()]) {
        const ctx = await connect(account);
        const { contactId } = await writingContact(ctx);
        const id = await reply(ctx.api, contactId, { text: 'Te la apartamos hasta mañana' });
        const sent = await settled(ctx.api, contactId, id, 'sent');
        assert.equal(acceptedOf(sent.externalId).length, 1);
        await receiptsProcessed(server, ctx.channelId, 2);
        const outbound = (await messagesOf(ctx.api, contactId)).filter((m) => m.direction === 'out');
        assert.deepEqual(outbound.map((m) => pick(m, ['id', 'senderKind', 'externalId'])), [{ id, senderKind: 'user', externalId: sent.externalId }], account.product);
        const receipts = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(ctx.channelId)));
        assert.ok(receipts.every((r) => !r.error || /retrying/.test(r.error)), JSON.stringify(receipts.map((r) => r.error)));
      }
    } finally {
      fake.echoes = 'off';
    }
  });
}

test('IN-8 a file with text goes out as two messages (the file uploaded first) and stays one message, echoes included', async () => {
  fake.echoes = 'after_answer';
  try {
    const ctx = await connect(fake.addPage());
    const { psid, contactId, inbound } = await writingContact(ctx);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const form = multipart({ text: 'Aquí la foto de la talla M', replyToId: inbound.id }, { name: 'talla-m.png', type: 'image/png', bytes: png });
    const res = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, form.headers);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const sent = await settled(ctx.api, contactId, res.body.id, 'sent');
    const [file, text] = fake.accepted.filter((a) => a.body.recipient.id === psid);
    assert.equal(sent.externalId, file!.mid, 'the message is known by its file');
    assert.deepEqual(file!.body, {
      recipient: { id: psid },
      messaging_type: 'RESPONSE',
      message: { attachment: { type: 'image', payload: { is_reusable: false } } },
      reply_to: { mid: inbound.externalId },
    });
    assert.deepEqual(pick(file!.file!, ['filename', 'mimeType']), { filename: 'talla-m.png', mimeType: 'image/png' });
    assert.deepEqual(file!.file!.bytes, png);
    assert.deepEqual(text!.body, { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'Aquí la foto de la talla M' } });
    await receiptsProcessed(server, ctx.channelId, 3);
    const outbound = (await messagesOf(ctx.api, contactId)).filter((m) => m.direction === 'out');
    assert.deepEqual(outbound.map((m) => m.id), [res.body.id], 'both echoes belong to the one message');
  } finally {
    fake.echoes = 'off';
  }
});

test('IN-8 Instagram takes no documents: a PDF is refused before anything is stored or sent', async () => {
  const ctx = await connect(fake.addInstagram());
  const { contactId } = await writingContact(ctx);
  const form = multipart({}, { name: 'factura.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') });
  const res = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, form.headers);
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, 'files_not_supported');
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual(Object.keys(channel.capabilities.files).sort(), ['audio', 'image', 'video', 'voice']);
});

// ---- Watermarks ----

test('CH-2 delivery and read watermarks move every earlier message forward, never a later one, never backwards', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  const ids: string[] = [];
  for (const text of ['uno', 'dos', 'tres']) {
    const id = await reply(ctx.api, contactId, { text });
    await settled(ctx.api, contactId, id, 'sent');
    ids.push(id);
  }
  const sentAt = async (id: string) => Date.parse((await messagesOf(ctx.api, contactId)).find((m) => m.id === id).createdAt);
  const watermarkBeforeThird = (await sentAt(ids[2]!)) - 1;
  // Read first, then the (older) delivery: statuses only move forward. No `mids`, no timestamp (the doc's example).
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [contactEvent(ctx.account, psid, { read: { watermark: watermarkBeforeThird } })]));
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [contactEvent(ctx.account, psid, { delivery: { watermark: Date.now() } }, null)]));
  await receiptsProcessed(server, ctx.channelId, 3);
  const statuses = async () => Object.fromEntries((await messagesOf(ctx.api, contactId)).filter((m) => m.direction === 'out').map((m) => [m.text, m.status]));
  assert.deepEqual(await statuses(), { uno: 'read', dos: 'read', tres: 'delivered' });
  const first = (await messagesOf(ctx.api, contactId)).find((m) => m.id === ids[0]);
  assert.ok(first.statusTimes.delivered && first.statusTimes.read);
  // A watermark for a contact nobody knows is noted, not an error.
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [contactEvent(ctx.account, newPsid(), { read: { watermark: Date.now() } })]));
  const receipts = await receiptsProcessed(server, ctx.channelId, 4);
  assert.ok(receipts.some((r) => /^unknown_message: watermark/.test(r.error ?? '')));
});

test('CH-2 a delivery and a read that beat our send\'s answer to the database apply once the send is recorded', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  // Meta reports within milliseconds: here before it even answers the send.
  fake.beforeAnswer = async ({ mid }) => {
    const delivery = contactEvent(ctx.account, psid, { delivery: { mids: [mid], watermark: Date.now() } });
    const read = contactEvent(ctx.account, psid, { read: { watermark: Date.now() } });
    await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [delivery, read]));
  };
  try {
    const id = await reply(ctx.api, contactId, { text: 'rápido' });
    const read = await settled(ctx.api, contactId, id, 'read');
    assert.ok(read.statusTimes.delivered);
  } finally {
    fake.beforeAnswer = undefined;
  }
});

// ---- Outbound ----

test('IN-8 a reply inside the window reaches the Send API with the documented body, token and proof; reply-to quotes', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId, inbound } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Hello, world!', replyToId: inbound.id });
  const sent = await settled(ctx.api, contactId, id, 'sent');
  const [accepted] = acceptedOf(sent.externalId);
  assert.deepEqual(accepted!.body, fixture('messenger/send_reply_to_request.json', { '<PSID>': psid, '<MESSAGE_ID>': inbound.externalId }));
  const request = fake.requests.find((r) => r.method === 'POST' && r.path === `/v25.0/${ctx.account.id}/messages`)!;
  assert.equal(request.query.get('access_token'), ctx.account.accessToken);
  assert.equal(request.query.get('appsecret_proof'), createHmac('sha256', fake.appSecret).update(ctx.account.accessToken).digest('hex'));
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(sent.replyToId, inbound.id);
  const window = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items[0].replyWindow;
  assert.equal(window.open, true);

  const ig = await connect(fake.addInstagram());
  const igContact = await writingContact(ig);
  const igId = await reply(ig.api, igContact.contactId, { text: 'Hello' });
  const igSent = await settled(ig.api, igContact.contactId, igId, 'sent');
  const expected = fixture('instagram/send_text_request_ig_login.json', { '<IGSID>': igContact.psid });
  assert.deepEqual(acceptedOf(igSent.externalId)[0]!.body, { ...expected, messaging_type: 'RESPONSE' });
  assert.ok(fake.requests.some((r) => r.path === `/v25.0/${ig.account.id}/messages` && r.status === 200), 'Instagram Login sends from the account');
});

test('IN-8 outside the 24-hour window free text is refused with 422 window_closed and nothing is sent', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  const old = Date.now() - 30 * 3_600_000;
  const item = contactMessage(ctx.account, psid, { text: 'escribí hace más de un día' }, old);
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item]));
  const { contactId } = await stored(ctx, psid, item.message.mid);
  const refused = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿Sigue interesado?' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'window_closed');
  assert.equal(refused.body.error.details.windowClosedAt, new Date(old + 24 * 3_600_000).toISOString());
  assert.equal(fake.sends().filter((b) => b.recipient?.id === psid).length, 0);
});

test('IN-8 when Meta says the window closed: failed window_closed without HUMAN_AGENT; with it, sent again tagged HUMAN_AGENT', async () => {
  for (const [humanAgentTag, windowError] of [[false, graphErrors.outsideWindow], [true, graphErrors.outsideWindow], [false, graphErrors.windowClosed]] as const) {
    fake.windowError = windowError;
    const ctx = await connect(fake.addPage(), { humanAgentTag });
    const { psid, contactId } = await writingContact(ctx);
    // Our clock says the window is open; Meta's says it closed 2 hours ago.
    fake.contactWrote(ctx.account, psid, Date.now() - 26 * 3_600_000);
    const id = await reply(ctx.api, contactId, { text: 'Following up on your request.' });
    const bodies = () => fake.sends().filter((b) => b.recipient?.id === psid);
    if (!humanAgentTag) {
      const failed = await settled(ctx.api, contactId, id, 'failed');
      assert.equal(failed.error.code, 'window_closed');
      assert.equal(failed.error.message, windowError.code === 10 ? '(#10) This message is sent outside of allowed window.' : '(#1545041) Messaging window closed');
      assert.equal(bodies().length, 1, 'not retried');
      continue;
    }
    const sent = await settled(ctx.api, contactId, id, 'sent');
    assert.deepEqual(bodies().map((b) => b.messaging_type), ['RESPONSE', 'MESSAGE_TAG']);
    assert.deepEqual(acceptedOf(sent.externalId)[0]!.body, fixture('messenger/send_human_agent_request.json', { '<PSID>': psid }));
  }
  fake.windowError = graphErrors.outsideWindow;
});

test('IN-8 with HUMAN_AGENT the window is 7 days: a contact who wrote 2 days ago is answered with the tag', async () => {
  const ctx = await connect(fake.addInstagram(), { humanAgentTag: true });
  const psid = newPsid();
  const item = contactMessage(ctx.account, psid, { text: 'hace dos días' }, Date.now() - 48 * 3_600_000);
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item]));
  const { contactId } = await stored(ctx, psid, item.message.mid);
  const window = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items[0].replyWindow;
  assert.equal(window.open, true);
  const id = await reply(ctx.api, contactId, { text: 'Seguimos aquí' });
  const sent = await settled(ctx.api, contactId, id, 'sent');
  assert.deepEqual(pick(acceptedOf(sent.externalId)[0]!.body, ['messaging_type', 'tag']), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  const stale = contactMessage(ctx.account, newPsid(), { text: 'hace ocho días' }, Date.now() - 8 * 24 * 3_600_000);
  await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [stale]));
  const { contactId: staleContact } = await stored(ctx, stale.sender.id, stale.message.mid);
  const refused = await ctx.api('POST', `/api/v1/contacts/${staleContact}/messages`, { text: 'hola' });
  assert.equal(refused.body.error.code, 'window_closed');
});

test('CH-4 Graph errors map to causes: rate limit retried once sent, unavailable final, token expiry disconnects the channel', async () => {
  const ctx = await connect(fake.addPage());
  const { psid, contactId } = await writingContact(ctx);
  const bodies = (text: string) => fake.sends().filter((b) => b.recipient?.id === psid && b.message?.text === text);

  fake.failNext(graphErrors.rateLimit, 2);
  const limited = await reply(ctx.api, contactId, { text: 'Despacio' });
  const sent = await settled(ctx.api, contactId, limited, 'sent', 20_000);
  assert.equal(acceptedOf(sent.externalId).length, 1);
  assert.equal(bodies('Despacio').length, 3, 'two refusals, then accepted once');

  fake.failNext(graphErrors.unavailable);
  const unavailable = await reply(ctx.api, contactId, { text: 'No disponible' });
  const failed = await settled(ctx.api, contactId, unavailable, 'failed');
  assert.deepEqual(failed.error, { code: 'undeliverable', message: "(#551) This person isn't available right now." });
  assert.equal(bodies('No disponible').length, 1, 'not retried');

  fake.expireToken(ctx.account.accessToken);
  const doomed = await reply(ctx.api, contactId, { text: 'Token vencido' });
  const expired = await settled(ctx.api, contactId, doomed, 'failed');
  assert.equal(expired.error.code, 'token_expired');
  assert.match(expired.error.message, /^\(#190\) Error validating access token/);
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual(pick(channel, ['status', 'statusReason']), { status: 'disconnected', statusReason: 'token_expired' });
  const told = await server.ctx.db.select().from(events).where(and(eq(events.workspaceId, ctx.workspaceId), eq(events.type, 'channel.updated')));
  assert.equal(told.length, 1);
  assert.equal((told[0]!.payload as any).channel.status, 'disconnected');
  assert.equal((await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿hola?' })).body.error.code, 'channel_removed');

  const renewed = fake.addPage({ id: ctx.account.id, accessToken: 'EAAP-renewed-token' });
  const patched = await ctx.api('PATCH', `/api/v1/channels/${ctx.channelId}`, { config: fake.channelConfig(renewed) });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual(pick(patched.body, ['status', 'statusReason']), { status: 'connected', statusReason: null });
  await settled(ctx.api, contactId, await reply(ctx.api, contactId, { text: 'De vuelta' }), 'sent');
});

// ---- Contacts' names and pictures from the User Profile API (CT-1) ----

const JPEG = Buffer.from('ffd8ffe000104a4649460001010000010001000000ffdb0043000806060706050806070709', 'hex');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const contactById = async (ctx: Connected, contactId: string) => (await ctx.api('GET', `/api/v1/contacts/${contactId}`)).body;

/** A person's first message, stored; their contact id and the message. */
async function firstMessage(ctx: Connected, psid: string, text = 'Hola, ¿me ayudan con un pedido?') {
  const item = contactMessage(ctx.account, psid, { text });
  assert.deepEqual(await fake.deliver(ctx.account.id, messagingPayload(ctx.account, [item])), [200]);
  return stored(ctx, psid, item.message.mid);
}

/** The contact's profile job once pg-boss is done with it: its state and how many times it was retried. */
async function profileJob(contactId: string) {
  return eventually(async () => {
    const { rows } = (await server.ctx.db.execute(
      sql`select state, retry_count from pgboss.job where name = 'contact-profile' and data->>'contactId' = ${contactId}`,
    )) as unknown as { rows: { state: string; retry_count: number }[] };
    return rows.length === 1 && ['completed', 'failed'].includes(rows[0]!.state) && { state: rows[0]!.state, retries: rows[0]!.retry_count };
  }, 20_000, `profile job of contact ${contactId}`);
}

/** The contact once the job gave it a picture. */
const withPicture = (ctx: Connected, contactId: string) =>
  eventually(async () => {
    const contact = await contactById(ctx, contactId);
    return contact.avatarUrl && contact;
  }, 10_000, `picture of contact ${contactId}`);

async function downloadPicture(ctx: Connected, url: string) {
  const res = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ctx.token}` } });
  assert.equal(res.statusCode, 200, res.body);
  return { type: res.headers['content-type'], nosniff: res.headers['x-content-type-options'], bytes: res.rawPayload };
}

test('CT-1 Messenger: a new PSID\'s first message is stored at once, then the contact gets the profile\'s name and picture, live', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  fake.setProfile(ctx.account, psid, { first_name: 'Peter', last_name: 'Chang', picture: { bytes: JPEG, mimeType: 'image/jpeg' } });
  const { contactId, message } = await firstMessage(ctx, psid, 'Hola, ¿tienen envíos?');
  assert.equal(message.text, 'Hola, ¿tienen envíos?');
  const named = await withPicture(ctx, contactId);
  assert.deepEqual(pick(named, ['displayName', 'name', 'firstName', 'lastName', 'avatarUrl']), {
    displayName: 'Peter Chang', name: 'Peter Chang', firstName: null, lastName: null, avatarUrl: `/api/v1/contacts/${contactId}/avatar`,
  });
  const [lookup, ...more] = fake.profileLookups(psid);
  assert.equal(more.length, 0);
  assert.deepEqual([lookup!.path, lookup!.status], [`/v25.0/${psid}`, 200]);
  assert.deepEqual(pick(Object.fromEntries(lookup!.query), ['fields', 'access_token', 'appsecret_proof']), {
    fields: 'first_name,last_name,profile_pic',
    access_token: ctx.account.accessToken,
    appsecret_proof: createHmac('sha256', fake.appSecret).update(ctx.account.accessToken).digest('hex'),
  });
  // Meta's picture link (a lookaside URL that redirects, and expires) was downloaded: we serve the bytes ourselves.
  assert.deepEqual(await downloadPicture(ctx, named.avatarUrl), { type: 'image/jpeg', nosniff: 'nosniff', bytes: JPEG });
  assert.equal((await server.app.inject({ method: 'GET', url: named.avatarUrl })).statusCode, 401);
  const stranger = client(server, (await signupWorkspace(server)).token);
  assert.equal((await stranger('GET', named.avatarUrl)).status, 404, "another workspace's contact");

  const updates = await server.ctx.db.select().from(events).where(and(eq(events.workspaceId, ctx.workspaceId), eq(events.type, 'contact.updated')));
  assert.deepEqual(updates.map((e) => pick((e.payload as any).contact, ['id', 'displayName', 'avatarUrl'])), [
    { id: contactId, displayName: 'Peter Chang', avatarUrl: named.avatarUrl },
  ]);
  assert.deepEqual((await ctx.api('GET', '/api/v1/contacts?q=chang')).body.items.map((c: any) => c.id), [contactId], 'searchable by the name');
  const inbox = await ctx.api('GET', '/api/v1/inbox?status=open');
  assert.equal(inbox.body.items.find((r: any) => r.contact.id === contactId).contact.displayName, 'Peter Chang');

  await firstMessage(ctx, psid, '¿Siguen ahí?');
  assert.equal((await profileJob(contactId)).state, 'completed');
  assert.equal(fake.profileLookups(psid).length, 1, 'a known contact is not looked up again');
});

test('CT-1 Instagram: the IGSID profile names the contact (its username when no name is set) with its picture, with Instagram Login and through a Page', async () => {
  const cases = [
    { account: fake.addInstagram(), profile: { name: 'Lucía Gómez', username: 'lucia.gomez', picture: { bytes: PNG, mimeType: 'image/png' } }, expected: 'Lucía Gómez' },
    { account: fake.addInstagram({ viaPage: true }), profile: { name: null, username: 'tienda_fan_22', picture: { bytes: JPEG, mimeType: 'image/jpeg' } }, expected: 'tienda_fan_22' },
  ];
  for (const { account, profile, expected } of cases) {
    const ctx = await connect(account);
    const igsid = newPsid();
    fake.setProfile(account, igsid, profile);
    const { contactId } = await firstMessage(ctx, igsid);
    const named = await withPicture(ctx, contactId);
    assert.equal(named.displayName, expected);
    const [lookup] = fake.profileLookups(igsid);
    assert.deepEqual(pick(Object.fromEntries(lookup!.query), ['fields', 'access_token']), { fields: 'name,username,profile_pic', access_token: account.accessToken });
    const picture = await downloadPicture(ctx, named.avatarUrl);
    assert.deepEqual([picture.type, picture.bytes], [profile.picture.mimeType, profile.picture.bytes]);
  }
});

test('CT-1 a profile Meta refuses (Messenger 100/2018218; Instagram 230, no consent) leaves the message stored and the contact unnamed, asked once', async () => {
  const messenger = await connect(fake.addPage());
  const psid = newPsid(); // No profile: a Messenger account made with a phone number.
  const { contactId, message } = await firstMessage(messenger, psid, 'Sin perfil público');
  const instagram = await connect(fake.addInstagram());
  const igsid = newPsid();
  // The business wrote first from the Instagram app; the person never messaged, so Meta withholds the profile.
  fake.setProfile(instagram.account, igsid, { name: 'Nadie', username: 'nadie', picture: { bytes: JPEG, mimeType: 'image/jpeg' } });
  const echo = inboxEcho(instagram.account, igsid, { text: 'Hola, vimos tu comentario' });
  await fake.deliver(instagram.account.id, messagingPayload(instagram.account, [echo]));
  const fromEcho = await stored(instagram, igsid, echo.message.mid);

  for (const [ctx, person, contact, kept] of [[messenger, psid, contactId, message], [instagram, igsid, fromEcho.contactId, fromEcho.message]] as const) {
    assert.deepEqual(await profileJob(contact), { state: 'completed', retries: 0 }, 'a refusal is final at once');
    assert.deepEqual(fake.profileLookups(person).map((r) => r.status), [400]);
    assert.deepEqual(pick(await contactById(ctx, contact), ['displayName', 'name', 'avatarUrl']), { displayName: null, name: null, avatarUrl: null });
    assert.equal((await messagesOf(ctx.api, contact)).find((m) => m.id === kept.id).text, kept.text);
    assert.equal((await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body.status, 'connected');
    assert.equal((await ctx.api('GET', `/api/v1/contacts/${contact}/avatar`)).status, 404);
  }
});

test('CT-1 a name an agent gives while the profile is on its way is kept; the picture still arrives', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  fake.setProfile(ctx.account, psid, { first_name: 'Peter', last_name: 'Chang', picture: { bytes: JPEG, mimeType: 'image/jpeg' } });
  const hold = fake.holdProfiles();
  let contactId: string;
  try {
    ({ contactId } = await firstMessage(ctx, psid));
    await eventually(async () => hold.waiting(), 10_000, 'profile lookup in flight');
    const renamed = await ctx.api('PATCH', `/api/v1/contacts/${contactId}`, { firstName: 'Pedro' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  } finally {
    hold.release();
  }
  const contact = await withPicture(ctx, contactId);
  assert.deepEqual(pick(contact, ['firstName', 'displayName', 'name']), { firstName: 'Pedro', displayName: null, name: 'Pedro' });
});

test('CT-1 a Graph outage on the profile is retried until it answers; a picture link that expired leaves the name without a picture', async () => {
  const ctx = await connect(fake.addPage());
  const psid = newPsid();
  fake.setProfile(ctx.account, psid, { first_name: 'Ana', picture: 'expired' });
  fake.failNextProfile(psid, graphErrors.unexpected);
  const { contactId } = await firstMessage(ctx, psid);
  assert.deepEqual(await profileJob(contactId), { state: 'completed', retries: 1 });
  assert.deepEqual(fake.profileLookups(psid).map((r) => r.status), [500, 200]);
  assert.deepEqual(pick(await contactById(ctx, contactId), ['displayName', 'avatarUrl']), { displayName: 'Ana', avatarUrl: null });
});
