import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { AppError } from '../../http/errors.js';
import { FakeMessagebird, messagebirdErrors, signatureJwt } from '../../../test/fakes/messagebird.js';
import { channelRow, sendError } from '../../../test/fixtures.js';
import type { InboundEvent } from '../types.js';
import { messagebirdAdapter as adapter } from './messagebird.adapter.js';
import { messagebirdConfigSchema } from './payloads.js';
import { errorOf } from './rest.js';
import { checkSignatureJwt } from './signature.js';

/**
 * The MessageBird adapter alone: MessageBird's own reference vectors for MessageBird-Signature-JWT, the documented
 * callback shapes (PROVIDERS.md §5.2) normalised, and each kind of REST answer mapped to a typed outcome, against the fake.
 */

const fixture = (name: string) => readFileSync(new URL(`../../../test/provider-fixtures/messagebird/${name}`, import.meta.url), 'utf8');
type Vector = { name: string; secret: string; url: string; payload?: string; timestamp: string; token: string; valid: boolean; reason?: string };
const vectors = JSON.parse(fixture('sdk_signature_jwt_vectors.json')) as Vector[];

const fake = await FakeMessagebird.start();
after(() => fake.close());
const account = fake.addAccount();
const channelOf = (config: Record<string, unknown>, id = 9) => ({ ...channelRow('messagebird_sms', 'SMS', messagebirdConfigSchema.parse(config)), id });
const channel = channelOf(fake.channelConfig(account));
const parse = (query: string) => adapter.parseWebhook(channel, Buffer.from(query));
const only = <K extends InboundEvent['kind']>(events: InboundEvent[], kind: K) => {
  assert.equal(events.length, 1);
  assert.equal(events[0]!.kind, kind);
  return events[0] as Extract<InboundEvent, { kind: K }>;
};

test("P1 MessageBird's reference vectors: valid tokens pass; expired or early ones are stale; any other mismatch is invalid", async () => {
  for (const v of vectors) {
    const outcome = await checkSignatureJwt(v.token, v.secret, v.url, Buffer.from(v.payload ?? ''), new Date(v.timestamp));
    const expected = v.valid ? 'valid' : /nbf|exp/.test(v.reason ?? '') ? 'stale' : 'invalid';
    assert.equal(outcome, expected, v.name);
  }
});

test('P1 verifyWebhook reads the header and the called URL; wrong key, other URL, added body, no header are refused', async () => {
  const url = 'https://inbox.example/webhooks/messagebird_sms/9?id=1&status=delivered';
  const now = new Date();
  const verify = (headers: Record<string, string>, options: { url?: string; body?: string } = {}) =>
    Promise.resolve(adapter.verifyWebhook(channel, { url: options.url ?? url, headers, rawBody: Buffer.from(options.body ?? ''), now }, 300));
  await verify({ 'messagebird-signature-jwt': signatureJwt(account.signingKey, url, '', now) });
  await verify({ 'messagebird-signature-jwt': signatureJwt(account.signingKey, url, 'a=b', now) }, { body: 'a=b' });
  const refusals: [string, Record<string, string>, { url?: string; body?: string }, string][] = [
    ['another key', { 'messagebird-signature-jwt': signatureJwt('another-key', url, '', now) }, {}, 'invalid_signature'],
    ['another URL', { 'messagebird-signature-jwt': signatureJwt(account.signingKey, url, '', now) }, { url: url.replace('delivered', 'failed') }, 'invalid_signature'],
    ['a body added', { 'messagebird-signature-jwt': signatureJwt(account.signingKey, url, '', now) }, { body: 'x=1' }, 'invalid_signature'],
    ['no header', {}, {}, 'invalid_signature'],
    ['garbage', { 'messagebird-signature-jwt': 'not.a.jwt' }, {}, 'invalid_signature'],
    ['two minutes old', { 'messagebird-signature-jwt': signatureJwt(account.signingKey, url, '', new Date(Date.now() - 120_000)) }, {}, 'stale_request'],
  ];
  for (const [label, headers, options, code] of refusals) {
    await assert.rejects(verify(headers, options), (e: AppError) => e.code === code, label);
  }
});

test('CH-2 the inbound fixture: the originator is the contact, createdDatetime its time', () => {
  const query = fixture('inbound_sms.query.txt').trim().split('?')[1]!;
  assert.deepEqual(only(parse(query), 'message'), {
    kind: 'message',
    externalId: 'e8077d803532c0b5937c639b60216938',
    contact: { externalId: '31687654321', phone: '+31687654321' },
    text: 'Hello there',
    sentAt: new Date('2022-01-05T10:05:00+00:00'),
  });
  const unicode = only(parse(new URLSearchParams({ id: 'u1', originator: '5511987654321', body: 'Olá! Já chegou? 🙏', recipient: '3197010260188' }).toString()), 'message');
  assert.equal(unicode.text, 'Olá! Já chegou? 🙏');
});

