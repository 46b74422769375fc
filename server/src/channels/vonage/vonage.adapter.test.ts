import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { AppError } from '../../http/errors.js';
import { FakeVonage, inboundParts, inboundSms, sign, vonageFailures } from '../../../test/fakes/vonage.js';
import { channelRow, sendError } from '../../../test/fixtures.js';
import type { InboundEvent } from '../types.js';
import { isGsm7 } from './encoding.js';
import { vonageConfigSchema, type SignatureMethod } from './payloads.js';
import { vonageAdapter as adapter } from './vonage.adapter.js';

/**
 * The Vonage adapter alone: the SDK's signature vectors for every method, every documented inbound and receipt shape
 * (PROVIDERS.md §5.1) normalised, and each kind of SMS API answer mapped to a typed outcome, against the fake.
 */

const fixture = (name: string) => readFileSync(new URL(`../../../test/provider-fixtures/vonage/${name}`, import.meta.url), 'utf8');
const vectors = JSON.parse(fixture('sdk_signature_vectors.json')) as { params: Record<string, string>; signatureSecret: string; signatures: Record<SignatureMethod, string> };

const fake = await FakeVonage.start();
after(() => fake.close());
const account = fake.addAccount();
const channelOf = (config: Record<string, unknown>, id = 7) => ({ ...channelRow('vonage_sms', 'SMS', vonageConfigSchema.parse(config)), id });
const channel = channelOf(fake.channelConfig(account));

const parse = (params: Record<string, string>) => adapter.parseWebhook(channel, Buffer.from(new URLSearchParams(params).toString()));
const only = <K extends InboundEvent['kind']>(events: InboundEvent[], kind: K) => {
  assert.equal(events.length, 1);
  assert.equal(events[0]!.kind, kind);
  return events[0] as Extract<InboundEvent, { kind: K }>;
};
const verify = (config: Record<string, unknown>, request: { url?: string; rawBody?: string }) => () =>
  adapter.verifyWebhook(channelOf(config), { headers: {}, url: request.url, rawBody: Buffer.from(request.rawBody ?? ''), now: new Date() }, 300);

test("P1 the SDK's signature vectors verify with each method, as a GET query, a form and JSON; any change is refused", () => {
  for (const [method, sig] of Object.entries(vectors.signatures)) {
    const config = { ...fake.channelConfig(account), signatureSecret: vectors.signatureSecret, signatureMethod: method };
    const params = { ...vectors.params, sig };
    assert.doesNotThrow(verify(config, { url: `https://inbox.example/webhooks/vonage_sms/7?${new URLSearchParams(params)}` }), method);
    assert.doesNotThrow(verify(config, { rawBody: new URLSearchParams(params).toString() }), `${method} form`);
    assert.doesNotThrow(verify(config, { rawBody: JSON.stringify(params) }), `${method} JSON`);
    assert.doesNotThrow(verify(config, { rawBody: JSON.stringify({ ...params, sig: sig.toLowerCase() }) }), `${method} lower case`);
    const refusals: [string, Record<string, string>][] = [
      ['text changed', { ...params, text: 'Test again!' }],
      ['field added', { ...params, keyword: 'TEST' }],
      ['unsigned', vectors.params],
    ];
    for (const [label, changed] of refusals) {
      assert.throws(verify(config, { rawBody: JSON.stringify(changed) }), (e: AppError) => e.code === 'invalid_signature', `${method} ${label}`);
    }
    const otherMethod = method === 'md5hash' ? 'sha256' : 'md5hash';
    assert.throws(verify({ ...config, signatureMethod: otherMethod }, { rawBody: JSON.stringify(params) }), (e: AppError) => e.code === 'invalid_signature');
  }
});

