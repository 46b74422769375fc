import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Simulator, type AgentMessage } from '../scripts/simulator.js';
import { contactIdOf, eventually } from './fixtures.js';
import { client, freePort, listen, startTestServer, uniqueEmail } from './harness.js';

/** `npm run simulate` without its prompt, against a real server over HTTP, as a developer would run it. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'conversa-simulator-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
// Telegram's webhook is PUBLIC_URL-based: it must be where the server listens.
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const server = await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '3000', PUBLIC_URL: url } });
await listen(server, port);

const owner = { email: uniqueEmail('owner'), password: 'correct horse battery' };
const signup = await client(server)('POST', '/api/v1/auth/signup', { workspaceName: 'Tienda Aurora', name: 'Owner', ...owner });
assert.equal(signup.status, 201, JSON.stringify(signup.body));
const api = client(server, signup.body.token);

type Timeline = { kind: string; id: string; text: string | null; status: string; content: { kind: string } | null }[];
/** What a timeline's messages carry, newest first: their text, or their kind when they have content. */
const summary = (items: Timeline) => items.map((m) => m.content?.kind ?? m.text);

/** The messages stored for a channel identity once the inbound job has recorded `n` of them. */
async function stored(channelId: string, externalId: string, n: number) {
  const contactId = await eventually(() => contactIdOf(server, Number(channelId), externalId).catch(() => undefined), 10_000, `contact ${externalId}`);
  const items = await eventually(async () => {
    const list = ((await api('GET', `/api/v1/contacts/${contactId}/messages`)).body.items as Timeline).filter((i) => i.kind === 'message');
    return list.length >= n && list;
  }, 10_000, `${n} message(s) of ${externalId}`);
  return { contactId, items };
}

async function reply(contactId: string, text: string) {
  const res = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

test('the simulator connects both channels, delivers customers to the inbox and sees agents reply; a restart reuses its channels', async () => {
  const replies: AgentMessage[] = [];
  const options = { url, ...owner, whatsappPort: 0, telegramPort: 0 };
  const first = await Simulator.start(options, (m) => replies.push(m));
  const { whatsapp: wa, telegram: tg } = first.channels;

  await first.whatsappText('+5215512345678', 'Hola, ¿tienen envío?');
  await first.whatsappImage('+5215512345678', 'Así llegó');
  await first.telegramText(1001, 'Oi! Quero comprar');
  const whatsappContact = await stored(wa.id, '5215512345678', 2);
  // Two webhooks, two inbound jobs: they may be stored in either order.
  assert.deepEqual(summary(whatsappContact.items).sort(), ['Hola, ¿tienen envío?', 'image']);
  const telegramContact = await stored(tg.id, '1001', 1);
  assert.deepEqual(summary(telegramContact.items), ['Oi! Quero comprar']);

  const sentId = await reply(whatsappContact.contactId, 'Sí, a todo México');
  await reply(telegramContact.contactId, 'Olá! Qual modelo?');
  await eventually(async () => replies.length >= 2, 10_000, 'both replies at the fakes');
  assert.deepEqual(
    replies.sort((a, b) => a.channel.localeCompare(b.channel)),
    [
      { channel: 'Telegram', to: '1001', text: 'Olá! Qual modelo?' },
      { channel: 'WhatsApp', to: '+5215512345678', text: 'Sí, a todo México' },
    ],
  );
  assert.equal(await first.status('read'), '+5215512345678');
  await eventually(async () => {
    const items = (await api('GET', `/api/v1/contacts/${whatsappContact.contactId}/messages`)).body.items as Timeline;
    return items.find((i) => i.id === sentId)?.status === 'read';
  }, 10_000, 'the reply read');

  // Restarted on the same ports: the same channels, the new Telegram fake given the webhook again.
  await first.close();
  const ports = { whatsappPort: Number(new URL(first.whatsapp.baseUrl).port), telegramPort: Number(new URL(first.telegram.url).port) };
  const second = await Simulator.start({ ...options, ...ports }, () => {});
  after(() => second.close());
  assert.deepEqual([second.channels.whatsapp.id, second.channels.telegram.id], [wa.id, tg.id]);
  await second.telegramPhoto(1001);
  await second.whatsappText('+5215512345678', 'Gracias');
  assert.deepEqual(summary((await stored(tg.id, '1001', 3)).items), ['image', 'Olá! Qual modelo?', 'Oi! Quero comprar']);
  assert.equal(summary((await stored(wa.id, '5215512345678', 4)).items)[0], 'Gracias');
  assert.equal((await api('GET', '/api/v1/channels')).body.items.length, 2);
});
