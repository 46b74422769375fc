import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { channels, inboundParts as partsTable } from '../../db/schema.js';
import { connectChannel, fixtureQuery, messageById, providerFixture, receiptsProcessed, reply, settled, storedCounts, storedFrom } from '../../../test/channel-flow.js';
import { client, freePort, listen, signupWorkspace, startTestServer, testDatabase } from '../../../test/harness.js';
import { FakeVonage, inboundParts, inboundSms, vonageFailures, type VonageAccount } from '../../../test/fakes/vonage.js';

/**
 * The Vonage SMS channel end to end over real HTTP (issue 5): the fake plays the SMS API and Vonage's signed webhooks
 * (GET, form and JSON), which go through our route and inbound job; replies go out through the send job and their
 * delivery receipts come back to the channel's URL. A long inbound SMS comes as its parts, which make one message.
 */


const port = await freePort();
const base = `http://127.0.0.1:${port}`;
/** Long enough for every part delivered at once to arrive first, short enough to wait for in a test. */
const PARTS_WAIT_SECONDS = 5;
const config = { OUTBOUND_TIMEOUT_MS: '3000', PUBLIC_URL: base, INBOUND_PARTS_WAIT_SECONDS: String(PARTS_WAIT_SECONDS) };
const database = await testDatabase();
const server = await startTestServer({ database, config });
// A second worker node on the same database: webhooks delivered at once are processed at once (on PostgreSQL).
await startTestServer({ database, config: { ...config, ROLE: 'worker' } });
// Registered after the nodes' own closing hooks, which run first.
after(() => database.close());
await listen(server, port);
const fake = await FakeVonage.start();
after(() => fake.close());

/** A workspace with a Vonage channel on its own account (signed with `signatureMethod`). */
async function connect(options: Partial<VonageAccount> = {}) {
  const account = fake.addAccount(options);
  const channel = await connectChannel(server, { workspace: 'Tienda SMS', type: 'vonage_sms', name: 'SMS', config: fake.channelConfig(account) });
  return { account, ...channel };
}

/** A contact who wrote to the channel, and their contact id. */
async function writingContact(ctx: Awaited<ReturnType<typeof connect>>, msisdn = `4477009${Math.floor(10000 + Math.random() * 89999)}`) {
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, inboundSms(msisdn, '14155550100', 'Hello, is my order on its way?')), [200]);
  const { contactId } = await storedFrom(server, ctx.api, ctx.channelId, msisdn);
  return { msisdn, contactId };
}

// ---- Connecting ----

test('CH-6 connect checks the key and secret with the balance endpoint: wrong ones are 422 and nothing is saved', async () => {
  const account = fake.addAccount();
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const good = fake.channelConfig(account);
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['wrong secret', { ...good, apiSecret: 'wrong-secret' }, 422, 'channel_credentials_invalid'],
    ['unknown key', { ...good, apiKey: 'abcd0000' }, 422, 'channel_credentials_invalid'],
    ['Vonage unreachable', { ...good, apiBaseUrl: unreachable }, 502, 'provider_unreachable'],
    ['no signature secret', { ...good, signatureSecret: undefined }, 422, 'validation_failed'],
    ['unknown signature method', { ...good, signatureMethod: 'sha384' }, 422, 'validation_failed'],
    ['sender too long', { ...good, from: 'MyVeryLongShopName' }, 422, 'validation_failed'],
  ];
  for (const [label, config, status, code] of cases) {
    const res = await api('POST', '/api/v1/channels', { type: 'vonage_sms', name: 'SMS', config });
    assert.equal(res.status, status, label);
    assert.equal(res.body.error.code, code, label);
  }
  const refused = await api('POST', '/api/v1/channels', { type: 'vonage_sms', name: 'SMS', config: { ...good, apiSecret: 'wrong-secret' } });
  assert.deepEqual(refused.body.error.details.provider, { code: 'credentials_rejected', message: 'Vonage answered HTTP 401: authentication failed' });
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);

  const ok = await api('POST', '/api/v1/channels', { type: 'vonage_sms', name: 'SMS', config: { ...good, from: '+14155550100', signatureMethod: undefined } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.config.from, ok.body.config.signatureMethod], ['14155550100', 'md5hash']);
  // SMS carries no files, cannot be deleted for the contact and has no reply window.
  assert.deepEqual([ok.body.capabilities.files, ok.body.capabilities.deleteForContact, ok.body.capabilities.replyWindowMs], [{}, false, null]);
  assert.equal(ok.body.inboundUrl, `${base}/webhooks/vonage_sms/${ok.body.id}`);
});

