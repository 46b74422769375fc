import assert from 'node:assert/strict';
import { test } from 'node:test';
import { count, eq, sql } from 'drizzle-orm';
import { channels, contacts, messages, webhookReceipts } from '../../db/schema.js';
import { client, listen, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { eventually, removeChannel } from '../../../test/fixtures.js';
import { inboundMessage, inboundStatus, postWebhook, signWebhook } from '../../../test/fakes/api-integrator.js';

const server = await startTestServer({ config: { WEBHOOK_MAX_SKEW_SECONDS: '300' } });
const base = await listen(server);

/** A workspace with an API channel (its outbound side is not used here). */
async function workspaceWithChannel() {
  const { token, workspaceId } = await signupWorkspace(server);
  const api = client(server, token);
  const res = await api('POST', '/api/v1/channels', { type: 'api', name: 'Shop', config: { outboundUrl: 'http://127.0.0.1:9/unused' } });
  return { api, token, workspaceId: Number(workspaceId), channel: res.body as { id: string; secret: string } };
}

/** What a webhook can leave behind in a workspace. */
async function stored(workspaceId: number) {
  const total = async (table: typeof messages | typeof contacts | typeof webhookReceipts) =>
    (await server.ctx.db.select({ n: count() }).from(table).where(eq(table.workspaceId, workspaceId)))[0]!.n;
  return { messages: await total(messages), contacts: await total(contacts), receipts: await total(webhookReceipts) };
}

const receipts = (channelId: string) => server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(channelId)));

async function inboxRow(api: ReturnType<typeof client>, name: string) {
  return eventually(async () => {
    const res = await api('GET', '/api/v1/inbox?view=unassigned');
    return res.body.items.find((row: { contact: { name: string } }) => row.contact.name === name);
  }, 10_000, `inbox row for ${name}`);
}

async function timelineMessages(api: ReturnType<typeof client>, contactId: string) {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(res.status, 200);
  return res.body.items.filter((item: { kind: string }) => item.kind === 'message');
}

test('CH-2 an inbound message lands on a new contact with an open conversation, in Unassigned and in the history', async () => {
  const { api, channel } = await workspaceWithChannel();
  const res = await postWebhook(
    server,
    channel,
    inboundMessage('crm-contact-1', 'msg-1', 'Hola, ¿tienen envíos a Monterrey?', { name: 'Ana Gómez', phone: '+52 55 1234 5678', email: 'ana@example.mx' }),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { ok: true });

  const row = await inboxRow(api, 'Ana Gómez');
  assert.equal(row.conversation.status, 'open');
  assert.equal(row.conversation.assigneeId, null);
  assert.equal(row.lastChannelId, channel.id);
  assert.equal(row.lastMessage.direction, 'in');
  assert.equal(row.lastMessage.text, 'Hola, ¿tienen envíos a Monterrey?');
  assert.equal(row.unreadCount, 1);
  assert.equal(row.contact.phone, '+525512345678');
  assert.equal(row.contact.email, 'ana@example.mx');

  const [message] = await timelineMessages(api, row.contact.id);
  assert.equal(message.direction, 'in');
  assert.equal(message.senderKind, 'contact');
  assert.equal(message.externalId, 'msg-1');
  assert.equal(message.channelId, channel.id);
  assert.equal(message.text, 'Hola, ¿tienen envíos a Monterrey?');
  assert.equal(message.status, 'received');

  const channelNow = (await api('GET', `/api/v1/channels/${channel.id}`)).body;
  assert.ok(channelNow.lastWebhookAt, 'CH-6 last webhook time is recorded');
  const [receipt] = await receipts(channel.id);
  assert.ok(receipt!.processedAt);
  assert.equal(receipt!.error, null);
});

test('a later message from the same contact joins its history, with its reply context', async () => {
  const { api, channel } = await workspaceWithChannel();
  await postWebhook(server, channel, inboundMessage('crm-7', 'first', 'Quiero el modelo azul', { name: 'Bruno Lima' }));
  const row = await inboxRow(api, 'Bruno Lima');
  await postWebhook(server, channel, inboundMessage('crm-7', 'second', 'Na verdade, o verde', { replyToId: 'first' }));
  const [second, first] = await eventually(async () => {
    const items = await timelineMessages(api, row.contact.id);
    return items.length === 2 && items;
  }, 10_000, 'second message');
  assert.equal(second.externalId, 'second');
  assert.equal(second.replyToId, first.id);
  assert.equal((await inboxRow(api, 'Bruno Lima')).unreadCount, 2);
});