test('P1 `&` and `=` in values are signed as `_` (the documented quirk), and the fake signs like the SDK', () => {
  const params = { msisdn: '447700900001', to: '447700900000', messageId: 'ABC', text: 'a=b & c', type: 'text', timestamp: '1700000000' };
  for (const method of ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const) {
    const config = { ...fake.channelConfig(account), signatureMethod: method };
    assert.doesNotThrow(verify(config, { rawBody: new URLSearchParams({ ...params, sig: sign(params, account.signatureSecret, method) }).toString() }));
  }
  const withUnderscores = sign({ ...params, text: 'a_b _ c' }, account.signatureSecret, 'md5hash');
  assert.equal(sign(params, account.signatureSecret, 'md5hash'), withUnderscores);
  assert.equal(sign(vectors.params, vectors.signatureSecret, 'sha256'), vectors.signatures.sha256);
});

test('CH-2 an inbound SMS: text, unicode, binary; the sender is the contact, message-timestamp its time', () => {
  const text = only(adapter.parseWebhook(channel, Buffer.from(fixture('inbound_sms.json'))), 'message');
  assert.deepEqual(text, {
    kind: 'message',
    externalId: '020000001B0FE827',
    contact: { externalId: '14843472194', phone: '+14843472194' },
    text: 'Test again',
    sentAt: new Date('2013-11-21T15:27:30Z'),
  });
  const unicode = only(parse({ msisdn: '5511987654321', to: '14155550100', messageId: 'U1', text: 'Olá, já está pronto? 🙏', type: 'unicode' }), 'message');
  assert.equal(unicode.text, 'Olá, já está pronto? 🙏');
  assert.equal(unicode.sentAt, undefined);
  const binary = only(parse({ msisdn: '5511987654321', to: '14155550100', messageId: 'B1', type: 'binary', data: '0605040B8423F0', udh: '050003CC0201' }), 'message');
  assert.deepEqual(binary.content, { kind: 'unsupported', providerType: 'binary' });
  const shortCode = only(parse({ msisdn: 'VONAGE', to: '14155550100', messageId: 'S1', text: 'hi', type: 'text', timestamp: '1700000000' }), 'message');
  assert.deepEqual(shortCode.contact, { externalId: 'VONAGE' });
  assert.deepEqual(shortCode.sentAt, new Date(1_700_000_000_000));
});

test('CH-2 each part of a long inbound SMS is a message event with its own messageId, text and place in the message', () => {
  const parts = inboundParts('447700900001', '447700900000', 'x'.repeat(400));
  assert.deepEqual(parts.map((p) => p.text!.length), [153, 153, 94]);
  const events = parts.map((p) => only(parse(p), 'message'));
  assert.deepEqual(events.map((e) => e.externalId), parts.map((p) => p.messageId));
  assert.deepEqual(events.map((e) => e.part), [1, 2, 3].map((index) => ({ group: parts[0]!['concat-ref'], index, total: 3 })));
  assert.equal(events.map((e) => e.text).join(''), 'x'.repeat(400));
  // Concat fields that place no part in a longer message leave the SMS a message of its own (its text is not lost).
  const [first] = parts;
  const odd: Record<string, string>[] = [{ concat: 'false' }, { 'concat-part': '4' }, { 'concat-part': '0' }, { 'concat-total': '1', 'concat-part': '1' }, { 'concat-part': 'two' }, { 'concat-ref': '' }];
  for (const fields of odd) {
    const event = only(parse({ ...first!, ...fields }), 'message');
    assert.equal(event.part, undefined, JSON.stringify(fields));
    assert.equal(event.text, first!.text);
  }
  assert.equal(only(parse(inboundSms('447700900001', '447700900000', 'short')), 'message').part, undefined);
});