test('CH-2 status reports: every recipient status, by our reference when it is ours, else by message id', () => {
  const query = fixture('dlr_status_report.query.txt').trim().split('?')[1]!;
  const delivered = only(parse(query), 'status');
  assert.deepEqual(delivered, { kind: 'status', message: { externalId: '6fe65f90454aa61536e6a88b88972670' }, status: 'delivered', at: new Date('2022-01-05T10:03:05+00:00') });
  const report = (status: string, extra: Record<string, string> = {}) => parse(new URLSearchParams({ id: 'mb1', status, statusDatetime: '2022-01-05T10:03:05+00:00', ...extra }).toString());
  assert.deepEqual(only(report('delivered', { reference: 'cv-9-42' }), 'status').message, { id: 42 });
  assert.deepEqual(only(report('delivered', { reference: 'cv-10-42' }), 'status').message, { externalId: 'mb1' });
  assert.equal(only(report('sent'), 'status').status, 'sent');
  assert.equal(only(report('buffered'), 'status').status, 'sent');
  assert.equal(only(report('scheduled'), 'notice').code, 'report_ignored');
  const failed = only(report('delivery_failed', { statusReason: 'unknown subscriber', statusErrorCode: '1' }), 'status');
  assert.deepEqual([failed.status, failed.error], ['failed', { code: 'messagebird_1', message: 'Unknown subscriber (status delivery_failed, error code 1).' }]);
  const expired = only(report('expired', { statusReason: 'expired' }), 'status');
  assert.deepEqual(expired.error, { code: 'expired', message: 'Expired (status expired).' });
  assert.deepEqual(only(report('delivery_failed'), 'status').error, { code: 'delivery_failed', message: 'Delivery failed (status delivery_failed).' });
  assert.throws(() => parse('status=delivered'), (e: AppError) => e.code === 'invalid_payload' && JSON.stringify(e.details).includes('body.id'));
  assert.throws(() => parse('id=1&body=hi'), (e: AppError) => e.code === 'invalid_payload' && JSON.stringify(e.details).includes('body.originator'));
});

test("CH-4 the error envelope maps to causes: the fixtures' access key and not-found, recipients, balance, throttling, 5xx", () => {
  const response = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), body: Buffer.from(body) });
  const auth = errorOf(response(401, fixture('error_auth_401.json')));
  assert.deepEqual([auth.kind, auth.code, auth.credentialsRejected, auth.message], ['permanent', 'credentials_rejected', true, '(code 2) Request not allowed (incorrect access_key) [access_key]']);
  const notFound = errorOf(response(404, fixture('error_not_found.json')));
  assert.deepEqual([notFound.kind, notFound.code, notFound.message], ['permanent', 'messagebird_20', '(code 20) message not found']);
  const throttled = errorOf(response(429, '', { 'retry-after': '3' }));
  assert.deepEqual([throttled.kind, throttled.retryAfterMs], ['rate_limited', 3000]);
  assert.equal(errorOf(response(502, '<html>')).kind, 'transient');
});

test('CH-4 send: the documented body (fixture send_sms_request.json keys) and the id of the 201; refusals typed', async () => {
  const message = { id: 42, text: 'Seu pedido saiu 🚚', contactExternalId: '31612345678', webhookUrl: 'https://inbox.example/webhooks/messagebird_sms/9' };
  const { externalId } = await adapter.send(channel, message, 3000);
  const request = fake.requests.at(-1)!;
  assert.equal(request.headers.authorization, `AccessKey ${account.accessKey}`);
  const body = fake.sends().at(-1)!;
  assert.deepEqual(body, {
    originator: '3197010260188',
    recipients: ['31612345678'],
    body: 'Seu pedido saiu 🚚',
    reference: 'cv-9-42',
    reportUrl: 'https://inbox.example/webhooks/messagebird_sms/9',
    datacoding: 'auto',
  });
  for (const key of Object.keys(JSON.parse(fixture('send_sms_request.json')))) assert.ok(key in body, key);
  assert.equal(fake.accepted.at(-1)!.id, externalId);

  const cases: [typeof messagebirdErrors[keyof typeof messagebirdErrors], string, string][] = [
    [messagebirdErrors.noRecipients, 'permanent', 'invalid_number'],
    [messagebirdErrors.balance, 'permanent', 'insufficient_balance'],
    [messagebirdErrors.tooManyRequests, 'rate_limited', 'rate_limited'],
    [messagebirdErrors.internal, 'transient', 'messagebird_99'],
  ];
  for (const [error, kind, code] of cases) {
    fake.failNext(error);
    const err = await sendError(adapter.send(channel, message, 3000));
    assert.deepEqual([err.kind, err.code], [kind, code], error.description);
  }
  const badNumber = await sendError(adapter.send(channel, { ...message, contactExternalId: '12' }, 3000));
  assert.deepEqual([badNumber.code, badNumber.message], ['invalid_number', '(code 9) no (correct) recipients found [recipients]']);
  const wrongKey = await sendError(adapter.send(channelOf({ ...fake.channelConfig(account), accessKey: 'nope' }), message, 3000));
  assert.deepEqual([wrongKey.code, wrongKey.credentialsRejected], ['credentials_rejected', true]);
});

test('CH-6 the connect check reads the balance with the access key', async () => {
  await adapter.checkCredentials!(messagebirdConfigSchema.parse(fake.channelConfig(account)), 3000);
  assert.equal(fake.requests.at(-1)!.path, '/balance');
  const err = await sendError(adapter.checkCredentials!(messagebirdConfigSchema.parse({ ...fake.channelConfig(account), accessKey: 'wrong' }), 3000));
  assert.deepEqual([err.kind, err.code, err.credentialsRejected], ['permanent', 'credentials_rejected', true]);
});