test('P1 the same message delivered 5 times concurrently is stored once, on one contact', async () => {
  const { workspaceId, channel } = await workspaceWithChannel();
  const rawBody = JSON.stringify(inboundMessage('crm-dup', 'dup-1', 'Only once please', { name: 'Carla Duplicada' }));
  const responses = await Promise.all(
    Array.from({ length: 5 }, () =>
      fetch(`${base}/webhooks/api/${channel.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(channel.secret, rawBody) },
        body: rawBody,
      }),
    ),
  );
  assert.deepEqual(
    responses.map((r) => r.status),
    [200, 200, 200, 200, 200],
  );
  await eventually(async () => (await receipts(channel.id)).filter((r) => r.processedAt).length === 5, 15_000, 'all 5 receipts processed');
  assert.deepEqual(await stored(workspaceId), { messages: 1, contacts: 1, receipts: 5 });
});

test('P1 a burst of webhooks on two workspaces is stored in shared transactions, each in its own workspace, each message once', async () => {
  const [one, two] = [await workspaceWithChannel(), await workspaceWithChannel()];
  const responses = await Promise.all(
    Array.from({ length: 60 }, (_, i) => {
      const { channel } = i % 2 === 0 ? one : two;
      const rawBody = JSON.stringify(inboundMessage(`crm-burst-${i % 6}`, `burst-${i}`, `Mensaje ${i}`));
      return fetch(`${base}/webhooks/api/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(channel.secret, rawBody) }, body: rawBody });
    }),
  );
  assert.ok(responses.every((r) => r.status === 200));
  for (const { workspaceId, channel } of [one, two]) {
    await eventually(async () => (await receipts(channel.id)).filter((r) => r.processedAt).length === 30, 15_000, 'all 30 receipts processed');
    assert.deepEqual(await stored(workspaceId), { messages: 30, contacts: 3, receipts: 30 });
  }
  // PGlite answers inside the server's own thread: each webhook is written before the next request is read.
  if (server.database.kind === 'pglite') return;
  // Jobs enqueued by one transaction share its start time (created_on is now()): 60 webhooks took fewer than 60.
  const ids = [...(await receipts(one.channel.id)), ...(await receipts(two.channel.id))].map((r) => r.id);
  const transactions = await server.ctx.db.execute(
    sql`select count(distinct created_on)::int as n from pgboss.job where name = 'inbound' and (data->>'receiptId')::bigint in ${ids}`,
  );
  const n = (transactions as unknown as { rows: { n: number }[] }).rows[0]!.n;
  assert.ok(n < 60, `${n} transactions for 60 webhooks`);
});

test('a timestamped signature inside the allowed skew is accepted', async () => {
  const { api, channel } = await workspaceWithChannel();
  const res = await postWebhook(server, channel, inboundMessage('crm-ts', 'ts-1', 'Con hora', { name: 'Dora Tiempo' }), {
    timestamp: Math.floor(Date.now() / 1000) - 60,
  });
  assert.equal(res.status, 200);
  await inboxRow(api, 'Dora Tiempo');
});