// ---- Inbound ----

test('CH-2 fixture inbound_sms.json (a JSON POST) and inbound_sms.query.txt (a GET) are stored as the right messages', async () => {
  const ctx = await connect();
  const json = JSON.parse(providerFixture('vonage', 'inbound_sms.json')) as Record<string, string>;
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, json, { style: 'json' }), [200]);
  const first = await storedFrom(server, ctx.api, ctx.channelId, '14843472194');
  assert.deepEqual(
    [first.items[0].text, first.items[0].externalId, first.items[0].direction, first.items[0].status, first.items[0].statusTimes.sent],
    ['Test again', '020000001B0FE827', 'in', 'received', '2013-11-21T15:27:30.000Z'],
  );
  const contact = (await ctx.api('GET', `/api/v1/contacts/${first.contactId}`)).body;
  assert.equal(contact.phone, '+14843472194');

  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, fixtureQuery('vonage', 'inbound_sms.query.txt'), { style: 'get' }), [200]);
  const second = await storedFrom(server, ctx.api, ctx.channelId, '15862151111');
  assert.deepEqual([second.items[0].text, second.items[0].externalId, second.items[0].statusTimes.sent], ['Msg', '0B0000004B65F62F', '2017-05-01T21:52:49.000Z']);
});

test('CH-2 a form POST and a unicode text are stored as they came', async () => {
  const ctx = await connect({ signatureMethod: 'sha512' });
  const unicode = inboundSms('5511987654321', '14155550100', 'Olá! Já saiu o meu pedido? 🙏 ção');
  assert.equal(unicode.type, 'unicode');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, unicode, { style: 'form' }), [200]);
  const { items } = await storedFrom(server, ctx.api, ctx.channelId, '5511987654321');
  assert.deepEqual([items[0].text, items[0].externalId, items[0].content], ['Olá! Já saiu o meu pedido? 🙏 ção', unicode.messageId, null]);
});

// ---- Long messages in parts ----

/** What the contact sent, in parts: 3 GSM-7 parts (153 characters at most each). */
const LONG = 'Hello, I would like to change the delivery address of my order 4417: I now live at 222 Reforma Street, flat 5. '.repeat(3);

/** The message's parts as kept, once the inbound job has processed `receipts` webhooks of the channel. */
async function partsKept(channelId: string, receipts: number) {
  await receiptsProcessed(server, channelId, receipts);
  return server.ctx.db.select().from(partsTable).where(eq(partsTable.channelId, Number(channelId)));
}

test('CH-2 a long SMS in 3 parts, in order, is stored as one message of the whole text, under its first part', async () => {
  const ctx = await connect();
  const parts = inboundParts('5215512345678', '14155550100', LONG);
  assert.deepEqual([parts.length, parts[0]!.concat, parts[2]!['concat-part']], [3, 'true', '3']);
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, parts), [200, 200, 200]);
  const { items } = await storedFrom(server, ctx.api, ctx.channelId, '5215512345678');
  assert.deepEqual([items.length, items[0].text, items[0].externalId, items[0].content], [1, LONG, parts[0]!.messageId, null]);
  const kept = await partsKept(ctx.channelId, 3);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 3 });
  assert.ok(kept.every((p) => p.recordedAt && p.part === null), 'once recorded, only the ids of the parts stay');

  // A unicode text is split in parts of 67 characters, delivered as form POSTs.
  const accents = 'Olá! Gostaria de saber se o meu pedido já saiu, porque preciso dele até sexta-feira. Obrigado 🙏';
  const unicodeParts = inboundParts('5511912345678', '14155550100', accents);
  assert.deepEqual([unicodeParts.length, unicodeParts[0]!.type], [2, 'unicode']);
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, unicodeParts, { style: 'form' }), [200, 200]);
  const unicode = await storedFrom(server, ctx.api, ctx.channelId, '5511912345678');
  assert.equal(unicode.items[0].text, accents);
});

