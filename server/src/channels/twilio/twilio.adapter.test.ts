import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { AppError } from '../../http/errors.js';
import { channelRow, sendError } from '../../../test/fixtures.js';
import { freePort } from '../../../test/harness.js';
import { FakeTwilio, newSid, twilioErrors, type FakeContent } from '../../../test/fakes/twilio.js';
import type { InboundEvent, OutboundMessage } from '../types.js';
import { twilioSmsConfigSchema, twilioWhatsappConfigSchema } from './payloads.js';
import { twilioSmsAdapter as sms, twilioWhatsappAdapter as whatsapp } from './twilio.adapter.js';

/**
 * The adapter alone: the signature scheme against the SDKs' published vectors, every documented webhook shape of
 * PROVIDERS.md §4.1/§4.3 normalised (beyond the fixtures the end-to-end test replays), and each kind of REST answer
 * mapped to a typed outcome, against the fake.
 */

const fixtureJson = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/provider-fixtures/twilio/${name}`, import.meta.url), 'utf8'));

const fake = await FakeTwilio.start();
after(() => fake.close());
const account = fake.addAccount();
const smsSender = fake.addSender(account, 'sms', '+15017122661');
const waSender = fake.addSender(account, 'whatsapp', '+14155238886');
const smsChannel = channelRow('twilio_sms', 'SMS', twilioSmsConfigSchema.parse(fake.channelConfig(smsSender)));
const waChannel = channelRow('twilio_whatsapp', 'WhatsApp', twilioWhatsappConfigSchema.parse(fake.channelConfig(waSender)));

const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());
const parseSms = (params: Record<string, string>) => sms.parseWebhook(smsChannel, form(params));
const parseWa = (params: Record<string, string>) => whatsapp.parseWebhook(waChannel, form(params));
const only = (events: InboundEvent[]) => {
  assert.equal(events.length, 1);
  return events[0] as Extract<InboundEvent, { kind: 'message' }>;
};
const waInbound = (extra: Record<string, string>) => ({
  MessageSid: newSid('SM'),
  AccountSid: account.accountSid,
  From: 'whatsapp:+5215512345678',
  To: 'whatsapp:+14155238886',
  ProfileName: 'Lucía Pérez',
  WaId: '5215512345678',
  NumMedia: '0',
  ReferralNumMedia: '0',
  SmsStatus: 'received',
  ApiVersion: '2010-04-01',
  ...extra,
});

// ---- X-Twilio-Signature ----

test('CH-2 X-Twilio-Signature: the SDKs\' published vectors verify; any change to URL, parameters, token or body does not', () => {
  const channel = channelRow('twilio_sms', 'SMS', { ...smsChannel.config, authToken: '12345' });
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const verifies = (signature: string, rawBody: Buffer | string, at = url, on = channel) => {
    try {
      sms.verifyWebhook(on, { url: at, headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(rawBody), now: new Date() }, 300);
      return true;
    } catch (err) {
      assert.ok(err instanceof AppError && err.code === 'invalid_signature', String(err));
      return false;
    }
  };
  const body = form(params);
  assert.ok(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', body), 'twilio-php/-python/-csharp vector');
  assert.ok(verifies('0/KCTR6DLpKmkAf8muzZqo1nDgQ=', form({ ...params, Caller: '+12349013030', From: '+12349013030' })), 'twilio-node vector');
  // Parameter order on the wire does not matter; the signature sorts them.
  assert.ok(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'To=%2B18005551212&Digits=1234&From=%2B14158675309&Caller=%2B14158675309&CallSid=CA1234567890ABCDE'));
  // A repeated parameter contributes its distinct values, sorted.
  assert.ok(verifies('IK+Dwps556ElfBT0I3Rgjkr1wJU=', 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234'));
  // A JSON body is covered by bodySHA256 in the URL, the signature by the URL alone.
  const json = '{"property": "value", "boolean": true}';
  const withHash = `${url}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620`;
  assert.ok(verifies('a9nBmqA0ju/hNViExpshrM61xv4=', json, withHash));
  assert.equal(verifies('a9nBmqA0ju/hNViExpshrM61xv4=', json.replace('true', 'false'), withHash), false, 'the body is not the one hashed');
  // With or without the default port, and the URL as written (host case kept).
  assert.ok(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', body, 'https://mycompany.com:443/myapp.php?foo=1&bar=2'));
  assert.ok(verifies('g9IN/x4Cft2g517EjYvEvM/W7LU=', body, 'https://MyCompany.com/myapp.php?foo=1&bar=2'));

  assert.equal(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', form({ ...params, Digits: '9999' })), false, 'a tampered parameter');
  assert.equal(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', form({ ...params, Extra: '' })), false, 'an added parameter');
  assert.equal(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', body, `${url}&x=1`), false, 'another URL');
  assert.equal(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', body, 'http://mycompany.com/myapp.php?foo=1&bar=2'), false, 'another scheme');
  assert.equal(verifies('RSOYDt4T1cUTdK1PDd93/VVr8B8=', body, url, smsChannel), false, 'another auth token');
  assert.equal(verifies('', body), false);
  assert.throws(() => sms.verifyWebhook(channel, { url, headers: {}, rawBody: body, now: new Date() }, 300), { code: 'invalid_signature' });
  assert.throws(() => sms.verifyWebhook(channel, { headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, rawBody: body, now: new Date() }, 300), {
    code: 'invalid_signature',
  });
});

// ---- Status callbacks ----

test('CH-2 every MessageStatus: sent/delivered/read recorded, undelivered/failed/canceled fail with the cause, earlier steps ignored', () => {
  const sid = newSid('SM');
  const status = (MessageStatus: string, extra: Record<string, string> = {}) => parseWa({ MessageSid: sid, SmsSid: sid, MessageStatus, SmsStatus: MessageStatus, AccountSid: account.accountSid, ...extra });
  for (const s of ['sent', 'delivered', 'read'] as const) assert.deepEqual(status(s), [{ kind: 'status', message: { externalId: sid }, status: s }]);
  for (const s of ['queued', 'accepted', 'scheduled', 'sending']) assert.deepEqual(status(s), [], s);
  assert.deepEqual(status('undelivered', { ErrorCode: '30003' }), [
    { kind: 'status', message: { externalId: sid }, status: 'failed', error: { code: 'unreachable', message: '30003 - Unreachable destination handset' } },
  ]);
  const causes: [string, string, string][] = [
    ['30005', 'unknown_destination', '30005 - Unknown destination handset'],
    ['30006', 'landline', '30006 - Landline or unreachable carrier'],
    ['30007', 'filtered', '30007 - Message filtered by the carrier'],
    ['30008', 'twilio_30008', '30008 - Unknown error'],
    ['63016', 'window_closed', '63016 - Outside the 24-hour WhatsApp window: only an approved template can be sent'],
    ['21610', 'contact_opted_out', '21610 - The contact replied STOP: messages to them are blocked until they reply START'],
  ];
  for (const [code, cause, text] of causes) {
    const [event] = status('failed', { ErrorCode: code });
    assert.deepEqual((event as Extract<InboundEvent, { kind: 'status' }>).error, { code: cause, message: text }, code);
  }
  // A code not in our list keeps Twilio's words when it sends them.
  const [unknown] = status('failed', { ErrorCode: '63024', ErrorMessage: 'Invalid message recipient' });
  assert.deepEqual((unknown as Extract<InboundEvent, { kind: 'status' }>).error, { code: 'twilio_63024', message: '63024 - Invalid message recipient' });
  const [bare] = status('undelivered');
  assert.deepEqual((bare as Extract<InboundEvent, { kind: 'status' }>).error, { code: 'undelivered', message: 'Twilio reported the message undelivered without an error code.' });
  const [canceled] = status('canceled');
  assert.equal((canceled as Extract<InboundEvent, { kind: 'status' }>).error?.code, 'canceled');
  for (const s of ['partially_delivered', 'receiving', 'received']) assert.deepEqual(status(s), [{ kind: 'notice', code: 'unknown_status', message: `status "${s}" of ${sid}` }]);
  // A delivered status may carry a warning code: it is still delivered.
  assert.deepEqual(status('delivered', { ErrorCode: '30008' }), [{ kind: 'status', message: { externalId: sid }, status: 'delivered' }]);
});

// ---- Inbound messages ----

test('CH-2 SMS: text, contact by number; MMS with 10 media in order and a caption; a short code sender', () => {
  const sid = newSid('SM');
  const text = only(parseSms({ MessageSid: sid, From: '+14017122661', To: '+15017122661', Body: 'Hola', NumMedia: '0' }));
  assert.deepEqual(text, { kind: 'message', externalId: sid, contact: { externalId: '+14017122661', phone: '+14017122661' }, text: 'Hola' });
  const media: Record<string, string> = { MessageSid: newSid('MM'), From: '+14017122661', To: '+15017122661', Body: 'Las fotos', NumMedia: '10' };
  const types = ['image/jpeg', 'image/png', 'image/gif', 'video/mp4', 'audio/amr', 'application/pdf', 'text/vcard', 'image/webp', 'audio/mpeg', 'video/3gpp'];
  // Twilio's order on the wire is arbitrary: indexes decide.
  for (let i = 9; i >= 0; i--) {
    media[`MediaContentType${i}`] = types[i]!;
    media[`MediaUrl${i}`] = `https://api.twilio.com/2010-04-01/Accounts/${account.accountSid}/Messages/${media.MessageSid}/Media/ME${String(i).padStart(32, '0')}`;
  }
  const mms = only(parseSms(media));
  assert.equal(mms.text, 'Las fotos');
  assert.equal(mms.content!.kind, 'image');
  assert.deepEqual(mms.content!.attachments!.map((a) => [a.type, a.mimeType]), [
    ['image', 'image/jpeg'], ['image', 'image/png'], ['image', 'image/gif'], ['video', 'video/mp4'], ['audio', 'audio/amr'],
    ['document', 'application/pdf'], ['document', 'text/vcard'], ['image', 'image/webp'], ['audio', 'audio/mpeg'], ['video', 'video/3gpp'],
  ]);
  assert.equal(mms.content!.attachments![3]!.providerMediaId, media.MediaUrl3);
  const shortCode = only(parseSms({ MessageSid: newSid('SM'), From: '72345', To: '+15017122661', Body: 'STOP' }));
  assert.deepEqual(shortCode.contact, { externalId: '72345' }, 'not a phone number: no phone on the contact');
  assert.deepEqual(parseSms({ MessageSid: newSid('SM'), From: 'whatsapp:+14017122661', Body: 'x' })[0]!.kind, 'notice', 'a WhatsApp message on an SMS channel');
});

