import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { and, count, eq } from 'drizzle-orm';
import { normalisePhone } from '../../domain/contacts/phone.js';
import { channels, contactChannels, events, messages, webhookReceipts } from '../../db/schema.js';
import { contactIdOf, eventually, multipart } from '../../../test/fixtures.js';
import { client, freePort, listen, signupWorkspace, startTestServer } from '../../../test/harness.js';
import {
  FakeWhatsApp,
  graphErrors,
  inboundPayload,
  reengagementStatusError,
  status,
  statusPayload,
  textMessage,
  type FakeNumber,
} from '../../../test/fakes/whatsapp-cloud.js';

/**
 * The WhatsApp Cloud API channel end to end over real HTTP: the fake plays Meta (handshake, signed webhooks, Graph),
 * webhooks go through our route, the inbound job and the outbound job; results are read through the API.
 */

// The provider's sample payloads (a copy of ../shared/channels/fixtures/whatsapp kept in the test tree).
const FIXTURES = fileURLToPath(new URL('../../../test/provider-fixtures/whatsapp', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

const dataDir = mkdtempSync(path.join(tmpdir(), 'conversa-whatsapp-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const server = await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '3000' } });
const base = await listen(server);
const fake = await FakeWhatsApp.start();
after(() => fake.close());

type Api = ReturnType<typeof client>;

/** A new workspace with a WhatsApp channel on `number`, its callback URL verified by the fake as Meta would. */
async function connect(number: FakeNumber = fake.addNumber()) {
  const { token, workspaceId } = await signupWorkspace(server, 'Lucky Shrub');
  const api = client(server, token);
  const res = await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config: fake.channelConfig(number) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const handshake = await fake.subscribe(number.phoneNumberId, `${base}/webhooks/whatsapp_cloud/${res.body.id}`, 'vibecoding');
  assert.equal(handshake.status, 200);
  return { api, token, number, workspaceId: Number(workspaceId), channelId: res.body.id as string };
}

/** The fixtures' two business numbers, with the fake's token. */
const fixtureNumber = (phoneNumberId: string) => fake.addNumber({ phoneNumberId, wabaId: `9${phoneNumberId}`, accessToken: `EAAG-fixture-${phoneNumberId}` });

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

async function timeline(api: Api, contactId: string) {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(res.status, 200);
  return res.body.items as any[];
}

/** The one message stored for `waId`, once the inbound job has recorded it. */
async function inboundMessage(api: Api, channelId: string, waId: string) {
  const contactId = await eventually(() => contactIdOf(server, Number(channelId), waId).catch(() => undefined), 10_000, `contact ${waId}`);
  const message = await eventually(async () => (await timeline(api, contactId)).find((i) => i.kind === 'message'), 10_000, 'inbound message');
  return { contactId, message };
}

async function storedCounts(channelId: string) {
  const where = (t: typeof messages | typeof webhookReceipts) => eq(t.channelId, Number(channelId));
  return {
    messages: (await server.ctx.db.select({ n: count() }).from(messages).where(where(messages)))[0]!.n,
    receipts: (await server.ctx.db.select({ n: count() }).from(webhookReceipts).where(where(webhookReceipts)))[0]!.n,
  };
}

/** A contact who just wrote (the window is open), and their contact id. */
async function writingContact(ctx: Awaited<ReturnType<typeof connect>>, waId = `1650555${Math.floor(1000 + Math.random() * 8999)}`) {
  const first = textMessage(waId, 'Hola, ¿tienen envío a Oaxaca? 🌵');
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, inboundPayload(ctx.number, waId, 'Lucía Pérez', [first])), [200]);
  const { contactId, message } = await inboundMessage(ctx.api, ctx.channelId, waId);
  return { waId, contactId, inbound: message, wamid: first.id };
}

async function reply(api: Api, contactId: string, body: Record<string, unknown>) {
  const res = await api('POST', `/api/v1/contacts/${contactId}/messages`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

const messageById = async (api: Api, contactId: string, id: string) => (await timeline(api, contactId)).find((i) => i.kind === 'message' && i.id === id);
const settled = (api: Api, contactId: string, id: string, state: string, ms = 15_000) =>
  eventually(async () => {
    const m = await messageById(api, contactId, id);
    return m?.status === state && m;
  }, ms, `message ${id} ${state}`);

// ---- Connecting ----

test('CH-6 the GET handshake echoes hub.challenge as text/plain; a wrong token or mode is 403', async () => {
  const { channelId } = await connect();
  const url = (q: Record<string, string>) => `/webhooks/whatsapp_cloud/${channelId}?${new URLSearchParams(q)}`;
  const ok = await server.app.inject({ method: 'GET', url: url({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'vibecoding' }) });
  assert.equal(ok.statusCode, 200);
  assert.match(String(ok.headers['content-type']), /^text\/plain/);
  assert.equal(ok.body, '1158201444');
  const refusedQueries: Record<string, string>[] = [
    { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 'not-it' },
    { 'hub.mode': 'unsubscribe', 'hub.challenge': '1', 'hub.verify_token': 'vibecoding' },
    { 'hub.mode': 'subscribe', 'hub.verify_token': 'vibecoding' },
  ];
  for (const q of refusedQueries) {
    const refused = await server.app.inject({ method: 'GET', url: url(q) });
    assert.equal(refused.statusCode, 403, JSON.stringify(q));
    assert.equal(JSON.parse(refused.body).error.code, 'verification_failed');
  }
  const unknown = await server.app.inject({ method: 'GET', url: `/webhooks/whatsapp_cloud/987654321?hub.mode=subscribe` });
  assert.equal(unknown.statusCode, 404);
});

test('CH-6 connect checks the credentials with Graph: a wrong token, number or WABA is 422 and nothing is saved', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const number = fake.addNumber();
  const good = fake.channelConfig(number);
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['wrong token', { ...good, accessToken: 'EAAG-wrong' }, 422, 'channel_credentials_invalid'],
    ['wrong phone number id', { ...good, phoneNumberId: '123' }, 422, 'channel_credentials_invalid'],
    ['wrong WABA id', { ...good, wabaId: '456' }, 422, 'channel_credentials_invalid'],
    ['Graph unreachable', { ...good, apiBaseUrl: unreachable }, 502, 'provider_unreachable'],
    ['missing app secret', { ...good, appSecret: undefined }, 422, 'validation_failed'],
  ];
  for (const [label, config, statusCode, code] of cases) {
    const res = await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config });
    assert.equal(res.status, statusCode, label);
    assert.equal(res.body.error.code, code, label);
  }
  const wrongToken = await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config: { ...good, accessToken: 'EAAG-wrong' } });
  assert.equal(wrongToken.body.error.details.provider.code, 'token_expired');
  assert.match(wrongToken.body.error.details.provider.message, /^\(#190\) Invalid OAuth access token/);
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);

  const created = await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config: good });
  assert.equal(created.status, 201);
  assert.equal(created.body.config.apiVersion, 'v25.0');
  const patch = await api('PATCH', `/api/v1/channels/${created.body.id}`, { config: { ...good, accessToken: 'EAAG-wrong' } });
  assert.equal(patch.status, 422);
  assert.equal((await api('GET', `/api/v1/channels/${created.body.id}`)).body.config.accessToken, number.accessToken);
});

