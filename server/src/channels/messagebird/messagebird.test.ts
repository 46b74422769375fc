import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { channels } from '../../db/schema.js';
import { connectChannel, fixtureQuery, messageById, receiptsProcessed, reply, settled, storedCounts, storedFrom } from '../../../test/channel-flow.js';
import { client, freePort, listen, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { FakeMessagebird, inboundSms, messagebirdErrors } from '../../../test/fakes/messagebird.js';

/**
 * The MessageBird SMS channel end to end over real HTTP (issue 5): the fake plays the REST API and MessageBird's
 * callbacks (GETs signed with MessageBird-Signature-JWT over the exact URL), which go through our route and inbound job;
 * replies go out through the send job and their status reports come back to the channel's URL.
 */

// MessageBird signs the URL it calls: PUBLIC_URL must be the address the fake calls.
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startTestServer({ config: { OUTBOUND_TIMEOUT_MS: '3000', PUBLIC_URL: base } });
await listen(server, port);
const fake = await FakeMessagebird.start();
after(() => fake.close());

async function connect() {
  const account = fake.addAccount();
  const channel = await connectChannel(server, { workspace: 'Loja SMS', type: 'messagebird_sms', name: 'SMS', config: fake.channelConfig(account) });
  return { account, ...channel };
}

async function writingContact(ctx: Awaited<ReturnType<typeof connect>>, originator = `316${Math.floor(10_000_000 + Math.random() * 89_999_999)}`) {
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, inboundSms(originator, '3197010260188', 'Waar blijft mijn pakket?')), [200]);
  const { contactId } = await storedFrom(server, ctx.api, ctx.channelId, originator);
  return { originator, contactId };
}

// ---- Connecting ----

test('CH-6 connect checks the access key with the balance endpoint: a wrong one is 422 and nothing is saved', async () => {
  const account = fake.addAccount();
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const good = fake.channelConfig(account);
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['wrong access key', { ...good, accessKey: 'live_wrong' }, 422, 'channel_credentials_invalid'],
    ['MessageBird unreachable', { ...good, apiBaseUrl: `http://127.0.0.1:${await freePort()}` }, 502, 'provider_unreachable'],
    ['no signing key', { ...good, signingKey: '' }, 422, 'validation_failed'],
    ['no originator', { ...good, originator: undefined }, 422, 'validation_failed'],
  ];
  for (const [label, config, status, code] of cases) {
    const res = await api('POST', '/api/v1/channels', { type: 'messagebird_sms', name: 'SMS', config });
    assert.equal(res.status, status, label);
    assert.equal(res.body.error.code, code, label);
  }
  const refused = await api('POST', '/api/v1/channels', { type: 'messagebird_sms', name: 'SMS', config: { ...good, accessKey: 'live_wrong' } });
  assert.deepEqual(refused.body.error.details.provider, { code: 'credentials_rejected', message: '(code 2) Request not allowed (incorrect access_key) [access_key]' });
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);
  const ok = await api('POST', '/api/v1/channels', { type: 'messagebird_sms', name: 'SMS', config: { ...good, originator: 'Loja' } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.capabilities.files, ok.body.capabilities.deleteForContact, ok.body.capabilities.replyWindowMs], [{}, false, null]);
});

// ---- Inbound ----

test('CH-2 fixture inbound_sms.query.txt (a signed GET) is stored as the right message; a form POST too', async () => {
  const ctx = await connect();
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, fixtureQuery('messagebird', 'inbound_sms.query.txt')), [200]);
  const { contactId, items } = await storedFrom(server, ctx.api, ctx.channelId, '31687654321');
  assert.deepEqual(
    [items[0].text, items[0].externalId, items[0].direction, items[0].statusTimes.sent],
    ['Hello there', 'e8077d803532c0b5937c639b60216938', 'in', '2022-01-05T10:05:00.000Z'],
  );
  assert.equal((await ctx.api('GET', `/api/v1/contacts/${contactId}`)).body.phone, '+31687654321');

  const unicode = inboundSms('5511987654321', '3197010260188', 'Olá! Já saiu o meu pedido? 🙏 [ação]');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, unicode, { form: true }), [200]);
  const posted = await storedFrom(server, ctx.api, ctx.channelId, '5511987654321');
  assert.equal(posted.items[0].text, 'Olá! Já saiu o meu pedido? 🙏 [ação]');
});

test('P1 forged, expired, not yet valid or altered callbacks are refused and store nothing', async () => {
  const ctx = await connect();
  const sms = inboundSms('31612340000', '3197010260188', 'Stuur je wachtwoord');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { signature: null }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { key: 'another-signing-key' }), [401]);
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { tamper: (url) => url.replace('wachtwoord', 'pincode') }), [401], 'URL changed after signing');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { issuedAt: new Date(Date.now() - 5 * 60_000) }), [400], 'expired');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { issuedAt: new Date(Date.now() + 5 * 60_000) }), [400], 'not yet valid');
  const other = await connect();
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, other.account, sms), [401], "another account's key");
  const unsigned = await fetch(`${ctx.inboundUrl}?${new URLSearchParams(sms)}`, {
    headers: { 'messagebird-signature-jwt': 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJNZXNzYWdlQmlyZCJ9.' },
  });
  assert.equal(unsigned.status, 401, 'an unsigned ("alg": "none") token');
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 0, receipts: 0 });
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, Number(ctx.channelId)));
  assert.equal(row!.lastWebhookAt, null);
});