test('CH-2 delivery receipts: every status, by client-ref when it is ours, else by messageId', () => {
  const receipt = (status: string, extra: Record<string, string> = {}) => parse({ messageId: '0C0000002EEBDA56', msisdn: '4527631111', to: 'Tak', status, 'err-code': '0', 'message-timestamp': '2017-05-02 11:24:03', ...extra });
  const delivered = only(receipt('delivered'), 'status');
  assert.deepEqual(delivered, { kind: 'status', message: { externalId: '0C0000002EEBDA56' }, status: 'delivered', at: new Date('2017-05-02T11:24:03Z') });
  assert.equal(only(receipt('accepted'), 'status').status, 'sent');
  assert.equal(only(receipt('buffered'), 'status').status, 'sent');
  assert.deepEqual(only(receipt('delivered', { 'client-ref': 'cv-7-42' }), 'status').message, { id: 42 });
  assert.deepEqual(only(receipt('delivered', { 'client-ref': 'cv-8-42' }), 'status').message, { externalId: '0C0000002EEBDA56' }, "another channel's reference");
  assert.deepEqual(only(receipt('delivered', { 'client-ref': 'order-42' }), 'status').message, { externalId: '0C0000002EEBDA56' });

  const failures: [string, string, { code: string; message: RegExp }][] = [
    ['failed', '3', { code: 'vonage_3', message: /^Absent Subscriber - Permanent \(err-code 3, status failed\): the number is no longer active\.$/ }],
    ['rejected', '6', { code: 'vonage_6', message: /^Anti-Spam Rejection/ }],
    ['expired', '0', { code: 'expired', message: /expired/ }],
    ['unknown', '1', { code: 'vonage_1', message: /^Unknown \(err-code 1/ }],
    ['failed', '77', { code: 'vonage_77', message: /^Error \(err-code 77/ }],
  ];
  for (const [status, errCode, expected] of failures) {
    const event = only(receipt(status, { 'err-code': errCode }), 'status');
    assert.equal(event.status, 'failed', status);
    assert.equal(event.error!.code, expected.code);
    assert.match(event.error!.message, expected.message);
  }
  assert.equal(only(receipt('unknown'), 'notice').code, 'receipt_ignored');
});

test('invalid payloads name the missing field; JSON numbers are read as their text', () => {
  assert.throws(() => parse({ to: '1', messageId: 'x', text: 'no sender' }), (e: AppError) => e.code === 'invalid_payload' && JSON.stringify(e.details).includes('body.msisdn'));
  assert.throws(() => parse({ status: 'delivered', msisdn: '1' }), (e: AppError) => e.code === 'invalid_payload' && JSON.stringify(e.details).includes('body.messageId'));
  assert.throws(() => adapter.parseWebhook(channel, Buffer.from('{"msisdn": ')), (e: AppError) => e.code === 'invalid_payload');
  const json = only(adapter.parseWebhook(channel, Buffer.from(JSON.stringify({ msisdn: 447700900001, to: 447700900000, messageId: 'N1', text: 'hi', type: 'text' }))), 'message');
  assert.equal(json.contact.externalId, '447700900001');
});

test('GSM-7 texts go as text, anything else as unicode', () => {
  assert.equal(isGsm7('Hola! ¿Qué tal? Ñoño €5 [ok] {x} ~^|\\'), true);
  assert.equal(isGsm7('Olá, você'), false, 'á, ê are not GSM');
  assert.equal(isGsm7('Ñandú'), false, 'ú is not (ù is)');
  assert.equal(isGsm7('ça'), false, 'ç is not (Ç is)');
  assert.equal(isGsm7('ok 👍'), false);
});

test('CH-4 send: the documented body; refusals map to causes (throttled, credentials, invalid number, partial, HTTP)', async () => {
  const message = { id: 42, text: 'Tu pedido salió 🚚', contactExternalId: '5511987654321', webhookUrl: 'https://inbox.example/webhooks/vonage_sms/7' };
  const { externalId } = await adapter.send(channel, message, 3000);
  const [request] = fake.sends().slice(-1);
  assert.deepEqual(request, {
    api_key: account.apiKey,
    api_secret: account.apiSecret,
    from: '14155550100',
    to: '5511987654321',
    text: 'Tu pedido salió 🚚',
    type: 'unicode',
    'client-ref': 'cv-7-42',
    callback: 'https://inbox.example/webhooks/vonage_sms/7',
  });
  assert.equal(fake.accepted.at(-1)!.messageIds[0], externalId);

  const cases: [Parameters<FakeVonage['failNext']>[0], string, SendErrorShape][] = [
    [vonageFailures.throttled, 'rate_limited', { kind: 'rate_limited', credentialsRejected: false }],
    [vonageFailures.badCredentials, 'credentials_rejected', { kind: 'permanent', credentialsRejected: true }],
    [vonageFailures.invalidTo, 'invalid_number', { kind: 'permanent', credentialsRejected: false }],
    [vonageFailures.numberBarred, 'number_barred', { kind: 'permanent', credentialsRejected: false }],
    [vonageFailures.quota, 'insufficient_credit', { kind: 'permanent', credentialsRejected: false }],
    [vonageFailures.internal, 'vonage_5', { kind: 'transient', credentialsRejected: false, notSent: true }],
    [{ httpStatus: 429, retryAfter: '7' }, 'rate_limited', { kind: 'rate_limited', credentialsRejected: false, retryAfterMs: 7000 }],
    [{ httpStatus: 503 }, 'http_503', { kind: 'transient', credentialsRejected: false, notSent: false }],
  ];
  for (const [failure, code, shape] of cases) {
    fake.failNext(failure);
    const err = await sendError(adapter.send(channel, { ...message, text: 'hola' }, 3000));
    assert.equal(err.code, code, JSON.stringify(failure));
    for (const [key, value] of Object.entries(shape)) assert.equal(err[key as keyof SendErrorShape], value, `${code} ${key}`);
  }
  fake.failNext(vonageFailures.throttled);
  assert.match((await sendError(adapter.send(channel, message, 3000))).message, /^\(status 1\) Throttled$/);

  const wrongSecret = channelOf({ ...fake.channelConfig(account), apiSecret: 'nope' });
  const refused = await sendError(adapter.send(wrongSecret, message, 3000));
  assert.deepEqual([refused.code, refused.credentialsRejected, refused.message], ['credentials_rejected', true, '(status 4) Bad Credentials']);
});

type SendErrorShape = { kind: string; credentialsRejected: boolean; notSent?: boolean; retryAfterMs?: number };

test('CH-4 a long text is sent once and answered per part: the first part names it; a refused later part is final', async () => {
  const long = 'Su pedido '.repeat(40);
  const { externalId } = await adapter.send(channel, { id: 43, text: long, contactExternalId: '447700900123' }, 3000);
  const accepted = fake.accepted.at(-1)!;
  assert.equal(accepted.messageIds.length, 3);
  assert.equal(externalId, accepted.messageIds[0]);
  assert.equal(accepted.handsetText, long);

  fake.failNext({ ...vonageFailures.quota, acceptedParts: 2 });
  const partial = await sendError(adapter.send(channel, { id: 44, text: long, contactExternalId: '447700900123' }, 3000));
  assert.deepEqual([partial.kind, partial.code], ['permanent', 'partially_sent']);
  assert.equal(partial.message, '2 of 3 parts were sent, then: (status 9) Quota Exceeded - rejected');
});

test('CH-6 the connect check reads the balance: right credentials pass, wrong ones are refused as credentials', async () => {
  await adapter.checkCredentials!(vonageConfigSchema.parse(fake.channelConfig(account)), 3000);
  const err = await sendError(adapter.checkCredentials!(vonageConfigSchema.parse({ ...fake.channelConfig(account), apiSecret: 'wrong' }), 3000));
  assert.deepEqual([err.kind, err.code, err.credentialsRejected, err.message], ['permanent', 'credentials_rejected', true, 'Vonage answered HTTP 401: authentication failed']);
  const request = fake.requests.at(-1)!;
  assert.equal(request.path, '/account/get-balance');
  assert.equal(request.query.get('api_key'), account.apiKey);
});
