import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { FakeWhatsApp, graphErrors, statusPayload, status, envelope } from '../../../test/fakes/whatsapp-cloud.js';
import { metaJson, signature } from '../../../test/fakes/meta-webhooks.js';
import type { InboundEvent } from '../types.js';
import { channelRow, sendError } from '../../../test/fixtures.js';
import { whatsappConfigSchema } from './payloads.js';
import { whatsappCloudAdapter as adapter } from './whatsapp-cloud.adapter.js';

/**
 * The adapter alone: every documented inbound shape of PROVIDERS.md §1.4-1.5 (beyond the fixtures, which the end-to-end
 * test replays) normalised, and each kind of Graph answer mapped to a typed outcome, against the fake.
 */

const fake = await FakeWhatsApp.start();
after(() => fake.close());
const number = fake.addNumber();
const channel = channelRow('whatsapp_cloud', 'WhatsApp', whatsappConfigSchema.parse(fake.channelConfig(number)), 'unused');

const from = '16505551234';
const msg = (type: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ from, id: `wamid.${type}`, timestamp: '1750025136', type, [type]: body, ...extra });
const parse = (messages: Record<string, unknown>[], value: Record<string, unknown> = {}) =>
  adapter.parseWebhook(channel, Buffer.from(metaJson(envelope(number, [{ contacts: [{ profile: { name: 'Sheena' }, wa_id: from }], messages, ...value }]))));
const only = (events: InboundEvent[]) => {
  assert.equal(events.length, 1);
  return events[0] as Extract<InboundEvent, { kind: 'message' }>;
};

test('media types: video with caption, animated sticker; frequently forwarded', () => {
  const video = only(parse([msg('video', { caption: 'mira', mime_type: 'video/mp4', sha256: 'x', id: '77' }, { context: { frequently_forwarded: true } })]));
  assert.equal(video.text, 'mira');
  assert.deepEqual(video.content, {
    kind: 'video',
    attachments: [{ type: 'video', mimeType: 'video/mp4', providerMediaId: '77', caption: 'mira', sha256: 'x' }],
    forwarded: 'frequently_forwarded',
  });
  assert.equal(video.replyToExternalId, undefined, 'a forward quotes nothing');
  const sticker = only(parse([msg('sticker', { mime_type: 'image/webp', sha256: 'y', id: '78', animated: true })]));
  assert.deepEqual(sticker.content!.attachments![0], { type: 'sticker', mimeType: 'image/webp', providerMediaId: '78', sha256: 'y', animated: true });
});

test('named location, shared contacts, list reply, flow reply, order', () => {
  const location = only(parse([msg('location', { latitude: 19.43, longitude: -99.13, name: 'Zócalo', address: 'CDMX', url: 'https://x.example' })]));
  assert.equal(location.text, 'Zócalo, CDMX');
  assert.deepEqual(location.content!.location, { latitude: 19.43, longitude: -99.13, name: 'Zócalo', address: 'CDMX', url: 'https://x.example' });
  const card = { name: { formatted_name: 'Ana Gómez', first_name: 'Ana' }, phones: [{ phone: '+52 55 1234 5678', wa_id: '5215512345678', type: 'CELL' }] };
  const contacts = only(parse([{ from, id: 'wamid.c', timestamp: '1', type: 'contacts', contacts: [card] }]));
  assert.deepEqual(contacts.content, { kind: 'contacts', contacts: [card] });
  const list = only(parse([msg('interactive', { type: 'list_reply', list_reply: { id: 'row-2', title: 'Mañana', description: 'por la tarde' } }, { context: { from: '15550783881', id: 'wamid.ours' } })]));
  assert.deepEqual(list.content!.choice, { kind: 'list', id: 'row-2', title: 'Mañana', description: 'por la tarde' });
  assert.equal(list.replyToExternalId, 'wamid.ours');
  const flow = only(parse([msg('interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"size":"M"}' } })]));
  assert.deepEqual(flow.content!.choice, { kind: 'form', id: 'flow', title: 'Sent', response: { size: 'M' } });
  const order = only(parse([msg('order', { catalog_id: 'cat', text: 'para hoy', product_items: [{ product_retailer_id: 'sku-1', quantity: '2', item_price: 9.5, currency: 'USD' }] })]));
  assert.deepEqual(order.content!.order, { catalogId: 'cat', text: 'para hoy', items: [{ productId: 'sku-1', quantity: 2, price: 9.5, currency: 'USD' }] });
});

