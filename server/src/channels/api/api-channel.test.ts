import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, test } from 'node:test';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { eventually, removeChannel } from '../../../test/fixtures.js';
import { connectApiChannel, FakeIntegrator, inboundMessage, inboundStatus, postWebhook } from '../../../test/fakes/api-integrator.js';

/**
 * The generic API channel end to end (CH-2, CH-3, CH-4, P1): replies travel through the outbound job to a fake
 * integration, which answers, fails, stalls or reports statuses back through the signed webhook.
 */

// Short enough for the "accepted, but answered too late" case to run quickly; long enough that a busy test machine
// (PGlite shares the event loop) does not turn an ordinary answer into a timeout.
const OUTBOUND_TIMEOUT_MS = 1_500;
const server = await startTestServer({ config: { OUTBOUND_TIMEOUT_MS: String(OUTBOUND_TIMEOUT_MS) } });
const fakes: FakeIntegrator[] = [];
after(() => Promise.all(fakes.map((f) => f.close())));

/** A workspace whose API channel points at a fresh fake, and a contact who wrote in on it. */
async function conversation(contactExternalId = 'crm-42') {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const fake = await FakeIntegrator.start();
  fakes.push(fake);
  const channel = await connectApiChannel(api, fake);
  await postWebhook(server, channel, inboundMessage(contactExternalId, `in-${contactExternalId}`, 'Hola', { name: 'Lucía' }));
  const contactId = await eventually(async () => {
    const res = await api('GET', '/api/v1/inbox?view=all');
    return res.body.items[0]?.contact.id as string | undefined;
  }, 10_000, 'the inbound contact');
  return { api, token, fake, channel, contactId };
}

async function reply(api: ReturnType<typeof client>, contactId: string, text: string) {
  const res = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'pending');
  return res.body.id as string;
}

async function messageOf(api: ReturnType<typeof client>, contactId: string, id: string) {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  return res.body.items.find((item: { kind: string; id: string }) => item.kind === 'message' && item.id === id);
}

/** Waits until the message reaches `status` (retries use pg-boss back-off: 1-2 s, then 2-4 s…). */
function settled(api: ReturnType<typeof client>, contactId: string, id: string, status: string, ms = 15_000) {
  return eventually(async () => {
    const message = await messageOf(api, contactId, id);
    return message?.status === status && message;
  }, ms, `message ${id} ${status}`);
}

test('P1 a reply reaches the integration with the documented body and headers, then is sent with its id', async () => {
  const { api, fake, channel, contactId } = await conversation('crm-42');
  const id = await reply(api, contactId, '¡Sí! Enviamos a todo México 🚚');
  const message = await settled(api, contactId, id, 'sent');

  const [send] = fake.sends();
  assert.deepEqual(send!.body, { messageId: id, contact: { externalId: 'crm-42' }, text: '¡Sí! Enviamos a todo México 🚚' });
  const raw = fake.requests[0]!.rawBody;
  assert.equal(send!.headers['content-type'], 'application/json');
  assert.equal(send!.headers['x-conversa-signature'], `sha256=${createHmac('sha256', channel.secret).update(raw).digest('hex')}`);
  assert.equal(send!.headers['idempotency-key'], id);
  assert.equal(send!.status, 200);

  assert.equal(fake.deliveries.length, 1);
  assert.equal(message.externalId, fake.deliveries[0]!.id);
  assert.equal(message.direction, 'out');
  assert.equal(message.error, null);
  assert.ok(message.statusTimes.pending && message.statusTimes.sent);
});

test('CH-2 statuses posted out of order end at read, keeping the time of each step', async () => {
  const { api, channel, contactId } = await conversation();
  const id = await reply(api, contactId, 'Tu pedido salió hoy');
  await settled(api, contactId, id, 'sent');
  assert.equal((await postWebhook(server, channel, inboundStatus(id, 'read'))).status, 200);
  await settled(api, contactId, id, 'read');
  assert.equal((await postWebhook(server, channel, inboundStatus(id, 'delivered'))).status, 200);
  const message = await eventually(async () => {
    const m = await messageOf(api, contactId, id);
    return m.statusTimes.delivered && m;
  }, 10_000, 'delivered time recorded');
  assert.equal(message.status, 'read');
  assert.ok(message.statusTimes.sent && message.statusTimes.read);
  assert.ok(message.statusTimes.delivered >= message.statusTimes.read, 'delivered arrived last and keeps its own time');
});

test("CH-4 a failed status shows on the message with the integration's code and text", async () => {
  const { api, channel, contactId } = await conversation();
  const id = await reply(api, contactId, 'Hola de nuevo');
  await settled(api, contactId, id, 'sent');
  const status = inboundStatus(id, 'failed', { code: 'recipient_unreachable', message: 'The customer uninstalled the app' });
  assert.equal((await postWebhook(server, channel, status)).status, 200);
  const message = await settled(api, contactId, id, 'failed');
  assert.deepEqual(message.error, { code: 'recipient_unreachable', message: 'The customer uninstalled the app' });
});

