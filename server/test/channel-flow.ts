import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { messages, webhookReceipts } from '../src/db/schema.js';
import type { Conversa } from '../src/server.js';
import { contactIdOf, eventually } from './fixtures.js';
import { client, signupWorkspace } from './harness.js';

/**
 * What a channel's end-to-end test reads back once a fake provider has called our webhook or received our send: the
 * contact's messages through the API, our replies and the statuses they reach, and the webhook receipts stored.
 */

type Api = ReturnType<typeof client>;

/** A provider's sample file, from test/provider-fixtures/<provider>/. */
export const providerFixture = (provider: string, name: string) =>
  readFileSync(new URL(`./provider-fixtures/${provider}/${name}`, import.meta.url), 'utf8');

/** The fields of a fixture that is one request line (`GET /path?query`). */
export const fixtureQuery = (provider: string, name: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(providerFixture(provider, name).trim().split('?')[1]));

/** A new workspace whose owner connects a channel of `type` with `config`: the owner's client, and the channel's id and webhook URL. */
export async function connectChannel(server: Conversa, channel: { workspace: string; type: string; name: string; config: Record<string, unknown> }) {
  const { token, workspaceId } = await signupWorkspace(server, channel.workspace);
  const api = client(server, token);
  const res = await api('POST', '/api/v1/channels', { type: channel.type, name: channel.name, config: channel.config });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { api, token, workspaceId: Number(workspaceId), channelId: res.body.id as string, inboundUrl: res.body.inboundUrl as string };
}

/** The messages on a contact's timeline (its other events left out). */
export async function messagesOf(api: Api, contactId: string): Promise<any[]> {
  const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(res.status, 200);
  return (res.body.items as any[]).filter((item) => item.kind === 'message');
}

/** The contact `externalId` is on the channel, once the inbound job has stored `n` messages of theirs. */
export async function storedFrom(server: Conversa, api: Api, channelId: string, externalId: string, n = 1) {
  const contactId = await eventually(() => contactIdOf(server, Number(channelId), externalId).catch(() => undefined), 10_000, `contact ${externalId}`);
  const items = await eventually(async () => {
    const list = await messagesOf(api, contactId);
    return list.length >= n && list;
  }, 10_000, `${n} message(s) from ${externalId}`);
  return { contactId, items };
}

/** Messages and webhook receipts stored for a channel. */
export async function storedCounts(server: Conversa, channelId: string) {
  return {
    messages: (await server.ctx.db.select({ n: count() }).from(messages).where(eq(messages.channelId, Number(channelId))))[0]!.n,
    receipts: (await server.ctx.db.select({ n: count() }).from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(channelId))))[0]!.n,
  };
}

/** The channel's webhook receipts, once there are `n` and the inbound job has processed them all. */
export function receiptsProcessed(server: Conversa, channelId: string, n: number) {
  return eventually(async () => {
    const rows = await server.ctx.db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, Number(channelId)));
    return rows.length === n && rows.every((r) => r.processedAt) && rows;
  }, 15_000, `${n} receipts processed`);
}

/** An agent's reply (a text, or a whole message body: a template…); its message id. */
export async function reply(api: Api, contactId: string, message: string | Record<string, unknown>): Promise<string> {
  const res = await api('POST', `/api/v1/contacts/${contactId}/messages`, typeof message === 'string' ? { text: message } : message);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

export const messageById = async (api: Api, contactId: string, id: string) => (await messagesOf(api, contactId)).find((m) => m.id === id);

/** The message once it has reached `state` (its send job and the provider's statuses are asynchronous). */
export function settled(api: Api, contactId: string, id: string, state: string, ms = 15_000) {
  return eventually(async () => {
    const m = await messageById(api, contactId, id);
    return m?.status === state && m;
  }, ms, `message ${id} ${state}`);
}