test('a removed reaction, an unsupported message with its error, an unknown future type, a number change without contacts', () => {
  const removed = only(parse([msg('reaction', { message_id: 'wamid.out' })]));
  assert.deepEqual(removed.content!.reaction, { emoji: null, targetExternalId: 'wamid.out' });
  assert.equal(removed.replyToExternalId, 'wamid.out');
  const unsupported = only(
    parse([{ from, id: 'wamid.u', timestamp: '1', type: 'unsupported', unsupported: { type: 'poll' }, errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] }]),
  );
  assert.deepEqual(unsupported.content, {
    kind: 'unsupported',
    providerType: 'poll',
    error: { code: 'whatsapp_131051', message: '(#131051) Message type unknown: Message type is currently not supported.' },
  });
  // The older shape: `details` beside the code, and a numeric timestamp.
  const older = only(parse([{ from, id: 'wamid.o', timestamp: 1697043509, type: 'unknown', errors: [{ code: 131051, details: 'Message type is not currently supported', title: 'Unsupported message type' }] }]));
  assert.deepEqual(older.content!.error, { code: 'whatsapp_131051', message: '(#131051) Unsupported message type: Message type is not currently supported' });
  assert.equal(older.sentAt!.getTime(), 1697043509_000);
  const future = only(parse([msg('hologram', { id: 'h' })]));
  assert.deepEqual(future.content, { kind: 'unsupported', providerType: 'hologram' });
  const system = adapter.parseWebhook(
    channel,
    Buffer.from(JSON.stringify(envelope(number, [{ messages: [{ from, id: 'wamid.s', timestamp: '1', type: 'system', system: { body: 'changed', new_wa_id: '16505550000', type: 'user_changed_number' } }] }]))),
  );
  assert.deepEqual(system, [
    { kind: 'identity_changed', contact: { externalId: from, phone: `+${from}` }, newExternalId: '16505550000', data: { body: 'changed', reason: 'user_changed_number' }, at: new Date(1000) },
  ]);
});

test('statuses: played counts as read, failed carries code and title, unknown values and value-level errors are notices', () => {
  const events = adapter.parseWebhook(
    channel,
    Buffer.from(
      JSON.stringify(
        envelope(number, [
          {
            statuses: [
              status('wamid.a', 'played', from),
              status('wamid.b', 'failed', from, { errors: [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }] }),
              { ...status('wamid.c', 'sent', from), status: 'deleted' },
            ],
            errors: [{ code: 130429, title: 'Rate limit hit' }],
          },
        ]),
      ),
    ),
  );
  assert.deepEqual(
    events.map((e) => (e.kind === 'status' ? [e.kind, e.status, e.error?.code] : [e.kind, (e as { code: string }).code])),
    [
      ['status', 'read', undefined],
      ['status', 'failed', 'whatsapp_131049'],
      ['notice', 'unknown_status'],
      ['notice', 'rate_limited'],
    ],
  );
});