test('CH-2 WhatsApp via Twilio: whatsapp:+ addresses, ProfileName, location, quick reply and list taps, replies, forwards, ad referral', () => {
  const text = only(parseWa(waInbound({ Body: 'Hola 🌵', MessageType: 'text' })));
  assert.deepEqual(text.contact, { externalId: '+5215512345678', phone: '+5215512345678', name: 'Lucía Pérez' });
  assert.equal(text.text, 'Hola 🌵');
  assert.equal(text.notes, undefined, 'ReferralNumMedia=0 alone is no referral');

  const location = only(parseWa(waInbound({ MessageType: 'location', Body: '', Latitude: '19.4326', Longitude: '-99.1332', Label: 'Zócalo', Address: 'Centro, CDMX' })));
  assert.equal(location.text, 'Zócalo, Centro, CDMX');
  assert.deepEqual(location.content, { kind: 'location', location: { latitude: 19.4326, longitude: -99.1332, name: 'Zócalo', address: 'Centro, CDMX' } });
  const pin = only(parseWa(waInbound({ MessageType: 'location', Body: '', Latitude: '1.5', Longitude: '2' })));
  assert.deepEqual(pin.content!.location, { latitude: 1.5, longitude: 2 });
  assert.equal(pin.text, undefined);

  const button = only(parseWa(waInbound({ MessageType: 'button', Body: 'Sí, confirmar', ButtonText: 'Sí, confirmar', ButtonPayload: 'confirm-order-42' })));
  assert.equal(button.text, 'Sí, confirmar');
  assert.deepEqual(button.content!.choice, { kind: 'template_button', id: 'confirm-order-42', title: 'Sí, confirmar' });
  const interactive = only(parseWa(waInbound({ MessageType: 'interactive', Body: 'Cancelar', ButtonText: 'Cancelar', ButtonPayload: 'cancel' })));
  assert.deepEqual(interactive.content!.choice, { kind: 'button', id: 'cancel', title: 'Cancelar' });
  const list = only(parseWa(waInbound({ MessageType: 'interactive', Body: 'Mañana', ListId: 'slot-2', ListTitle: 'Mañana' })));
  assert.deepEqual(list.content!.choice, { kind: 'list', id: 'slot-2', title: 'Mañana' });

  const quoted = newSid('SM');
  const replyTo = only(parseWa(waInbound({ Body: 'ese', OriginalRepliedMessageSid: quoted, OriginalRepliedMessageSender: 'whatsapp:+14155238886' })));
  assert.equal(replyTo.replyToExternalId, quoted);
  assert.equal(only(parseWa(waInbound({ Body: 'fwd', Forwarded: 'true' }))).content!.forwarded, 'forwarded');
  assert.equal(only(parseWa(waInbound({ Body: 'fwd', Forwarded: 'true', FrequentlyForwarded: 'true' }))).content!.forwarded, 'frequently_forwarded');

  const referral = only(
    parseWa(
      waInbound({
        Body: 'Quiero info',
        ReferralBody: 'Envío gratis',
        ReferralHeadline: 'Oferta',
        ReferralSourceId: '120226305854810726',
        ReferralSourceType: 'ad',
        ReferralSourceUrl: 'https://fb.me/ad',
        ReferralCtwaClid: 'ARAkLkA8rmlFeiCktEJQ',
      }),
    ),
  );
  assert.deepEqual(referral.notes, [
    {
      type: 'ad_referral',
      data: { numMedia: '0', body: 'Envío gratis', headline: 'Oferta', sourceId: '120226305854810726', sourceType: 'ad', sourceUrl: 'https://fb.me/ad', ctwaClid: 'ARAkLkA8rmlFeiCktEJQ' },
    },
  ]);

  const voice = only(parseWa(waInbound({ MessageType: 'audio', NumMedia: '1', MediaContentType0: 'audio/ogg', MediaUrl0: 'https://api.twilio.com/x/Media/ME1' })));
  assert.deepEqual(voice.content, { kind: 'audio', attachments: [{ type: 'audio', mimeType: 'audio/ogg', providerMediaId: 'https://api.twilio.com/x/Media/ME1' }] });
  assert.equal(voice.text, undefined, 'an empty Body is no text');
  const sticker = only(parseWa(waInbound({ MessageType: 'sticker', NumMedia: '1', MediaContentType0: 'image/webp', MediaUrl0: 'https://api.twilio.com/x/Media/ME2' })));
  assert.equal(sticker.content!.kind, 'sticker');
  const unknown = only(parseWa(waInbound({ MessageType: 'order', Body: '' })));
  assert.deepEqual(unknown.content, { kind: 'unsupported', providerType: 'order' });
  assert.equal(parseWa({ ...waInbound({ Body: 'x' }), From: '+5215512345678' })[0]!.kind, 'notice', 'an SMS on a WhatsApp channel');
});

