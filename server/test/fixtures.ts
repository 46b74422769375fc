import { and, eq } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SendError, type ChannelRow, type InboundEvent } from '../src/channels/types.js';
import { channels, contactChannels, teamMembers, teams, users } from '../src/db/schema.js';
import { createSession, hashPassword } from '../src/domain/auth/auth.service.js';
import { ingestInbound } from '../src/domain/messages/messages.service.js';
import type { Conversa } from '../src/server.js';
import { issueCode } from '../src/domain/verification/codes.js';
import { client, uniqueEmail } from './harness.js';

/** A user of a workspace with a session, made directly (invitation flows have their own tests). */
export async function addUser(
  server: Conversa,
  workspaceId: string,
  opts: { role?: 'owner' | 'manager' | 'agent'; visibility?: 'all' | 'team' | 'assigned'; name?: string } = {},
) {
  const [user] = await server.ctx.db
    .insert(users)
    .values({
      workspaceId: Number(workspaceId),
      email: uniqueEmail(opts.role ?? 'agent'),
      name: opts.name ?? `${opts.role ?? 'agent'} user`,
      passwordHash: await hashPassword('irrelevant-password'),
      role: opts.role ?? 'agent',
      visibility: opts.visibility ?? 'all',
    })
    .returning();
  const token = await createSession(server.ctx, server.ctx.db, user!);
  return { id: String(user!.id), token };
}

export async function addTeam(server: Conversa, workspaceId: string, name: string, memberIds: string[]) {
  const [team] = await server.ctx.db.insert(teams).values({ workspaceId: Number(workspaceId), name }).returning();
  if (memberIds.length > 0) {
    await server.ctx.db
      .insert(teamMembers)
      .values(memberIds.map((userId) => ({ workspaceId: Number(workspaceId), teamId: team!.id, userId: Number(userId) })));
  }
  return String(team!.id);
}

/** A channel row whose inbound events tests feed straight to the ingestion service. */
export async function addChannel(server: Conversa, workspaceId: string, type = 'api', config: Record<string, unknown> = {}) {
  const [channel] = await server.ctx.db
    .insert(channels)
    .values({ workspaceId: Number(workspaceId), type, name: `${type} channel`, config, secret: 'test-secret' })
    .returning();
  return channel!;
}

let seq = 0;
/** Records an inbound message as the channel's webhook job would; returns nothing (like a provider). */
export async function receive(
  server: Conversa,
  channel: Awaited<ReturnType<typeof addChannel>>,
  from: { externalId: string; name?: string; phone?: string },
  text = 'Hola',
  externalId = `ext-${process.pid}-${++seq}`,
) {
  const event: InboundEvent = { kind: 'message', externalId, contact: from, text };
  await ingestInbound(server.ctx, channel, [event]);
  return externalId;
}

export async function channelById(server: Conversa, id: number) {
  const [row] = await server.ctx.db.select().from(channels).where(eq(channels.id, id));
  return row!;
}

/** Polls `check` until it returns a truthy value (async work: jobs, realtime), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 8_000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The contact a channel identity belongs to. */
export async function contactIdOf(server: Conversa, channelId: number, externalId: string): Promise<string> {
  const [row] = await server.ctx.db
    .select({ contactId: contactChannels.contactId })
    .from(contactChannels)
    .where(and(eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, externalId)));
  return String(row!.contactId);
}

/** A connected channel row for testing an adapter alone (no database). */
export function channelRow(type: string, name: string, config: Record<string, unknown>, secret = 'cvh_adapter-test-secret'): ChannelRow {
  return {
    id: 1,
    workspaceId: 1,
    type,
    name,
    config,
    secret,
    status: 'connected',
    statusReason: null,
    statusChangedAt: null,
    lastWebhookAt: null,
    publicKey: null,
    createdAt: new Date(),
    removedAt: null,
  };
}

/** The SendError a provider call fails with (the test fails if it succeeds or throws anything else). */
export async function sendError(promise: Promise<unknown>): Promise<SendError> {
  const err = await promise.then(
    () => assert.fail('expected the send to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SendError, String(err));
  return err;
}

/** A multipart/form-data body (fields and one optional `file` part) for `server.app.inject`. */
export function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----conversa${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Removes a channel as an admin does (CH-5): confirmed with its name and a one-time code, here issued directly
 * instead of read from the mail (the mail itself is tested in channel-removal.test.ts).
 */
export async function removeChannel(server: Conversa, token: string, channelId: string) {
  const api = client(server, token);
  const me = (await api('GET', '/api/v1/auth/me')).body;
  const channel = (await api('GET', `/api/v1/channels/${channelId}`)).body;
  const { code } = await issueCode(server.ctx, { userId: Number(me.actor.userId), purpose: 'channel.remove', subjectId: Number(channelId) });
  return api('DELETE', `/api/v1/channels/${channelId}`, { confirmation: channel.name, code });
}
