import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { contactChannels } from '../../db/schema.js';
import { contactIdOf, eventually, removeChannel } from '../../../test/fixtures.js';
import { connectApiChannel, FakeIntegrator, inboundMessage, postWebhook } from '../../../test/fakes/api-integrator.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';

const server = await startTestServer();
const ws = await signupWorkspace(server, 'Messages');
const owner = client(server, ws.token);
const shop = await FakeIntegrator.start();
const backup = await FakeIntegrator.start();
after(() => Promise.all([shop.close(), backup.close()]));
const shopChannel = await connectApiChannel(owner, shop, 'Shop');
const backupChannel = await connectApiChannel(owner, backup, 'Backup');

let n = 0;
async function inboundContact() {
  const externalId = `buyer-${++n}`;
  assert.equal((await postWebhook(server, shopChannel, inboundMessage(externalId, `in-${n}`, 'Hola'))).status, 200);
  const contactId = await eventually(async () => {
    try {
      return await contactIdOf(server, Number(shopChannel.id), externalId);
    } catch {
      return undefined;
    }
  });
  return { contactId, externalId };
}
const message = async (contactId: string, id: string) =>
  (await owner('GET', `/api/v1/contacts/${contactId}/messages`)).body.items.find((i: any) => i.id === id);

test('API-2 Idempotency-Key on send: a retried request sends once; the key with another body is 422', async () => {
  const { contactId } = await inboundContact();
  const key = { 'idempotency-key': `send-${n}` };
  const first = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Su pedido salió hoy' }, key);
  const again = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Su pedido salió hoy' }, key);
  assert.equal(first.status, 201);
  assert.equal(again.status, 201);
  assert.equal(again.body.id, first.body.id);
  const other = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Otro texto' }, key);
  assert.equal(other.status, 422);
  assert.equal(other.body.error.code, 'idempotency_key_reused');
  await eventually(async () => (await message(contactId, first.body.id))?.status === 'sent', 8000, 'sent');
  assert.equal(shop.deliveries.filter((d) => d.body.messageId === first.body.id).length, 1);
  const outbound = (await owner('GET', `/api/v1/contacts/${contactId}/messages`)).body.items.filter((i: any) => i.direction === 'out');
  assert.equal(outbound.length, 1);
});

test('CH-5 a contact whose last channel was removed is answered on its other channel; with none left, 422', async () => {
  const { contactId } = await inboundContact();
  await server.ctx.db.insert(contactChannels).values({
    workspaceId: Number(ws.workspaceId),
    contactId: Number(contactId),
    channelId: Number(backupChannel.id),
    externalId: `backup-${n}`,
  });
  assert.equal((await removeChannel(server, ws.token, shopChannel.id)).status, 204);
  const sent = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Seguimos por aquí' });
  assert.equal(sent.status, 201);
  await eventually(async () => backup.deliveries.find((d) => d.body.messageId === sent.body.id), 8000, 'backup delivery');
  assert.equal(backup.deliveries.find((d) => d.body.messageId === sent.body.id)!.body.contact.externalId, `backup-${n}`);
  const explicit = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'x', channelId: shopChannel.id });
  assert.equal(explicit.status, 422);
  assert.equal(explicit.body.error.code, 'channel_removed');
  assert.equal((await removeChannel(server, ws.token, backupChannel.id)).status, 204);
  const none = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'x' });
  assert.equal(none.body.error.code, 'channel_removed');
});
