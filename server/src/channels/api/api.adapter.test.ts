import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, test } from 'node:test';
import { FakeIntegrator, inboundMessage, inboundStatus, signWebhook } from '../../../test/fakes/api-integrator.js';
import type { ChannelRow } from '../types.js';
import { channelRow, sendError } from '../../../test/fixtures.js';
import { apiAdapter } from './api.adapter.js';

/** The adapter alone against the fake integration: how each kind of answer maps to a typed send outcome. */

const fake = await FakeIntegrator.start();
after(() => fake.close());

const channel = channelRow('api', 'Shop', { outboundUrl: fake.url });
fake.useSecret(channel.secret);

let nextId = 1000;
const send = (overrides: Partial<ChannelRow> = {}, timeoutMs = 2_000, replyToExternalId?: string) =>
  apiAdapter.send({ ...channel, ...overrides }, { id: nextId++, text: 'Hola', contactExternalId: 'crm-1', replyToExternalId }, timeoutMs);

test('a reply names the message it answers, by its external id', async () => {
  const { externalId } = await send({}, 2_000, 'in-77');
  const last = fake.sends().at(-1)!;
  assert.equal(last.body.replyToId, 'in-77');
  assert.equal(externalId, fake.deliveries.at(-1)!.id);
});

test('5xx and 408 are transient, with the status as code', async () => {
  for (const status of [500, 502, 503, 408]) {
    fake.failNext(1, status);
    const err = await sendError(send());
    assert.deepEqual([err.kind, err.code], ['transient', `http_${status}`]);
  }
});

test('429 is rate_limited and carries Retry-After as milliseconds', async () => {
  fake.failNext(1, 429, { retryAfterSeconds: 7 });
  const err = await sendError(send());
  assert.deepEqual([err.kind, err.code, err.retryAfterMs], ['rate_limited', 'http_429', 7_000]);
});

test("other refusals are permanent, with the integration's error message as the cause", async () => {
  fake.failNext(1, 422, { error: { code: 'unknown_contact', message: 'No contact crm-1 here' } });
  const refused = await sendError(send());
  assert.deepEqual([refused.kind, refused.code, refused.message], ['permanent', 'http_422', 'No contact crm-1 here']);

  fake.failNext(1, 302);
  const redirected = await sendError(send());
  assert.deepEqual([redirected.kind, redirected.code], ['permanent', 'http_302']);

  const wrongSecret = await sendError(send({ secret: 'cvh_some-other-secret' }));
  assert.deepEqual([wrongSecret.kind, wrongSecret.code], ['permanent', 'http_401']);
});

test('a 2xx without a string id is a permanent invalid_response', async () => {
  fake.garbageNext();
  const err = await sendError(send());
  assert.deepEqual([err.kind, err.code], ['permanent', 'invalid_response']);
});

test('no answer in time, or no server at all, is transient', async () => {
  fake.delayNext(500);
  const slow = await sendError(send({}, 100));
  assert.deepEqual([slow.kind, slow.code], ['transient', 'timeout']);

  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const down = await sendError(send({ config: { outboundUrl: `http://127.0.0.1:${closedPort}/x` } }));
  assert.deepEqual([down.kind, down.code], ['transient', 'network_error']);
  assert.match(down.message, /ECONNREFUSED/);
});

test('webhooks normalise to a message event or a status event on our message id', () => {
  const message = apiAdapter.parseWebhook(
    channel,
    Buffer.from(JSON.stringify(inboundMessage('crm-9', 'm-9', 'Oi', { name: 'Rafa', replyToId: 'm-8' }))),
  );
  assert.deepEqual(message, [
    { kind: 'message', externalId: 'm-9', contact: { externalId: 'crm-9', name: 'Rafa' }, text: 'Oi', replyToExternalId: 'm-8' },
  ]);
  const status = apiAdapter.parseWebhook(channel, Buffer.from(JSON.stringify(inboundStatus('123', 'failed', { code: 'x', message: 'y' }))));
  assert.deepEqual(status, [{ kind: 'status', message: { id: 123 }, status: 'failed', error: { code: 'x', message: 'y' } }]);
});

test('signature hex is case-insensitive; a signature header sent twice is ambiguous and refused', () => {
  const rawBody = Buffer.from('{}');
  const signature = signWebhook(channel.secret, '{}')['x-conversa-signature']!;
  const verify = (headers: Record<string, string | string[]>) => () => apiAdapter.verifyWebhook(channel, { headers, rawBody, now: new Date() }, 300);
  assert.doesNotThrow(verify({ 'x-conversa-signature': signature }));
  assert.doesNotThrow(verify({ 'x-conversa-signature': `sha256=${signature.slice(7).toUpperCase()}` }));
  assert.throws(verify({ 'x-conversa-signature': [signature, signature] }), { code: 'invalid_signature' });
});