test('CH-3 transient failures (500 twice) are retried and the contact receives the message once', async () => {
  const { api, fake, contactId } = await conversation();
  fake.failNext(2, 500);
  const id = await reply(api, contactId, 'Reintento');
  const message = await settled(api, contactId, id, 'sent', 20_000);
  assert.deepEqual(
    fake.sends().map((s) => [s.status, s.headers['idempotency-key']]),
    [
      [500, id],
      [500, id],
      [200, id],
    ],
  );
  assert.equal(fake.deliveries.length, 1);
  assert.equal(message.externalId, fake.deliveries[0]!.id);
});

test('CH-3 a 429 is retried later and delivered once', async () => {
  const { api, fake, contactId } = await conversation();
  fake.failNext(1, 429, { retryAfterSeconds: 1 });
  const id = await reply(api, contactId, 'Despacio');
  await settled(api, contactId, id, 'sent');
  assert.deepEqual(
    fake.sends().map((s) => s.status),
    [429, 200],
  );
  assert.equal(fake.deliveries.length, 1);
});

test('P1 sends to different contacts go out side by side; to one contact, one at a time in the order written', async () => {
  const { api, token, fake, channel, contactId } = await conversation('crm-ana');
  await postWebhook(server, channel, inboundMessage('crm-bruno', 'in-crm-bruno', 'Oi', { name: 'Bruno' }));
  const other = await eventually(async () => {
    const res = await client(server, token)('GET', '/api/v1/inbox?view=all');
    return res.body.items.find((i: { contact: { id: string } }) => i.contact.id !== contactId)?.contact.id as string | undefined;
  }, 10_000, 'the second contact');
  // Every answer takes 300 ms, so sends that may overlap do.
  for (let i = 0; i < 6; i++) fake.delayNext(300);
  const written: [string, string][] = [];
  for (let i = 1; i <= 3; i++) {
    written.push(['crm-ana', await reply(api, contactId, `Ana ${i}`)]);
    written.push(['crm-bruno', await reply(api, other, `Bruno ${i}`)]);
  }
  for (const [external, id] of written) await settled(api, external === 'crm-ana' ? contactId : other, id, 'sent');
  const order = (external: string) => fake.sends().filter((s) => s.body.contact.externalId === external).map((s) => s.body.messageId);
  assert.deepEqual(order('crm-ana'), written.filter(([c]) => c === 'crm-ana').map(([, id]) => id));
  assert.deepEqual(order('crm-bruno'), written.filter(([c]) => c === 'crm-bruno').map(([, id]) => id));
  assert.equal(fake.maxInFlightToOneContact, 1);
  assert.equal(fake.maxInFlight, 2);
});

test('CH-4 a permanent refusal (400) marks the message failed with the cause, without retrying', async () => {
  const { api, fake, contactId } = await conversation();
  fake.failNext(1, 400, { error: { code: 'contact_opted_out', message: 'This customer opted out of messages' } });
  const id = await reply(api, contactId, 'Oferta especial');
  const message = await settled(api, contactId, id, 'failed');
  assert.deepEqual(message.error, { code: 'http_400', message: 'This customer opted out of messages' });
  assert.equal(fake.sends().length, 1);
  assert.equal(fake.deliveries.length, 0);
});

test('CH-4 a 2xx that is not the documented answer fails the message as invalid_response', async () => {
  const { api, fake, contactId } = await conversation();
  fake.garbageNext();
  const id = await reply(api, contactId, '¿Hola?');
  const message = await settled(api, contactId, id, 'failed');
  assert.equal(message.error.code, 'invalid_response');
  assert.equal(fake.sends().length, 1);
});

test('P1 accepted but answered too late: the retry carries the same Idempotency-Key and the contact gets it once', async () => {
  const { api, fake, contactId } = await conversation();
  // The fake accepts, then answers after our timeout: our side cannot know it was delivered.
  fake.delayNext(OUTBOUND_TIMEOUT_MS * 2);
  const id = await reply(api, contactId, 'Una sola vez');
  const message = await settled(api, contactId, id, 'sent');
  const sends = fake.sends();
  assert.equal(sends.length, 2);
  assert.deepEqual(
    sends.map((s) => s.headers['idempotency-key']),
    [id, id],
  );
  assert.equal(fake.deliveries.length, 1);
  assert.equal(message.externalId, fake.deliveries[0]!.id);
});

test('CH-5 after its channel is removed, a reply is refused at send time with 422 channel_removed', async () => {
  const { api, token, fake, channel, contactId } = await conversation();
  assert.equal((await removeChannel(server, token, channel.id)).status, 204);
  const refused = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text: '¿Sigues ahí?' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'channel_removed');
  const history = (await api('GET', `/api/v1/contacts/${contactId}/messages`)).body.items.filter((i: { kind: string }) => i.kind === 'message');
  assert.deepEqual(
    history.map((m: { direction: string }) => m.direction),
    ['in'],
  );
  assert.equal(fake.sends().length, 0);
  // A late webhook is answered (the provider stops retrying) and ignored.
  assert.equal((await postWebhook(server, channel, inboundMessage('crm-42', 'late', 'Hola?'))).status, 200);
  const after = (await api('GET', `/api/v1/contacts/${contactId}/messages`)).body.items.filter((i: { kind: string }) => i.kind === 'message');
  assert.equal(after.length, 1);
});
