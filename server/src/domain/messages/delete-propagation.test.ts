import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiAdapter } from '../../channels/api/api.adapter.js';
import { createChannelRegistry } from '../../channels/registry.js';
import type { ChannelAdapter } from '../../channels/types.js';
import { messages } from '../../db/schema.js';
import { contactIdOf, eventually } from '../../../test/fixtures.js';
import { FakeIntegrator, inboundMessage, signWebhook } from '../../../test/fakes/api-integrator.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';

/**
 * IN-12 on a channel that can remove messages for the contact (as Telegram can within 48 hours): the deletion
 * reaches the adapter through the message-delete job; an older message is only marked deleted here.
 */
const removedForContact: string[] = [];
const deletable: ChannelAdapter = {
  ...(apiAdapter as ChannelAdapter),
  type: 'deletable',
  capabilities: { idempotentSend: true, deleteForContact: { maxAgeMs: 48 * 3_600_000 } },
  async deleteMessage(_channel, externalId) {
    removedForContact.push(externalId);
  },
};
const server = await startTestServer({ channels: createChannelRegistry([apiAdapter, deletable]) });
const fake = await FakeIntegrator.start();
after(() => fake.close());
const ws = await signupWorkspace(server, 'Delete');
const owner = client(server, ws.token);
const created = await owner('POST', '/api/v1/channels', { type: 'deletable', name: 'Deletable', config: { outboundUrl: fake.url } });
fake.useSecret(created.body.secret);
const channel = created.body as { id: string; secret: string };

async function sentMessage(externalId: string) {
  const body = JSON.stringify(inboundMessage(externalId, `in-${externalId}`, 'Hola'));
  const res = await server.app.inject({
    method: 'POST',
    url: `/webhooks/deletable/${channel.id}`,
    headers: { 'content-type': 'application/json', ...signWebhook(channel.secret, body) },
    payload: body,
  });
  assert.equal(res.statusCode, 200);
  const contactId = await eventually(() => contactIdOf(server, Number(channel.id), externalId).catch(() => undefined));
  const sent = await owner('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Borrar esto' });
  const delivered = await eventually(async () => {
    const [row] = await server.ctx.db.select().from(messages).where(eq(messages.id, Number(sent.body.id)));
    return row?.status === 'sent' ? row : undefined;
  });
  return { contactId, id: sent.body.id as string, externalId: delivered.externalId! };
}

test('IN-12 a recent message is removed for the contact through the channel', async () => {
  const m = await sentMessage('recent');
  const res = await owner('DELETE', `/api/v1/messages/${m.id}`);
  assert.equal(res.status, 200);
  await eventually(async () => removedForContact.includes(m.externalId), 8000, 'deleteMessage call');
  const event = (await owner('GET', `/api/v1/contacts/${m.contactId}/messages`)).body.items.find((i: any) => i.type === 'message_deleted');
  assert.equal(event.data.forContact, 'requested');
});

test('IN-12 past the channel limit the message is only marked deleted, and the timeline says why', async () => {
  const m = await sentMessage('old');
  await server.ctx.db.update(messages).set({ createdAt: new Date(Date.now() - 49 * 3_600_000) }).where(eq(messages.id, Number(m.id)));
  assert.equal((await owner('DELETE', `/api/v1/messages/${m.id}`)).status, 200);
  const event = (await owner('GET', `/api/v1/contacts/${m.contactId}/messages`)).body.items.find((i: any) => i.type === 'message_deleted');
  assert.equal(event.data.forContact, 'too_old');
  assert.ok(!removedForContact.includes(m.externalId));
});