test('P1 parts reversed, each delivered twice, all at once: one message in part order; a later retry of a part adds nothing', async () => {
  const ctx = await connect({ signatureMethod: 'sha256' });
  const parts = inboundParts('5215587654321', '14155550100', LONG);
  const statuses = await fake.deliverParts(ctx.inboundUrl, ctx.account, parts, { order: [3, 2, 1], duplicate: [1, 2, 3], concurrent: true, style: 'json' });
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
  await partsKept(ctx.channelId, 6);
  const { items } = await storedFrom(server, ctx.api, ctx.channelId, '5215587654321');
  assert.deepEqual([items.length, items[0].text, items[0].externalId], [1, LONG, parts[0]!.messageId]);

  // Vonage retries a part whose answer it missed, after the message was recorded.
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, parts, { order: [2] }), [200]);
  await partsKept(ctx.channelId, 7);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 7 });
});

test('CH-2 a part that never comes: after INBOUND_PARTS_WAIT_SECONDS the parts that came are stored once, marked parts_missing', async () => {
  const ctx = await connect({ signatureMethod: 'md5' });
  const msisdn = '5215511112222';
  const parts = inboundParts(msisdn, '14155550100', LONG);
  const whole = inboundParts('5215599998888', '14155550100', LONG);
  const started = Date.now();
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, parts, { order: [3, 1], drop: [2], duplicate: [3] }), [200, 200, 200]);
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, whole), [200, 200, 200]);
  const kept = await partsKept(ctx.channelId, 6);
  assert.equal(kept.filter((p) => p.contactExternalId === msisdn && !p.recordedAt).length, 2);
  assert.equal((await storedCounts(server, ctx.channelId)).messages, 1, 'the parts wait for the missing one; the whole message is stored');

  const { items } = await storedFrom(server, ctx.api, ctx.channelId, msisdn);
  assert.ok(Date.now() - started >= PARTS_WAIT_SECONDS * 1000 - 1000, 'stored once the wait ended');
  assert.deepEqual([items.length, items[0].text, items[0].externalId], [1, parts[0]!.text! + parts[2]!.text!, parts[0]!.messageId]);
  assert.deepEqual(items[0].content, { kind: 'text', error: { code: 'parts_missing', message: 'Part 2 of 3 never arrived; the text is parts 1, 3.' } });

  // The lost part turns up late: it is not joined to a message already shown, but stored too, once its own wait ends.
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, parts, { order: [2, 1] }), [200, 200]);
  const late = await storedFrom(server, ctx.api, ctx.channelId, msisdn, 2);
  const second = late.items.find((m: any) => m.externalId === parts[1]!.messageId);
  assert.deepEqual([late.items.length, second.text, second.content.error.message], [2, parts[1]!.text, 'Parts 1, 3 of 3 never arrived; the text is part 2.']);
  await receiptsProcessed(server, ctx.channelId, 8);
  assert.equal((await storedCounts(server, ctx.channelId)).messages, 3, 'neither the retried first part nor the whole message (its wait over) is stored again');
});

test("CH-2 a handset reuses a reference while a part is missing: the waiting message is stored as it is, the next one whole", async () => {
  const ctx = await connect();
  const msisdn = '5215533334444';
  const first = inboundParts(msisdn, '14155550100', LONG);
  const next = inboundParts(msisdn, '14155550100', LONG.toUpperCase()).map((p) => ({ ...p, 'concat-ref': first[0]!['concat-ref']! }));
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, first, { drop: [2] }), [200, 200]);
  // The handset sends the next message once it has sent all of the first.
  await partsKept(ctx.channelId, 2);
  assert.deepEqual(await fake.deliverParts(ctx.inboundUrl, ctx.account, next), [200, 200, 200]);
  const { items } = await storedFrom(server, ctx.api, ctx.channelId, msisdn, 2);
  const texts = items.map((m: any) => [m.text, m.content?.error?.code ?? null]).sort();
  assert.deepEqual(texts, [[LONG.toUpperCase(), null], [first[0]!.text! + first[2]!.text!, 'parts_missing']].sort());
});