// ---- Inbound: every fixture ----

/** What each inbound fixture must leave on the timeline. */
const inboundFixtures: [string, string, (m: any) => void][] = [
  ['inbound_text.json', '16505551234', (m) => {
    assert.equal(m.text, 'Does it come in another color?');
    assert.equal(m.content, null);
    assert.equal(m.externalId, 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=');
  }],
  ['inbound_image.json', '972987654321', (m) => {
    assert.equal(m.content.kind, 'image');
    assert.deepEqual(pick(m.content.attachments[0], ['type', 'mimeType', 'sha256']), { type: 'image', mimeType: 'image/jpeg', sha256: '4654+8g=' });
  }],
  ['inbound_image_with_url.json', '972987654321', (m) => assert.equal(m.content.attachments[0].type, 'image')],
  ['inbound_audio.json', '972987654321', (m) => {
    assert.equal(m.content.kind, 'audio');
    assert.equal(m.content.forwarded, 'forwarded');
    assert.equal(m.content.attachments[0].mimeType, 'audio/ogg; codecs=opus');
  }],
  ['inbound_voice.json', '972987654321', (m) => {
    assert.equal(m.content.kind, 'voice');
    assert.equal(m.content.attachments[0].type, 'voice');
  }],
  ['inbound_document.json', '972987654321', (m) => {
    assert.equal(m.text, 'caption');
    assert.deepEqual(pick(m.content.attachments[0], ['type', 'filename', 'caption', 'mimeType']), {
      type: 'document',
      filename: 'filename.pdf',
      caption: 'caption',
      mimeType: 'application/pdf',
    });
    assert.equal(m.content.forwarded, 'forwarded');
  }],
  ['inbound_location_current.json', '972987654321', (m) => {
    assert.deepEqual(m.content.location, { latitude: 12.25089, longitude: 43.90539 });
    assert.equal(m.content.forwarded, 'forwarded');
  }],
  ['inbound_interactive_button_reply.json', '16505551234', (m) => {
    assert.equal(m.text, 'Cancel');
    assert.deepEqual(m.content.choice, { kind: 'button', id: 'cancel-button', title: 'Cancel' });
  }],
  ['inbound_quick_reply_button.json', '972987654321', (m) => {
    assert.equal(m.text, 'title');
    assert.deepEqual(m.content.choice, { kind: 'template_button', id: 'callback_data', title: 'title' });
  }],
  ['inbound_reaction.json', '972987654321', (m) => {
    assert.deepEqual(m.content.reaction, { emoji: '😮', targetExternalId: 'wamid.yzxyzx=' });
  }],
  ['inbound_text_reply_context.json', '972987654321', (m) => {
    assert.equal(m.text, 'replied text');
    assert.equal(m.replyToId, null, 'the quoted message is not one of ours');
  }],
  ['inbound_text_message_business_button.json', '16505551234', (m) => {
    assert.equal(m.text, 'Is this still available?');
    assert.deepEqual(m.content.referredProduct, { catalogId: '194836987003835', productRetailerId: 'di9ozbzfi4' });
  }],
  ['inbound_text_referral_pywa.json', '972987654321', (m) => assert.equal(m.text, 'BODY')],
];

for (const [file, waId, check] of inboundFixtures) {
  test(`CH-2 fixture ${file} is stored as the right message`, async () => {
    const payload = fixture(file);
    const phoneNumberId = payload.entry[0].changes[0].value.metadata.phone_number_id;
    const ctx = await connect(fixtureNumber(phoneNumberId));
    assert.deepEqual(await fake.deliver(phoneNumberId, payload), [200]);
    const { contactId, message } = await inboundMessage(ctx.api, ctx.channelId, waId);
    assert.equal(message.direction, 'in');
    assert.equal(message.senderKind, 'contact');
    assert.equal(message.externalId, payload.entry[0].changes[0].value.messages[0].id);
    assert.equal(message.statusTimes.sent, new Date(Number(payload.entry[0].changes[0].value.messages[0].timestamp) * 1000).toISOString());
    check(message);
    const contact = (await ctx.api('GET', `/api/v1/contacts/${contactId}`)).body;
    assert.equal(contact.phone, normalisePhone(`+${waId}`)?.e164 ?? null, 'the number, when it is a valid one');
    assert.equal(contact.displayName, payload.entry[0].changes[0].value.contacts[0].profile.name);
  });
}

test('CH-2 a click-to-WhatsApp referral is recorded on the timeline with its source URL', async () => {
  const payload = fixture('inbound_text_referral_pywa.json');
  const ctx = await connect(fixtureNumber('1122334455667'));
  await fake.deliver('1122334455667', payload);
  const { contactId, message } = await inboundMessage(ctx.api, ctx.channelId, '972987654321');
  const event = (await timeline(ctx.api, contactId)).find((i) => i.kind === 'event' && i.type === 'ad_referral');
  assert.ok(event, 'ad_referral event');
  assert.equal(event.data.sourceUrl, 'AD_OR_POST_FB_URL');
  assert.equal(event.data.ctwaClid, 'CTWA_CLID');
  assert.equal(event.data.headline, 'AD_TITLE');
  assert.equal(event.data.messageId, message.id);
});

test('CH-2 media arrives through the media-id flow, is stored, and agents download it from us', async () => {
  const bytes = Buffer.from('%PDF-1.7 fake pdf bytes ✓');
  fake.addMedia('1234567890987654321', bytes, 'application/pdf', { staleUrlOnce: true });
  const ctx = await connect(fixtureNumber('1122334455667'));
  const seen = fake.requests.length;
  await fake.deliver('1122334455667', fixture('inbound_document.json'));
  const { contactId } = await inboundMessage(ctx.api, ctx.channelId, '972987654321');
  const stored = await eventually(async () => {
    const m = (await timeline(ctx.api, contactId)).find((i) => i.kind === 'message');
    return m.content.attachments[0].url && m;
  }, 15_000, 'attachment stored');
  const attachment = stored.content.attachments[0];
  assert.equal(attachment.size, bytes.length);
  assert.equal('providerMediaId' in attachment, false);
  const res = await fetch(`${base}${attachment.url}`, { headers: { authorization: `Bearer ${ctx.token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename\*=UTF-8''filename\.pdf$/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  // Graph was asked for a URL (twice: the first one had expired), and the file fetched with the token.
  const requests = fake.requests.slice(seen);
  const media = requests.filter((r) => r.path === '/v25.0/1234567890987654321');
  assert.equal(media.length, 2);
  assert.equal(media[0]!.query.get('phone_number_id'), '1122334455667');
  const downloads = requests.filter((r) => r.path === '/whatsapp_business/attachments/' && r.query.get('mid') === '1234567890987654321');
  assert.deepEqual(downloads.map((r) => r.status), [404, 200]);
  assert.equal(downloads[1]!.headers.authorization, 'Bearer EAAG-fixture-1122334455667');
  const outsider = client(server, (await signupWorkspace(server)).token);
  assert.equal((await outsider('GET', attachment.url)).status, 404);
});

// ---- Inbound: authenticity, duplicates, batches ----

test('P1 a forged, unsigned or wrongly keyed webhook is refused with 401 and stores nothing', async () => {
  const ctx = await connect();
  const payload = inboundPayload(ctx.number, '5215512345678', 'Falso', [textMessage('5215512345678', 'hola')]);
  const bad = `sha256=${'ab'.repeat(32)}`;
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, payload, { signature: bad }), [401]);
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, payload, { signature: null }), [401]);
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, payload, { secret: 'another-app-secret' }), [401]);
  const raw = JSON.stringify(payload);
  const reencoded = await fetch(`${base}/webhooks/whatsapp_cloud/${ctx.channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${hmacHex(fake.appSecret, JSON.stringify(JSON.parse(raw), null, 1))}` },
    body: raw,
  });
  assert.equal(reencoded.status, 401, 'a signature over other bytes (re-serialised JSON) does not match');
  assert.deepEqual(await storedCounts(ctx.channelId), { messages: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(ctx.channelId)));
  assert.equal(row!.lastWebhookAt, null);
});

test('P1 the same webhook delivered 5 times (concurrently) is stored once', async () => {
  const ctx = await connect();
  const payload = inboundPayload(ctx.number, '5215511112222', 'Carla Duplicada', [textMessage('5215511112222', 'Sólo una vez, por favor 🙏')]);
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, payload, { times: 5, concurrent: true }), [200, 200, 200, 200, 200]);
  await eventually(async () => {
    const rows = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(ctx.channelId)));
    return rows.length === 5 && rows.every((r) => r.processedAt);
  }, 15_000, 'all 5 receipts processed');
  assert.deepEqual(await storedCounts(ctx.channelId), { messages: 1, receipts: 5 });
  const { message } = await inboundMessage(ctx.api, ctx.channelId, '5215511112222');
  assert.equal(message.text, 'Sólo una vez, por favor 🙏', 'escaped unicode as Meta sends it is decoded');
});

test('CH-2 a batch of several entries and changes, with messages and statuses, is processed whole', async () => {
  const ctx = await connect();
  const a = textMessage('5491100000001', 'primero');
  const b = textMessage('5491100000001', 'segundo');
  const c = textMessage('5491100000002', 'otra persona');
  const contacts = (waId: string, name: string) => [{ profile: { name }, wa_id: waId }];
  const batch = {
    object: 'whatsapp_business_account',
    entry: [0, 1].map((i) => ({
      id: ctx.number.wabaId,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: ctx.number.displayPhoneNumber, phone_number_id: ctx.number.phoneNumberId },
            ...(i === 0 ? { contacts: contacts('5491100000001', 'Ana'), messages: [a, b] } : { contacts: contacts('5491100000002', 'Beto'), messages: [c] }),
          },
        },
        { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'x' } },
      ],
    })),
  };
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, batch), [200]);
  await eventually(async () => (await storedCounts(ctx.channelId)).messages === 3, 10_000, '3 messages');
  const ana = await inboundMessage(ctx.api, ctx.channelId, '5491100000001');
  assert.deepEqual((await timeline(ctx.api, ana.contactId)).filter((i) => i.kind === 'message').map((m) => m.text), ['segundo', 'primero']);
  const [receipt] = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(ctx.channelId)));
  assert.match(receipt!.error ?? '', /ignored_field: field "message_template_status_update"/);
});

test('CH-2 a webhook for another phone number of the app is acknowledged and noted, not recorded here', async () => {
  const ctx = await connect();
  const other = fake.addNumber();
  const payload = inboundPayload(other, '5215533334444', 'Ajeno', [textMessage('5215533334444', 'hola')]);
  assert.deepEqual(await fake.deliver(ctx.number.phoneNumberId, payload), [200]);
  const receipt = await eventually(async () => {
    const [r] = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(ctx.channelId)));
    return r?.processedAt && r;
  }, 10_000, 'receipt processed');
  assert.match(receipt.error ?? '', /^other_number: /);
  assert.equal((await storedCounts(ctx.channelId)).messages, 0);
});

// ---- Outbound ----

test('IN-8 a reply inside the window reaches Graph with the documented body and is sent with its wamid; reply-to quotes', async () => {
  const ctx = await connect();
  const { contactId, inbound, wamid, waId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Sí, enviamos a todo México: https://shop.example/envios', replyToId: inbound.id });
  const sent = await settled(ctx.api, contactId, id, 'sent');
  const accepted = fake.accepted.find((a) => a.wamid === sent.externalId);
  assert.ok(accepted, 'Graph accepted it under the stored wamid');
  assert.deepEqual(accepted.body, {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: `+${waId}`,
    context: { message_id: wamid },
    type: 'text',
    text: { preview_url: true, body: 'Sí, enviamos a todo México: https://shop.example/envios' },
  });
  const request = fake.requests.find((r) => r.method === 'POST' && r.path === `/v25.0/${ctx.number.phoneNumberId}/messages`)!;
  assert.equal(request.headers.authorization, `Bearer ${ctx.number.accessToken}`);
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(sent.replyToId, inbound.id);
  const channelsOfContact = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items;
  assert.equal(channelsOfContact[0].replyWindow.open, true);
  assert.ok(Date.parse(channelsOfContact[0].replyWindow.closesAt) > Date.now() + 23 * 3_600_000);
});

async function sendFile(api: Api, contactId: string, fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const form = multipart(fields, file);
  return api('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, form.headers);
}

test('IN-8 files are uploaded to Graph first, then sent by media id: image with caption and quote, document with filename', async () => {
  const ctx = await connect();
  const { contactId, inbound, wamid, waId } = await writingContact(ctx);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const image = await sendFile(ctx.api, contactId, { text: 'Su comprobante', replyToId: inbound.id }, { name: 'receipt.png', type: 'image/png', bytes: png });
  assert.equal(image.status, 201, JSON.stringify(image.body));
  const sentImage = await settled(ctx.api, contactId, image.body.id, 'sent');
  const upload = fake.uploads.find((u) => u.bytes.equals(png))!;
  assert.ok(upload, 'the file reached the media endpoint');
  assert.equal(upload.phoneNumberId, ctx.number.phoneNumberId);
  assert.equal(upload.mimeType, 'image/png');
  assert.equal(upload.filename, 'receipt.png');
  assert.deepEqual(fake.accepted.find((a) => a.wamid === sentImage.externalId)!.body, {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: `+${waId}`,
    context: { message_id: wamid },
    type: 'image',
    image: { id: upload.id, caption: 'Su comprobante' },
  });

  const pdf = Buffer.from('%PDF-1.4 cotización');
  const document = await sendFile(ctx.api, contactId, {}, { name: 'cotización.pdf', type: 'application/pdf', bytes: pdf });
  const sentDocument = await settled(ctx.api, contactId, document.body.id, 'sent');
  const pdfUpload = fake.uploads.find((u) => u.bytes.equals(pdf))!;
  assert.deepEqual(fake.accepted.find((a) => a.wamid === sentDocument.externalId)!.body.document, { id: pdfUpload.id, filename: 'cotización.pdf' });
});

test('IN-8 WhatsApp file limits: an image over 5 MB is 413, audio takes no caption, a GIF Graph refuses fails with its cause', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);
  const big = await sendFile(ctx.api, contactId, {}, { name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.alloc(5 * 1024 * 1024 + 1) });
  assert.equal(big.status, 413);
  assert.deepEqual(big.body.error.details, { maxBytes: 5 * 1024 * 1024 });
  const captioned = await sendFile(ctx.api, contactId, { text: 'escuche' }, { name: 'nota.ogg', type: 'audio/ogg', bytes: Buffer.from('OggS audio') });
  assert.equal(captioned.status, 422);
  assert.equal(captioned.body.error.details[0].path, 'body.text');
  const audio = await sendFile(ctx.api, contactId, {}, { name: 'nota.ogg', type: 'audio/ogg', bytes: Buffer.from('OggS audio') });
  const sentAudio = await settled(ctx.api, contactId, audio.body.id, 'sent');
  assert.equal(fake.accepted.find((a) => a.wamid === sentAudio.externalId)!.body.type, 'audio');
  const gif = await sendFile(ctx.api, contactId, {}, { name: 'hola.gif', type: 'image/gif', bytes: Buffer.from('GIF89a') });
  const failed = await settled(ctx.api, contactId, gif.body.id, 'failed');
  assert.equal(failed.error.code, 'whatsapp_131053');
  assert.match(failed.error.message, /Media upload error/);
});

test('IN-8 outside the 24-hour window free text is refused with 422 window_closed; an approved template is sent', async () => {
  const payload = fixture('inbound_text.json'); // written in 2025: the window closed long ago
  const ctx = await connect(fixtureNumber('106540352242922'));
  await fake.deliver('106540352242922', payload);
  const { contactId } = await inboundMessage(ctx.api, ctx.channelId, '16505551234');
  const refused = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿Sigue interesado?' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'window_closed');
  assert.equal(refused.body.error.details.windowClosedAt, new Date((1749416383 + 24 * 3600) * 1000).toISOString());
  const window = (await ctx.api('GET', `/api/v1/contacts/${contactId}/channels`)).body.items[0].replyWindow;
  assert.deepEqual(window, { open: false, closesAt: refused.body.error.details.windowClosedAt });

  fake.templates.set(ctx.number.wabaId, [
    ...Array.from({ length: 120 }, (_, i) => ({ name: `promo_${i}`, language: 'es_MX', status: 'APPROVED', category: 'MARKETING', components: [] })),
    { name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order {{1}} shipped' }] },
    { name: 'draft_offer', language: 'en_US', status: 'PENDING', category: 'MARKETING', components: [] },
  ]);
  const synced = await ctx.api('POST', `/api/v1/channels/${ctx.channelId}/templates/sync`);
  assert.equal(synced.status, 200, JSON.stringify(synced.body));
  assert.equal(synced.body.items.length, 122, 'every page was read');
  const listed = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}/templates`)).body.items;
  assert.deepEqual(pick(listed.find((t: any) => t.name === 'order_update'), ['language', 'status', 'category']), { language: 'en_US', status: 'APPROVED', category: 'UTILITY' });

  const pending = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { template: { name: 'draft_offer', language: 'en_US' } });
  assert.equal(pending.status, 422);
  assert.equal(pending.body.error.code, 'template_not_approved');
  const components = [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }];
  const id = await reply(ctx.api, contactId, { template: { name: 'order_update', language: 'en_US', components } });
  const sent = await settled(ctx.api, contactId, id, 'sent');
  assert.deepEqual(sent.content, { kind: 'template', template: { name: 'order_update', language: 'en_US', components } });
  const body = fake.accepted.find((a) => a.wamid === sent.externalId)!.body;
  assert.deepEqual(body.template, { name: 'order_update', language: { policy: 'deterministic', code: 'en_US' }, components });
  assert.equal(fake.sends().filter((b) => b.type === 'text' && b.to === '+16505551234').length, 0, 'the refused text never left');
});

test('CH-2 statuses posted out of order and repeated end at read, each step timed; failed keeps code and title', async () => {
  const ctx = await connect();
  const { contactId, waId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, { text: 'Tu pedido salió hoy' });
  const { externalId } = await settled(ctx.api, contactId, id, 'sent');
  const burst = statusPayload(ctx.number, [status(externalId, 'read', waId), status(externalId, 'delivered', waId)]);
  await fake.deliver(ctx.number.phoneNumberId, burst);
  await fake.deliver(ctx.number.phoneNumberId, statusPayload(ctx.number, [status(externalId, 'sent', waId)]), { times: 2 });
  const fixtureStatus = fixture('status_delivered_cbp.json');
  fixtureStatus.entry[0].changes[0].value.metadata.phone_number_id = ctx.number.phoneNumberId;
  fixtureStatus.entry[0].changes[0].value.statuses[0].id = externalId;
  await fake.deliver(ctx.number.phoneNumberId, fixtureStatus);
  await eventually(async () => {
    const rows = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(ctx.channelId)));
    return rows.length === 5 && rows.every((r) => r.processedAt);
  }, 10_000, 'status receipts processed');
  const message = await messageById(ctx.api, contactId, id);
  assert.equal(message.status, 'read');
  assert.ok(message.statusTimes.sent && message.statusTimes.delivered && message.statusTimes.read);
  assert.equal(message.error, null);

  const second = await reply(ctx.api, contactId, { text: 'Otro' });
  const { externalId: wamid2 } = await settled(ctx.api, contactId, second, 'sent');
  const failed = status(wamid2, 'failed', waId, { errors: [reengagementStatusError] });
  await fake.deliver(ctx.number.phoneNumberId, statusPayload(ctx.number, [failed, status(wamid2, 'sent', waId)]));
  const failedMessage = await settled(ctx.api, contactId, second, 'failed');
  assert.deepEqual(failedMessage.error, {
    code: 'window_closed',
    message: '(#131047) Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  });
});

test('CH-4 Graph errors map to causes: rate limit retried once sent, undeliverable and window final, token expiry disconnects', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);

  fake.failNext({ ...graphErrors.rateLimit, httpStatus: 400 }, 2);
  const limited = await reply(ctx.api, contactId, { text: 'Despacio' });
  const sent = await settled(ctx.api, contactId, limited, 'sent', 20_000);
  assert.equal(fake.accepted.filter((a) => a.wamid === sent.externalId).length, 1);
  assert.equal(fake.sends().filter((b) => b.text?.body === 'Despacio').length, 3, 'two refusals, then accepted once');

  const cases: [typeof graphErrors[keyof typeof graphErrors], string, RegExp][] = [
    [graphErrors.undeliverable, 'undeliverable', /^\(#131026\) Message Undeliverable: Unable to deliver message\.$/],
    [graphErrors.reengagement, 'window_closed', /^\(#131047\) Re-engagement message: Message failed/],
  ];
  for (const [error, code, text] of cases) {
    fake.failNext({ ...error, httpStatus: 400 });
    const id = await reply(ctx.api, contactId, { text: `fails with ${error.code}` });
    const failed = await settled(ctx.api, contactId, id, 'failed');
    assert.equal(failed.error.code, code);
    assert.match(failed.error.message, text);
    assert.equal(fake.sends().filter((b) => b.text?.body === `fails with ${error.code}`).length, 1, 'not retried');
  }

  fake.expireToken(ctx.number.accessToken);
  const doomed = await reply(ctx.api, contactId, { text: 'Token vencido' });
  const failed = await settled(ctx.api, contactId, doomed, 'failed');
  assert.equal(failed.error.code, 'token_expired');
  assert.match(failed.error.message, /^\(#190\) Error validating access token/);
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual(pick(channel, ['status', 'statusReason']), { status: 'disconnected', statusReason: 'token_expired' });
  const told = await server.ctx.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, ctx.workspaceId), eq(events.type, 'channel.updated')));
  assert.equal(told.length, 1);
  assert.equal((told[0]!.payload as any).channel.status, 'disconnected');
  const refused = await ctx.api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿hola?' });
  assert.equal(refused.body.error.code, 'channel_removed');

  const renewed = fake.addNumber({ ...ctx.number, accessToken: 'EAAG-renewed-token' });
  const patched = await ctx.api('PATCH', `/api/v1/channels/${ctx.channelId}`, { config: fake.channelConfig(renewed) });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual(pick(patched.body, ['status', 'statusReason']), { status: 'connected', statusReason: null });
  const again = await reply(ctx.api, contactId, { text: 'De vuelta' });
  await settled(ctx.api, contactId, again, 'sent');
});

test('outside the window the fake reports the send as failed 131047 afterwards (Meta\'s async way): the message shows window_closed', async () => {
  const ctx = await connect();
  const { contactId, waId } = await writingContact(ctx);
  // Our side believes the window open (the contact just wrote); Graph's clock says otherwise.
  await server.ctx.db
    .update(contactChannels)
    .set({ lastInboundAt: new Date(Date.now() - 23 * 3_600_000) })
    .where(eq(contactChannels.externalId, waId));
  (fake as any).lastUserMessageAt.set(`${ctx.number.phoneNumberId}:${waId}`, Date.now() - 25 * 3_600_000);
  const id = await reply(ctx.api, contactId, { text: 'Tarde' });
  const failed = await settled(ctx.api, contactId, id, 'failed');
  assert.equal(failed.error.code, 'window_closed');
  assert.ok(failed.statusTimes.sent, 'it was accepted first');
});

test('IN-5 reading the contact marks its newest message read on WhatsApp', async () => {
  const ctx = await connect();
  const { contactId, waId } = await writingContact(ctx);
  const second = textMessage(waId, 'y otra cosa');
  await fake.deliver(ctx.number.phoneNumberId, inboundPayload(ctx.number, waId, 'Lucía Pérez', [second]));
  await eventually(async () => (await timeline(ctx.api, contactId)).filter((i) => i.kind === 'message').length === 2, 10_000, 'second message');
  assert.equal((await ctx.api('POST', `/api/v1/contacts/${contactId}/read`)).status, 200);
  await eventually(async () => fake.markedRead().includes(second.id), 10_000, 'mark-read call');
  assert.deepEqual(fake.markedRead().filter((id) => id.startsWith('wamid.IN') && id === second.id), [second.id]);
});

test('CH-2 the contact revokes a message, edits one and changes number: recorded, once each', async () => {
  const ctx = await connect();
  const { contactId, wamid, waId } = await writingContact(ctx);
  const later = (type: string, extra: Record<string, unknown>) => ({ from: waId, id: `wamid.${type}${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)), type, ...extra });
  const edited = textMessage(waId, 'mensaje con erro');
  await fake.deliver(ctx.number.phoneNumberId, inboundPayload(ctx.number, waId, 'Lucía Pérez', [edited]));
  await eventually(async () => (await timeline(ctx.api, contactId)).filter((i) => i.kind === 'message').length === 2, 10_000, 'second message');
  const notices = [
    later('revoke', { revoke: { original_message_id: wamid } }),
    later('edit', { edit: { original_message_id: edited.id, message: { type: 'text', text: { body: 'mensaje sin error' } } } }),
    later('system', { system: { body: 'Lucía changed from 1 to 2', new_wa_id: '5215599998888', type: 'user_changed_number' } }),
  ];
  // Sent twice: the second delivery changes nothing.
  await fake.deliver(ctx.number.phoneNumberId, envelopeWithoutContacts(ctx.number, notices), { times: 2 });
  const items = await eventually(async () => {
    const all = await timeline(ctx.api, contactId);
    return all.some((i) => i.type === 'contact_identity_changed') && all;
  }, 10_000, 'identity change');
  const byType = (type: string) => items.filter((i) => i.kind === 'event' && i.type === type);
  assert.equal(byType('message_revoked').length, 1);
  assert.equal(byType('message_edited').length, 1);
  assert.equal(byType('message_edited')[0].data.previous.text, 'mensaje con erro');
  assert.deepEqual(pick(byType('contact_identity_changed')[0].data, ['from', 'to', 'reason']), { from: waId, to: '5215599998888', reason: 'user_changed_number' });
  const msgs = items.filter((i) => i.kind === 'message');
  assert.equal(msgs.find((m) => m.externalId === edited.id).text, 'mensaje sin error');
  assert.ok(msgs.find((m) => m.externalId === wamid).deletedAt);
  const fromNewNumber = textMessage('5215599998888', 'ahora escribo desde aquí');
  await fake.deliver(ctx.number.phoneNumberId, inboundPayload(ctx.number, '5215599998888', 'Lucía Pérez', [fromNewNumber]));
  await eventually(async () => (await timeline(ctx.api, contactId)).some((i) => i.externalId === fromNewNumber.id), 10_000, 'same contact');
});

function envelopeWithoutContacts(number: FakeNumber, messages: Record<string, unknown>[]) {
  // System messages carry no `contacts` array (PROVIDERS.md §1.3).
  return { object: 'whatsapp_business_account', entry: [{ id: number.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId }, messages } }] }] };
}

function hmacHex(secret: string, body: string) {
  return createHmac('sha256', secret).update(body).digest('hex');
}