test('P1 the same SMS delivered 5 times at once is stored once', async () => {
  const ctx = await connect();
  const sms = inboundSms('31612340001', '3197010260188', 'Maar één keer, alstublieft');
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, sms, { times: 5, concurrent: true }), [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 5);
  assert.deepEqual(await storedCounts(server, ctx.channelId), { messages: 1, receipts: 5 });
});

// ---- Outbound and status reports ----

test('IN-8 a reply goes out with the documented body to the report URL of the channel; the fixture report marks it delivered', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx, '31612345678');
  fake.nextMessageIds.push('6fe65f90454aa61536e6a88b88972670');
  const id = await reply(ctx.api, contactId, 'Uw pakket is onderweg 🚚');
  const sent = await settled(ctx.api, contactId, id, 'sent');
  assert.equal(sent.externalId, '6fe65f90454aa61536e6a88b88972670');
  assert.deepEqual(fake.sends().at(-1), {
    originator: '3197010260188',
    recipients: ['31612345678'],
    body: 'Uw pakket is onderweg 🚚',
    reference: `cv-${ctx.channelId}-${id}`,
    reportUrl: ctx.inboundUrl,
    datacoding: 'auto',
  });
  assert.equal(fake.requests.at(-1)!.headers.authorization, `AccessKey ${ctx.account.accessKey}`);

  // The fixture report carries another system's reference: it is matched by MessageBird's id.
  assert.deepEqual(await fake.deliver(ctx.inboundUrl, ctx.account, fixtureQuery('messagebird', 'dlr_status_report.query.txt')), [200]);
  const delivered = await settled(ctx.api, contactId, id, 'delivered');
  assert.equal(delivered.statusTimes.delivered, '2022-01-05T10:03:05.000Z');
});

test('CH-2 a burst of status reports out of order and repeated ends at delivered; a failure keeps its reason and code', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);
  const id = await reply(ctx.api, contactId, 'Verzonden.');
  const { externalId } = await settled(ctx.api, contactId, id, 'sent');
  const burst = ['delivered', 'buffered', 'sent', 'delivered', 'scheduled'].map((status) => fake.statusReport(externalId, status));
  assert.equal(burst[0]!.url, ctx.inboundUrl);
  const statuses = await Promise.all(burst.map((r) => fake.deliver(r.url!, ctx.account, r.params)));
  assert.deepEqual(statuses.flat(), [200, 200, 200, 200, 200]);
  await receiptsProcessed(server, ctx.channelId, 6);
  const message = await messageById(ctx.api, contactId, id);
  assert.equal(message.status, 'delivered');
  assert.ok(message.statusTimes.sent && message.statusTimes.delivered);

  const second = await reply(ctx.api, contactId, 'Bent u er nog?');
  const { externalId: secondId } = await settled(ctx.api, contactId, second, 'sent');
  const failure = fake.statusReport(secondId, 'delivery_failed', { statusReason: 'unknown subscriber', statusErrorCode: '1' });
  const late = fake.statusReport(secondId, 'buffered');
  for (const r of [failure, late]) assert.deepEqual(await fake.deliver(r.url!, ctx.account, r.params), [200]);
  const failed = await settled(ctx.api, contactId, second, 'failed');
  assert.deepEqual(failed.error, { code: 'messagebird_1', message: 'Unknown subscriber (status delivery_failed, error code 1).' });
  await receiptsProcessed(server, ctx.channelId, 8);
  assert.equal((await messageById(ctx.api, contactId, second)).status, 'failed');
});

test('CH-4 throttling is retried after Retry-After and sent once; a bad number fails for good; a refused key disconnects', async () => {
  const ctx = await connect();
  const { contactId } = await writingContact(ctx);

  fake.failNext(messagebirdErrors.tooManyRequests, 2);
  const throttled = await reply(ctx.api, contactId, 'Langzaam');
  await settled(ctx.api, contactId, throttled, 'sent', 20_000);
  assert.equal(fake.sends().filter((s) => s.body === 'Langzaam').length, 3, 'refused twice, accepted once');
  assert.equal(fake.accepted.filter((a) => a.request.body === 'Langzaam').length, 1);

  fake.failNext(messagebirdErrors.noRecipients);
  const invalid = await reply(ctx.api, contactId, 'Naar een fout nummer');
  const failed = await settled(ctx.api, contactId, invalid, 'failed');
  assert.deepEqual(failed.error, { code: 'invalid_number', message: '(code 9) no (correct) recipients found [recipients]' });
  assert.equal(fake.sends().filter((s) => s.body === 'Naar een fout nummer').length, 1, 'not retried');

  fake.failNext(messagebirdErrors.internal);
  const uncertain = await reply(ctx.api, contactId, 'Misschien verzonden');
  const unsure = await settled(ctx.api, contactId, uncertain, 'failed', 20_000);
  assert.equal(unsure.error.code, 'delivery_uncertain', 'a 500 may hide a send: never sent twice');

  fake.failNext(messagebirdErrors.accessKey);
  const doomed = await reply(ctx.api, contactId, 'Sleutel ingetrokken');
  const refused = await settled(ctx.api, contactId, doomed, 'failed');
  assert.equal(refused.error.code, 'credentials_rejected');
  const channel = (await ctx.api('GET', `/api/v1/channels/${ctx.channelId}`)).body;
  assert.deepEqual([channel.status, channel.statusReason], ['disconnected', 'credentials_rejected']);
});