test('P1 forged, unsigned, wrongly keyed or altered webhooks are refused with 401 and store nothing', async () => {
  const ctx = await connect({ signatureMethod: 'sha256' });
  const sms = inboundSms('447700900111', '14155550100', 'Send me your password');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { sig: null }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { secret: 'another-secret' }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { sig: 'ab'.repeat(32) }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { tamper: { text: 'Send me your PIN' } }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { style: 'json', tamper: { msisdn: '447700900999' } }), [401]);
  const other = await connect({ signatureMethod: 'sha256' });
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, other.account, sms), [401], "another account's secret");
  const receipt = fake.receipt('0C0000002EEBDA56', 'delivered');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, receipt.params, { sig: null }), [401], 'an unsigned receipt');
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(ctx.channelId)));
  assert.equal(row!.lastWebhookAt, null);

  const malformed = await fetch(ctx.inboundUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"msisdn": ' });
  assert.equal(malformed.status, 400);
  const unknown = await fetch(`${base}/webhooks/vonage_sms/987654321?msisdn=1`);
  assert.equal(unknown.status, 404);
});

test('P1 the same SMS delivered 5 times at once is stored once', async () => {
  const ctx = await connect({ signatureMethod: 'md5' });
  const sms = inboundSms('447700900222', '14155550100', 'Only once, please');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { times: 5, concurrent: true }), [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 5);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 5 });
});

// ---- Outbound and delivery receipts ----

test('IN-8 a reply goes out with the documented body; unicode as unicode; the fixture receipt marks it delivered', async () => {
  const ctx = await connect();
  // The fixture receipt's recipient writes first.
  const { contactId } = await writingContact(ctx, '4527631111');
  fake.nextMessageIds.push('0C0000002EEBDA56');
  const id = await reply(ctx.api, contactId, 'Your parcel ships today [ref: A-1042]');
  const sent = await settled(ctx.api, contactId, id, 'sent');
  assert.equal(sent.externalId, '0C0000002EEBDA56');
  const request = fake.sends().at(-1)!;
  assert.deepEqual(request, {
    api_key: ctx.account.apiKey,
    api_secret: ctx.account.apiSecret,
    from: '14155550100',
    to: '4527631111',
    text: 'Your parcel ships today [ref: A-1042]',
    type: 'text',
    'client-ref': `cv-${ctx.channelId}-${id}`,
    callback: ctx.inboundUrl,
  });

  // The fixture receipt as Vonage sends it for this message: no client-ref, so it is matched by messageId.
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, fixtureQuery('vonage', 'delivery_receipt.query.txt')), [200]);
  const delivered = await settled(ctx.api, contactId, id, 'delivered');
  assert.equal(delivered.statusTimes.delivered, '2017-05-02T11:24:03.000Z');

  const accents = await reply(ctx.api, contactId, 'Já saiu! Obrigado 🙏');
  await settled(ctx.api, contactId, accents, 'sent');
  assert.equal(fake.sends().at(-1)!.type, 'unicode');
  assert.equal(fake.accepted.at(-1)!.handsetText, 'Já saiu! Obrigado 🙏', 'the contact sees every character');
});