test('CH-2 a body without MessageSid or From is invalid_payload; a JSON body (signed with bodySHA256) is read like a form', () => {
  assert.throws(() => parseSms({ From: '+14017122661', Body: 'x' }), (err: unknown) => err instanceof AppError && err.code === 'invalid_payload');
  assert.throws(() => parseSms({ MessageSid: newSid('SM'), Body: 'x' }), (err: unknown) => err instanceof AppError && err.code === 'invalid_payload');
  assert.throws(() => sms.parseWebhook(smsChannel, Buffer.from('{"MessageSid": ')), (err: unknown) => err instanceof AppError && err.code === 'invalid_payload');
  const sid = newSid('SM');
  const json = only(sms.parseWebhook(smsChannel, Buffer.from(JSON.stringify({ MessageSid: sid, From: '+14017122661', Body: 'desde JSON', NumMedia: 0 }))));
  assert.equal(json.text, 'desde JSON');
});

// ---- REST: sends and their refusals ----

const outbound = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({ id: 1, text: 'Hola', contactExternalId: '+14017122661', webhookUrl: 'https://inbox.example.com/webhooks/twilio_sms/1', ...extra });

test('IN-8 a send is the Messages form of send_request.form.txt, with HTTP Basic; a Messaging Service sends without From', async () => {
  const { externalId } = await sms.send(smsChannel, outbound(), 3000);
  const request = fake.requests.findLast((r) => r.path === `/2010-04-01/Accounts/${account.accountSid}/Messages.json`)!;
  assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`);
  assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
  const fixture = new URLSearchParams(readFileSync(new URL('../../../test/provider-fixtures/twilio/send_request.form.txt', import.meta.url), 'utf8').trim());
  assert.deepEqual([...request.form.keys()].sort(), [...fixture.keys()].sort());
  assert.deepEqual(Object.fromEntries(request.form), { To: '+14017122661', From: '+15017122661', Body: 'Hola', StatusCallback: 'https://inbox.example.com/webhooks/twilio_sms/1' });
  assert.equal(fake.accepted.at(-1)!.sid, externalId);

  const service = fake.addMessagingService(account, [smsSender]);
  const viaService = channelRow('twilio_sms', 'SMS', twilioSmsConfigSchema.parse({ ...fake.channelConfig(smsSender), phoneNumber: undefined, messagingServiceSid: service }));
  await sms.send(viaService, outbound(), 3000);
  const sent = fake.sends().at(-1)!;
  assert.equal(sent.get('MessagingServiceSid'), service);
  assert.equal(sent.has('From'), false);
});

test('IN-8 the fake answers like the fixtures: 201 with send_response_201.json\'s fields, errors in the envelope of error_*.json', async () => {
  await sms.send(smsChannel, outbound(), 3000);
  const res = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${account.accountSid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: '+37060010000', From: smsSender.number, Body: 'Test' }),
  });
  assert.equal(res.status, 201);
  assert.deepEqual(Object.keys((await res.json()) as object).sort(), Object.keys(fixtureJson('send_response_201.json')).sort());
  fake.failNext(twilioErrors.invalidTo('asd'));
  const refused = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${account.accountSid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: 'asd', From: smsSender.number, Body: 'Test' }),
  });
  assert.equal(refused.status, 400);
  assert.deepEqual(await refused.json(), fixtureJson('error_21211_400.json'));
  const unauthenticated = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${account.accountSid}.json`);
  assert.equal(unauthenticated.status, 401);
  assert.deepEqual(await unauthenticated.json(), fixtureJson('error_20003_401.json'));
});