test('forged, unsigned, stale, malformed or misaddressed webhooks are refused and store nothing', async () => {
  const { workspaceId, channel } = await workspaceWithChannel();
  const body = inboundMessage('crm-x', 'x-1', 'hello');
  const now = Math.floor(Date.now() / 1000);
  const otherWorkspace = await workspaceWithChannel();
  const removed = await workspaceWithChannel();
  assert.equal((await removeChannel(server, removed.token, removed.channel.id)).status, 204);

  const cases: [string, () => ReturnType<typeof postWebhook>, number, string][] = [
    ['forged signature', () => postWebhook(server, channel, body, { signature: `sha256=${'ab'.repeat(32)}` }), 401, 'invalid_signature'],
    ['missing signature', () => postWebhook(server, channel, body, { signature: null }), 401, 'invalid_signature'],
    ['garbled signature header', () => postWebhook(server, channel, body, { signature: 'md5=123' }), 401, 'invalid_signature'],
    ['wrong secret', () => postWebhook(server, channel, body, { secret: 'cvh_not-the-secret' }), 401, 'invalid_signature'],
    ["another channel's secret", () => postWebhook(server, channel, body, { secret: otherWorkspace.channel.secret }), 401, 'invalid_signature'],
    [
      'timestamp sent but body-only signature',
      async () => {
        const rawBody = JSON.stringify(body);
        const headers = { 'content-type': 'application/json', ...signWebhook(channel.secret, rawBody), 'x-conversa-timestamp': String(now) };
        const res = await server.app.inject({ method: 'POST', url: `/webhooks/api/${channel.id}`, headers, payload: rawBody });
        return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
      },
      401,
      'invalid_signature',
    ],
    ['stale timestamp', () => postWebhook(server, channel, body, { timestamp: now - 301 }), 400, 'stale_request'],
    ['timestamp from the future', () => postWebhook(server, channel, body, { timestamp: now + 3600 }), 400, 'stale_request'],
    ['signed non-JSON body', () => postWebhook(server, channel, undefined, { rawBody: '{"contact": ' }), 400, 'invalid_payload'],
    ['signed empty body', () => postWebhook(server, channel, undefined, { rawBody: '' }), 400, 'invalid_payload'],
    ['signed JSON array', () => postWebhook(server, channel, [body]), 400, 'invalid_payload'],
    ['message without id', () => postWebhook(server, channel, { contact: { externalId: 'c' }, message: { text: 'hi' } }), 400, 'invalid_payload'],
    ['status with a bad value', () => postWebhook(server, channel, inboundStatus('1', 'seen' as 'read')), 400, 'invalid_payload'],
    ['unknown channel', () => postWebhook(server, { id: '987654321', secret: channel.secret }, body), 404, 'not_found'],
  ];
  for (const [label, send, status, code] of cases) {
    const res = await send();
    assert.equal(res.status, status, label);
    assert.equal(res.body.error.code, code, label);
  }
  const shape = await postWebhook(server, channel, { contact: { externalId: '' }, message: { id: 'm', text: 7 } });
  assert.deepEqual(
    shape.body.error.details.map((d: { path: string }) => d.path),
    ['body.contact.externalId', 'body.message.text'],
  );

  // CH-5: a removed channel's webhooks are answered (the provider stops retrying) and ignored.
  const late = await postWebhook(server, removed.channel, body);
  assert.equal(late.status, 200);
  for (const ws of [workspaceId, removed.workspaceId]) assert.deepEqual(await stored(ws), { messages: 0, contacts: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(channel.id)));
  assert.equal(row!.lastWebhookAt, null);
});

test('P4 webhook errors are explained in the caller language', async () => {
  const { channel } = await workspaceWithChannel();
  const rawBody = JSON.stringify(inboundMessage('c', 'm', 'x'));
  const res = await server.app.inject({
    method: 'POST',
    url: `/webhooks/api/${channel.id}`,
    headers: { 'content-type': 'application/json', 'accept-language': 'pt-BR' },
    payload: rawBody,
  });
  assert.equal(res.statusCode, 401);
  assert.equal(JSON.parse(res.body).error.message, 'A assinatura do webhook está ausente ou não confere.');
});

test('a status for a message that is not one of ours is accepted, then noted on its receipt and not retried', async () => {
  const { api, channel } = await workspaceWithChannel();
  await postWebhook(server, channel, inboundMessage('crm-s', 'in-1', 'hola', { name: 'Eva Estado' }));
  const row = await inboxRow(api, 'Eva Estado');
  const [inbound] = await timelineMessages(api, row.contact.id);

  for (const messageId of ['99999999', inbound.id]) {
    assert.equal((await postWebhook(server, channel, inboundStatus(messageId, 'read'))).status, 200);
  }
  const noted = await eventually(async () => {
    const rows = (await receipts(channel.id)).filter((r) => r.body.includes('"status"'));
    return rows.length === 2 && rows.every((r) => r.processedAt) && rows;
  }, 10_000, 'status receipts processed');
  for (const receipt of noted) assert.match(receipt.error ?? '', /^unknown_message: /);
  const [unchanged] = await timelineMessages(api, row.contact.id);
  assert.equal(unchanged.status, 'received');
});

test('P1 a burst of webhooks is processed in batches: each contact keeps the order its messages were received in, while others run alongside', async () => {
  const { api, workspaceId, channel } = await workspaceWithChannel();
  const people = ['ana', 'bruno', 'carla'];
  // Acknowledged one after another, faster than the worker drains them: several land in one batch.
  for (let i = 1; i <= 12; i++) {
    for (const who of people) {
      assert.equal((await postWebhook(server, channel, inboundMessage(`${who}-burst`, `${who}-${i}`, `${who} ${i}`, { name: `${who} burst` }))).status, 200);
    }
  }
  await eventually(async () => (await stored(workspaceId)).messages === 36, 20_000, 'all 36 messages stored');
  for (const who of people) {
    const row = await inboxRow(api, `${who} burst`);
    const texts = (await timelineMessages(api, row.contact.id)).map((m: { text: string }) => m.text).reverse();
    assert.deepEqual(texts, Array.from({ length: 12 }, (_, i) => `${who} ${i + 1}`), `${who}'s messages in order`);
  }
  assert.ok((await receipts(channel.id)).every((r) => r.processedAt !== null && r.error === null));
});