test('malformed payloads are invalid_payload with the path; the signature is over the exact bytes', () => {
  const bad = (body: unknown) => () => adapter.parseWebhook(channel, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
  assert.throws(bad('{"object":'), { code: 'invalid_payload' });
  assert.throws(bad({ object: 'page', entry: [] }), { code: 'invalid_payload' });
  assert.throws(bad(envelope(number, [{ messages: [{ from, type: 'text', text: { body: 'x' }, timestamp: '1' }] }])), (err: any) => {
    assert.equal(err.code, 'invalid_payload');
    assert.deepEqual(err.details.map((d: { path: string }) => d.path), ['body.entry.0.changes.0.value.messages.0.id']);
    return true;
  });
  const raw = Buffer.from(metaJson({ object: 'whatsapp_business_account', entry: [], note: 'äöå' }));
  assert.ok(raw.toString().includes('\\u00e4\\u00f6\\u00e5'));
  const verify = (header: string | string[]) => () => adapter.verifyWebhook(channel, { headers: { 'x-hub-signature-256': header }, rawBody: raw, now: new Date() }, 300);
  assert.doesNotThrow(verify(signature(fake.appSecret, raw.toString())));
  assert.throws(verify(signature(fake.appSecret, JSON.stringify(JSON.parse(raw.toString())))), { code: 'invalid_signature' });
  assert.throws(verify([signature(fake.appSecret, raw.toString())]), { code: 'invalid_signature' });
});

const send = () => adapter.send(channel, { id: 1, text: 'hola', contactExternalId: from }, 2_000);

test('Graph refusals map to typed send errors', async () => {
  const cases: [Parameters<FakeWhatsApp['failNext']>[0], string, string, boolean][] = [
    [{ ...graphErrors.rateLimit, httpStatus: 400 }, 'rate_limited', 'rate_limited', false],
    [{ ...graphErrors.pairRateLimit, httpStatus: 400 }, 'rate_limited', 'rate_limited', false],
    [{ ...graphErrors.reengagement, httpStatus: 400 }, 'window_closed', 'window_closed', false],
    [{ ...graphErrors.undeliverable, httpStatus: 400 }, 'permanent', 'undeliverable', false],
    [graphErrors.somethingWentWrong, 'transient', 'whatsapp_131000', false],
    [graphErrors.tokenExpired, 'permanent', 'token_expired', true],
    [{ code: 132001, message: '(#132001) Template name does not exist in the translation', httpStatus: 404 }, 'permanent', 'whatsapp_132001', false],
  ];
  for (const [error, kind, code, credentialsRejected] of cases) {
    fake.failNext(error);
    const err = await sendError(send());
    assert.deepEqual([err.kind, err.code, err.credentialsRejected], [kind, code, credentialsRejected], String(error.code));
  }
});

test('sends are paced per number (messagesPerSecond)', async () => {
  const slow = { ...channel, config: { ...channel.config, messagesPerSecond: 20 } };
  const started = Date.now();
  const wamids = await Promise.all(Array.from({ length: 6 }, (_, i) => adapter.send(slow, { id: 10 + i, text: `n${i}`, contactExternalId: from }, 2_000)));
  assert.equal(new Set(wamids.map((w) => w.externalId)).size, 6);
  assert.ok(Date.now() - started >= 5 * 50 - 5, `six sends at 20/s take at least 250 ms (took ${Date.now() - started})`);
});

test('mark-read posts the documented body; a template list follows every page', async () => {
  await adapter.markRead!(channel, 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', 2_000);
  const [request] = fake.requests.filter((r) => r.rawBody.includes('"status":"read"')).slice(-1);
  assert.deepEqual(JSON.parse(request!.rawBody), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA' });
  fake.templates.set(number.wabaId, Array.from({ length: 230 }, (_, i) => ({ name: `t${i}`, language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [] })));
  const templates = await adapter.listTemplates!(channel, 2_000);
  assert.equal(templates.length, 230);
  const pages = fake.requests.filter((r) => r.path === `/v25.0/${number.wabaId}/message_templates` && r.query.get('limit') === '100');
  assert.equal(pages.length, 3);
});

test('a status envelope from the fake parses to statuses on the provider id', () => {
  const events = adapter.parseWebhook(channel, Buffer.from(metaJson(statusPayload(number, [status('wamid.z', 'delivered', from)]))));
  assert.deepEqual(events, [{ kind: 'status', message: { externalId: 'wamid.z' }, status: 'delivered', error: undefined, at: (events[0] as { at: Date }).at }]);
});