test('CH-2 a burst of receipts out of order and repeated ends at delivered; a failed one keeps its err-code and meaning', async () => {
  const ctx = await connect({ signatureMethod: 'sha1' });
  const { contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, 'Your order has shipped.');
  const { externalId } = await settled(ctx.api, contactId, id, 'sent');
  const burst = ['delivered', 'buffered', 'accepted', 'delivered', 'accepted'].map((status) => fake.receipt(externalId, status));
  assert.equal(burst[0]!.url, ctx.inboundUrl, 'receipts go to the callback given with the send');
  const statuses = await Promise.all(burst.map((r) => fake.deliver(r.url!, ctx.account, r.params, { style: 'form' })));
  assert.deepEqual(statuses.flat(), [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 6);
  const message = await messageById(ctx.api, contactId, id);
  assert.equal(message.status, 'delivered');
  assert.ok(message.statusTimes.sent && message.statusTimes.delivered);
  assert.equal(message.error, null);

  const second = await reply(ctx.api, contactId, 'Are you there?');
  const { externalId: secondId } = await settled(ctx.api, contactId, second, 'sent');
  for (const [status, errCode] of [['failed', '3'], ['accepted', '0']] as const) {
    const r = fake.receipt(secondId, status, errCode);
    assert.deepEqual(await fake.deliver(r.url!, ctx.account, r.params), [200]);
  }
  const failed = await settled(ctx.api, contactId, second, 'failed');
  assert.deepEqual(failed.error, { code: 'vonage_3', message: 'Absent Subscriber - Permanent (err-code 3, status failed): the number is no longer active.' });
  await receiptsProcessed(server, ctx.channelId, 8);
  assert.equal((await messageById(ctx.api, contactId, second)).status, 'failed', 'a later intermediate receipt does not revive it');
});

test("CH-2 a receipt for a later part of a long reply (an id we never stored) applies through our client-ref", async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, 'Thank you for your order. '.repeat(11));
  const sent = await settled(ctx.api, contactId, id, 'sent');
  const parts = fake.accepted.find((a) => a.messageIds[0] === sent.externalId)!.messageIds;
  assert.equal(parts.length, 2);
  // The second part's receipt names an id we never stored: it applies through client-ref.
  const r = fake.receipt(parts[1]!, 'delivered');
  assert.deepEqual(await fake.deliver(r.url!, ctx.account, r.params), [200]);
  await settled(ctx.api, contactId, id, 'delivered');
  const [receipt] = await receiptsProcessed(server, ctx.channelId, 2).then((rows) => rows.filter((row) => row.body.includes('status=delivered')));
  assert.equal(receipt!.error, null);
});

test('CH-4 throttling is retried later and sent once; an invalid number fails for good; bad credentials disconnect', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);

  fake.failNext(vonageFailures.throttled, 2);
  const throttled = await reply(ctx.api, contactId, 'Slowly');
  await settled(ctx.api, contactId, throttled, 'sent', 20_000);
  assert.equal(fake.sends().filter((s) => s.text === 'Slowly').length, 3, 'refused twice, accepted once');
  assert.equal(fake.accepted.filter((a) => a.request.text === 'Slowly').length, 1);

  fake.failNext({ httpStatus: 429, retryAfter: '1' });
  const limited = await reply(ctx.api, contactId, 'Too many requests');
  await settled(ctx.api, contactId, limited, 'sent', 20_000);

  fake.failNext(vonageFailures.invalidTo);
  const invalid = await reply(ctx.api, contactId, 'To a bad number');
  const failed = await settled(ctx.api, contactId, invalid, 'failed');
  assert.deepEqual(failed.error, { code: 'invalid_number', message: '(status 3) Invalid to address' });
  assert.equal(fake.sends().filter((s) => s.text === 'To a bad number').length, 1, 'not retried');

  fake.failNext(vonageFailures.internal);
  const internal = await reply(ctx.api, contactId, 'Vonage hiccup');
  await settled(ctx.api, contactId, internal, 'sent', 20_000);
  assert.equal(fake.accepted.filter((a) => a.request.text === 'Vonage hiccup').length, 1, 'status 5 means nothing was sent: retried safely');

  fake.failNext({ httpStatus: 500 });
  const uncertain = await reply(ctx.api, contactId, 'Maybe sent');
  const unsure = await settled(ctx.api, contactId, uncertain, 'failed', 20_000);
  assert.equal(unsure.error.code, 'delivery_uncertain', 'a 500 may hide a send: never sent twice');
  assert.equal(fake.sends().filter((s) => s.text === 'Maybe sent').length, 1);

  fake.failNext(vonageFailures.badCredentials);
  const doomed = await reply(ctx.api, contactId, 'Key revoked');
  const refused = await settled(ctx.api, contactId, doomed, 'failed');
  assert.deepEqual(refused.error, { code: 'credentials_rejected', message: '(status 4) Bad Credentials' });
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual([channel.status, channel.statusReason], ['disconnected', 'credentials_rejected']);
  const patched = await ctx.api('PATCH', `/api/v1/channels/${ctx.channelId}`, { config: fake.channelConfig(ctx.account) });
  assert.equal(patched.body.status, 'connected');
});
