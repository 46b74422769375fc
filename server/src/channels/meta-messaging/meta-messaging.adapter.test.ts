import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { channelRow, sendError } from '../../../test/fixtures.js';
import { contactEvent, contactMessage, FakeMeta, graphErrors, messagingPayload } from '../../../test/fakes/meta-messaging.js';
import { metaJson } from '../../../test/fakes/meta-webhooks.js';
import type { InboundEvent } from '../types.js';
import { sendErrorOf } from './graph.js';
import { instagramAdapter, messengerAdapter } from './meta-messaging.adapter.js';
import { instagramConfigSchema, messengerConfigSchema } from './payloads.js';

/**
 * The adapters alone: every documented messaging shape of PROVIDERS.md §2.1 (beyond the fixtures, which the end-to-end
 * test replays) normalised, the configs' defaults, and each kind of Graph answer mapped to a typed outcome.
 */

const fake = await FakeMeta.start();
after(() => fake.close());
const page = fake.addPage();
const channel = channelRow('messenger', 'Messenger', messengerConfigSchema.parse(fake.channelConfig(page)));
const psid = '24761234567890';

const parse = (items: unknown[], envelope: Record<string, unknown> = {}) =>
  messengerAdapter.parseWebhook(channel, Buffer.from(metaJson({ ...messagingPayload(page, items as Record<string, unknown>[]), ...envelope })));
const only = (events: InboundEvent[]) => {
  assert.equal(events.length, 1, JSON.stringify(events));
  return events[0]!;
};
const message = (events: InboundEvent[]) => only(events) as Extract<InboundEvent, { kind: 'message' }>;