test('CH-4 REST errors map to typed outcomes: auth disconnects, limits wait, the window closes, bad numbers fail for good', async () => {
  const cases: [Parameters<typeof fake.failNext>[0], string, string, Partial<{ credentialsRejected: boolean; retryAfterMs: number | undefined }>][] = [
    [fixtureJson('error_20003_401.json'), 'permanent', 'token_rejected', { credentialsRejected: true }],
    [fixtureJson('error_21211_400.json'), 'permanent', 'invalid_number', { credentialsRejected: false }],
    [twilioErrors.tooManyRequests, 'rate_limited', 'rate_limited', { retryAfterMs: 1000 }],
    [{ ...twilioErrors.tooManyRequests, retryAfter: undefined }, 'rate_limited', 'rate_limited', { retryAfterMs: undefined }],
    [twilioErrors.pairLimit, 'rate_limited', 'rate_limited', { retryAfterMs: 30_000 }],
    [{ code: 63017, message: 'Rate limit exceeded', status: 429 }, 'rate_limited', 'rate_limited', {}],
    [{ code: 63018, message: 'Rate limit exceeded for channel', status: 400 }, 'rate_limited', 'rate_limited', {}],
    [twilioErrors.outsideWindow, 'window_closed', 'window_closed', {}],
    [twilioErrors.unsubscribed, 'permanent', 'contact_opted_out', {}],
    [twilioErrors.internal, 'transient', 'twilio_20500', {}],
    [{ code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.', status: 400 }, 'permanent', 'twilio_21617', {}],
  ];
  for (const [error, kind, code, flags] of cases) {
    fake.failNext(error);
    const err = await sendError(sms.send(smsChannel, outbound(), 3000));
    assert.equal(err.kind, kind, String(error.code));
    assert.equal(err.code, code, String(error.code));
    assert.equal(err.message, `${error.code} - ${error.message}`);
    for (const [flag, value] of Object.entries(flags)) assert.equal(err[flag as keyof typeof err], value, `${error.code} ${flag}`);
  }
  // Without Twilio's envelope the HTTP status decides; the send never reached a closed port.
  const unreachable = channelRow('twilio_sms', 'SMS', { ...smsChannel.config, apiBaseUrl: `http://127.0.0.1:${await freePort()}` });
  const refused = await sendError(sms.send(unreachable, outbound(), 3000));
  assert.deepEqual([refused.kind, refused.code, refused.notSent], ['transient', 'network_error', true]);
});

test('CH-6 the credential check reads the Account: wrong token refused (20003), a suspended account refused, a good one passes', async () => {
  const config = twilioSmsConfigSchema.parse(fake.channelConfig(smsSender));
  await sms.checkCredentials!(config, 3000);
  const wrong = await sendError(sms.checkCredentials!({ ...config, authToken: 'f'.repeat(32) }, 3000));
  assert.deepEqual([wrong.kind, wrong.code, wrong.credentialsRejected, wrong.message], ['permanent', 'token_rejected', true, '20003 - Authenticate']);
  const suspended = fake.addAccount({ status: 'suspended' });
  const inactive = await sendError(sms.checkCredentials!({ ...config, accountSid: suspended.accountSid, authToken: suspended.authToken }, 3000));
  assert.deepEqual([inactive.code, inactive.message], ['account_inactive', 'The Twilio account is suspended.']);
});

// ---- Media ----

test('CH-2 media: the URL is fetched with Basic auth, the CDN redirect without it; gone media and refused credentials are typed', async () => {
  const sid = newSid('MM');
  const bytes = Buffer.from('\xff\xd8\xff fake jpeg', 'latin1');
  const url = fake.addMedia(account, sid, bytes, 'image/jpeg');
  const seen = fake.requests.length;
  const got = await sms.fetchMedia!(smsChannel, url, 3000);
  assert.deepEqual(got, { body: bytes, mimeType: 'image/jpeg' });
  const [media, cdn] = fake.requests.slice(seen);
  assert.equal(media!.status, 307);
  assert.match(String(media!.headers.authorization), /^Basic /);
  assert.equal(cdn!.path.startsWith('cdn:'), true, 'another host');
  assert.equal(cdn!.headers.authorization, undefined, 'credentials never leave Twilio');
  // A link on Twilio's own host goes through the configured API base, like every call.
  const onTwilio = url.replace(fake.baseUrl, 'https://api.twilio.com');
  assert.deepEqual(await sms.fetchMedia!(smsChannel, onTwilio, 3000), { body: bytes, mimeType: 'image/jpeg' });
  const gone = await sendError(sms.fetchMedia!(smsChannel, url.replace(/ME[0-9a-f]{32}$/, newSid('ME')), 3000));
  assert.deepEqual([gone.kind, gone.code], ['permanent', 'media_not_found']);
  const wrongToken = channelRow('twilio_sms', 'SMS', { ...smsChannel.config, authToken: 'f'.repeat(32) });
  const refused = await sendError(sms.fetchMedia!(wrongToken, url, 3000));
  assert.deepEqual([refused.code, refused.credentialsRejected], ['token_rejected', true]);
});

// ---- Templates (WhatsApp) ----

test('IN-8 templates come from the Content API, every page read on our base URL; a template send names the ContentSid with its variables', async () => {
  const contents: FakeContent[] = [
    ...Array.from({ length: 130 }, (_, i) => ({
      sid: newSid('HX'),
      friendly_name: `promo_${i}`,
      language: 'es',
      variables: {},
      types: { 'twilio/text': { body: `Promo ${i}` } },
      approval: { name: `promo_${i}`, category: 'MARKETING', status: 'approved' },
    })),
    {
      sid: newSid('HX'),
      friendly_name: 'order_update',
      language: 'en',
      variables: { '1': 'order' },
      types: { 'twilio/quick-reply': { body: 'Your order {{1}} shipped', actions: [{ title: 'Track', id: 'track' }] } },
      approval: { name: 'order_update', category: 'UTILITY', status: 'approved' },
    },
    { sid: newSid('HX'), friendly_name: 'photo', language: 'en', variables: { '1': 'x.jpg' }, types: { 'twilio/media': { body: 'Look', media: ['https://example.com/{{1}}'] } } },
  ];
  fake.contents.set(account.accountSid, contents);
  const seen = fake.requests.length;
  const templates = await whatsapp.listTemplates!(waChannel, 3000);
  assert.equal(templates.length, 132);
  const pages = fake.requests.slice(seen);
  assert.equal(pages.length, 2, '100 + 32');
  assert.equal(pages[1]!.query.get('PageToken') !== null, true);
  const order = templates.find((t) => t.name === contents[130]!.sid)!;
  assert.deepEqual(order, {
    name: contents[130]!.sid,
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your order {{1}} shipped' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track' }] },
      { type: 'TWILIO_CONTENT', friendlyName: 'order_update', variables: { '1': 'order' }, types: contents[130]!.types },
    ],
  });
  const photo = templates.find((t) => t.name === contents[131]!.sid)!;
  assert.equal(photo.status, 'UNSUBMITTED');
  assert.deepEqual(photo.components[0], { type: 'HEADER', format: 'MEDIA', media: ['https://example.com/{{1}}'] }, 'a variable the composer cannot fill');

  const components = [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }];
  await whatsapp.send(waChannel, outbound({ text: '', contactExternalId: '+5215512345678', template: { name: order.name, language: 'en', components } }), 3000);
  const sent = fake.sends().at(-1)!;
  assert.deepEqual(Object.fromEntries(sent), {
    To: 'whatsapp:+5215512345678',
    From: 'whatsapp:+14155238886',
    ContentSid: order.name,
    ContentVariables: '{"1":"A-1042"}',
    StatusCallback: 'https://inbox.example.com/webhooks/twilio_sms/1',
  });
  assert.equal(sms.listTemplates, undefined, 'SMS has no template list');
});