test('configs: the Graph host by login, the API version, HUMAN_AGENT off, and nothing unknown accepted', () => {
  const shared = { appSecret: 's', verifyToken: 'v' };
  const messenger = messengerConfigSchema.parse({ pageId: '1', pageAccessToken: 't', ...shared });
  assert.deepEqual(messenger, { pageId: '1', pageAccessToken: 't', ...shared, apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v25.0', humanAgentTag: false });
  assert.equal(instagramConfigSchema.parse({ instagramAccountId: '2', instagramAccessToken: 't', ...shared }).apiBaseUrl, 'https://graph.instagram.com');
  assert.equal(instagramConfigSchema.parse({ instagramAccountId: '2', instagramAccessToken: 't', pageId: '3', ...shared }).apiBaseUrl, 'https://graph.facebook.com');
  assert.equal(messengerConfigSchema.safeParse({ pageId: '1', pageAccessToken: 't', ...shared, token: 'x' }).success, false);
  assert.equal(messengerAdapter.replyWindowMsFor!(channel), 24 * 3_600_000);
  const tagged = channelRow('instagram', 'IG', instagramConfigSchema.parse({ instagramAccountId: '2', instagramAccessToken: 't', ...shared, humanAgentTag: true }));
  assert.equal(instagramAdapter.replyWindowMsFor!(tagged), 7 * 24 * 3_600_000);
});

test('attachments: files, audio, video, a sticker, several images, a location, a shared link, a reel', () => {
  const url = (n: number) => `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${n}`;
  const types = message(parse([contactMessage(page, psid, {
    attachments: [
      { type: 'image', payload: { url: url(1) } },
      { type: 'image', payload: { url: url(2), sticker_id: 369239263222822 } },
      { type: 'audio', payload: { url: url(3) } },
      { type: 'video', payload: { url: url(4) } },
      { type: 'file', payload: { url: url(5) } },
    ],
  })]));
  assert.deepEqual(types.content, {
    kind: 'image',
    attachments: [
      { type: 'image', mimeType: null, providerMediaId: url(1) },
      { type: 'sticker', mimeType: null, providerMediaId: url(2) },
      { type: 'audio', mimeType: null, providerMediaId: url(3) },
      { type: 'video', mimeType: null, providerMediaId: url(4) },
      { type: 'document', mimeType: null, providerMediaId: url(5) },
    ],
  });
  assert.equal(types.text, undefined);
  const location = message(parse([contactMessage(page, psid, { attachments: [{ type: 'location', payload: { coordinates: { lat: 19.43, long: -99.13 }, title: 'Zócalo' } }] })]));
  assert.deepEqual(location.content, { kind: 'location', location: { latitude: 19.43, longitude: -99.13, name: 'Zócalo' } });
  const link = message(parse([contactMessage(page, psid, { attachments: [{ type: 'fallback', payload: { url: 'https://shop.example/p/1', title: 'Chaqueta' } }] })]));
  assert.deepEqual([link.text, link.content], ['Chaqueta\nhttps://shop.example/p/1', { kind: 'unsupported', providerType: 'fallback' }]);
  const reel = message(parse([contactMessage(page, psid, { attachments: [{ type: 'ig_reel', payload: { url: url(6), title: 'Nueva colección', reel_video_id: '1790' } }] })]));
  assert.deepEqual(reel.content, { kind: 'video', attachments: [{ type: 'video', mimeType: null, providerMediaId: url(6), caption: 'Nueva colección' }] });
  const unknown = message(parse([contactMessage(page, psid, { is_unsupported: true })]));
  assert.deepEqual(unknown.content, { kind: 'unsupported', providerType: 'unsupported' });
});

test('an ad referral is noted with the message; a postback without mid is named the same on every redelivery', () => {
  const referral = { ref: 'summer', ad_id: '6045', source: 'ADS', type: 'OPEN_THREAD' };
  const fromAd = message(parse([contactMessage(page, psid, { text: 'vi su anuncio', referral })]));
  assert.deepEqual(fromAd.notes, [{ type: 'referral', data: referral }]);
  const postback = contactEvent(page, psid, { postback: { title: 'Ver catálogo', payload: 'CATALOG' } }, 1_700_000_000_000);
  const first = message(parse([postback]));
  assert.equal(first.externalId, message(parse([postback])).externalId);
  assert.deepEqual(first.content, { kind: 'choice', choice: { kind: 'button', id: 'CATALOG', title: 'Ver catálogo' } });
  assert.equal(first.sentAt!.getTime(), 1_700_000_000_000);
});

test('a removed reaction, echoes, watermarks, standby items and an edit', () => {
  const unreact = message(parse([contactEvent(page, psid, { reaction: { mid: 'm_ours', action: 'unreact' } })]));
  assert.deepEqual(unreact.content, { kind: 'reaction', reaction: { emoji: null, targetExternalId: 'm_ours' } });
  const echo = message(parse([{ sender: { id: page.id }, recipient: { id: psid }, timestamp: 1, message: { mid: 'm_echo', is_echo: true, app_id: 263902037430900, text: 'desde el inbox' } }]));
  assert.deepEqual([echo.echo, echo.contact.externalId, echo.text], [true, psid, 'desde el inbox']);
  const delivery = only(parse([contactEvent(page, psid, { delivery: { watermark: 1458668856253 } }, null)]));
  assert.deepEqual(delivery, { kind: 'watermark', contact: { externalId: psid }, status: 'delivered', upTo: { at: new Date(1458668856253) }, externalIds: [], at: new Date(1458668856253) });
  const read = only(parse([contactEvent(page, psid, { read: { watermark: 1458668856253, seq: 38 } }, 1458668856300)]));
  assert.deepEqual(read, { kind: 'watermark', contact: { externalId: psid }, status: 'read', upTo: { at: new Date(1458668856253) }, at: new Date(1458668856300) });
  const standby = parse([], { entry: [{ id: page.id, time: 1, standby: [contactMessage(page, psid, { mid: 'm_standby', text: 'otra app tiene el hilo' })] }] });
  assert.equal(message(standby).externalId, 'm_standby');
  const edited = only(parse([contactEvent(page, psid, { message_edit: { mid: 'm_1', text: 'corregido', num_edit: 1 } }, 1_700_000_000_000)]));
  assert.deepEqual(edited, { kind: 'edited', contact: { externalId: psid }, targetExternalId: 'm_1', text: 'corregido', at: new Date(1_700_000_000_000) });
});

test('what is not ours or not known is noted, item by item, and the rest of the batch still counts', () => {
  const events = parse([], {
    entry: [
      { id: '999', time: 1, messaging: [contactMessage(page, psid, { text: 'otra página' })] },
      {
        id: page.id,
        time: 1,
        messaging: [
          { sender: { id: psid }, recipient: { id: page.id }, timestamp: 1, message: { text: 'sin mid' } },
          contactEvent(page, psid, { optin: { ref: 'x' } }),
          { timestamp: 1, message_edit: { mid: 'm_1', text: 'sin remitente' } },
          contactMessage(page, psid, { mid: 'm_ok', text: 'bien' }),
        ],
        changes: [{ field: 'feed', value: {} }],
      },
    ],
  });
  assert.deepEqual(
    events.map((e) => (e.kind === 'notice' ? e.code : e.kind)),
    ['other_account', 'invalid_event', 'ignored_event', 'no_participant', 'message', 'ignored_field'],
  );
  assert.throws(() => parse([], { object: 'instagram' }), /invalid_payload/);
  assert.throws(() => messengerAdapter.parseWebhook(channel, Buffer.from('not json')), /invalid_payload/);
});

test('Graph errors: window (both codes), rate limits, an unavailable person, tokens, parameters, outages', () => {
  const of = (error: Record<string, unknown>, status = 400, retryAfter: string | null = null) => sendErrorOf(status, { error: { type: 'OAuthException', ...error } }, retryAfter);
  const window = of(graphErrors.outsideWindow);
  assert.deepEqual([window.kind, window.code, window.message], ['window_closed', 'window_closed', '(#10) This message is sent outside of allowed window.']);
  assert.equal(of(graphErrors.windowClosed).kind, 'window_closed');
  const limited = of(graphErrors.rateLimit, 400, '30');
  assert.deepEqual([limited.kind, limited.retryAfterMs], ['rate_limited', 30_000]);
  assert.deepEqual([of(graphErrors.unavailable).kind, of(graphErrors.unavailable).code], ['permanent', 'undeliverable']);
  const token = of(graphErrors.invalidToken);
  assert.deepEqual([token.kind, token.code, token.credentialsRejected], ['permanent', 'token_expired', true]);
  const permission = of({ code: 10, error_subcode: 2018065, message: '(#10) not approved' });
  assert.deepEqual([permission.code, permission.credentialsRejected], ['permission_denied', false]);
  assert.equal(of(graphErrors.retiredTag).code, 'meta_100');
  assert.equal(of(graphErrors.unexpected, 500).kind, 'transient');
  const proxy = sendErrorOf(502, undefined, null);
  assert.deepEqual([proxy.kind, proxy.code], ['transient', 'http_502']);
  assert.equal(sendErrorOf(401, '<html>', null).credentialsRejected, true);
});

test('a file whose text is then refused is a final failure: the file went out and must not go twice', async () => {
  fake.contactWrote(page, psid, Date.now());
  fake.beforeAnswer = async () => {
    fake.beforeAnswer = undefined;
    fake.failNext(graphErrors.rateLimit);
  };
  const file = { type: 'document' as const, mimeType: 'application/pdf', filename: 'factura.pdf', bytes: Buffer.from('%PDF-1.4') };
  const err = await sendError(messengerAdapter.send(channel, { id: 1, text: 'Su factura', contactExternalId: psid, file }, 3000));
  assert.deepEqual([err.kind, err.code], ['permanent', 'partly_sent']);
  assert.match(err.message, /^The file was sent, its text was not: \(#613\)/);
  assert.equal(fake.accepted.filter((a) => a.body.recipient.id === psid && a.file?.filename === 'factura.pdf').length, 1);
});

test('inbound media: only http(s) links are fetched, redirects are followed, an expired link is final', async () => {
  assert.equal((await sendError(messengerAdapter.fetchMedia!(channel, 'file:///etc/passwd', 3000))).code, 'media_unavailable');
  assert.equal((await sendError(messengerAdapter.fetchMedia!(channel, '<IMAGE_URL>', 3000))).code, 'media_unavailable');
  const expired = await sendError(messengerAdapter.fetchMedia!(channel, `${fake.baseUrl}/cdn/unknown`, 3000));
  assert.deepEqual([expired.kind, expired.code], ['permanent', 'media_expired']);
  const file = await messengerAdapter.fetchMedia!(channel, fake.addCdnFile(Buffer.from('ok'), 'audio/mp4', { redirect: true }), 3000);
  assert.deepEqual([file.body.toString(), file.mimeType], ['ok', 'audio/mp4']);
});

test('profiles: Messenger names by first and last name, Instagram by name else username; the picture link; refusals are final', async () => {
  const picture = { bytes: Buffer.from('ffd8ffe0', 'hex'), mimeType: 'image/jpeg' };
  fake.setProfile(page, '24760000000001', { first_name: 'Peter', picture });
  const peter = await messengerAdapter.fetchProfile!(channel, '24760000000001', 3000);
  assert.equal(peter.name, 'Peter');
  assert.deepEqual(await messengerAdapter.fetchMedia!(channel, peter.avatarMediaId!, 3000), { body: picture.bytes, mimeType: 'image/jpeg' });
  fake.setProfile(page, '24760000000002', {});
  assert.deepEqual(await messengerAdapter.fetchProfile!(channel, '24760000000002', 3000), {}, 'Graph answered only the id');
  const noProfile = await sendError(messengerAdapter.fetchProfile!(channel, '24760000000003', 3000));
  assert.deepEqual([noProfile.kind, noProfile.code, noProfile.message], ['permanent', 'meta_100', '(#100) No profile available for this user.']);

  const account = fake.addInstagram();
  const ig = channelRow('instagram', 'IG', instagramConfigSchema.parse(fake.channelConfig(account)));
  fake.setProfile(account, '1789000000001', { name: null, username: 'tienda_fan_22' });
  fake.contactWrote(account, '1789000000001', Date.now());
  assert.deepEqual(await instagramAdapter.fetchProfile!(ig, '1789000000001', 3000), { name: 'tienda_fan_22' });
  fake.setProfile(account, '1789000000002', { name: 'Nadie', username: 'nadie' });
  const noConsent = await sendError(instagramAdapter.fetchProfile!(ig, '1789000000002', 3000));
  assert.deepEqual([noConsent.kind, noConsent.code, noConsent.message], ['permanent', 'permission_denied', '(#230) User consent is required to access user profile.']);
});
