import { startAddressOf } from '../../channels/start-address.js';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { transact } from '../../db/unit-of-work.js';
import { AppError, notFound } from '../../http/errors.js';
import { findChannel, listChannels } from '../channels/channels.repo.js';
import { byActor, recordContactChange, type TimelineDraft } from '../conversations/contact-change.js';
import { lockVisibleContact, type ContactRow } from '../conversations/conversations.repo.js';
import { findChannel as findAnyChannel, lockIdentity } from '../messages/messages.repo.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { presentContactChannels, type Candidate } from './contact-channel.presenter.js';
import * as repo from './contact-channels.repo.js';
import { findVisibleContact } from './contacts.repo.js';

const pairKey = (channelId: number, externalId: string) => `${channelId}:${externalId}`;

/**
 * CT-3 (and the composer's channel picker, IN-11): every working channel of the workspace as the contact sees it —
 * active (the contact has an identity there), inactive (the business can write first, at the contact's phone or email)
 * or unavailable (only the contact can start it, or the address is missing or another contact's).
 */
export async function listContactChannels(ctx: Context, actor: Actor, id: number) {
  const contact = await findVisibleContact(ctx.db, actor, id);
  if (!contact) throw notFound();
  const identities = await repo.listIdentities(ctx.db, id);
  const active = new Set(identities.map((i) => i.channel.id));
  const others = (await listChannels(ctx.db, contact.workspaceId)).filter((c) => !active.has(c.id) && c.status !== 'disconnected');
  const starts = others.map((channel) => ({ channel, start: startAddressOf(ctx.channels.get(channel.type), contact) }));
  const ready = starts.flatMap(({ channel, start }) => (start.kind === 'ready' ? [{ channelId: channel.id, externalId: start.externalId }] : []));
  const held = new Set((await repo.identitiesHeldByOthers(ctx.db, id, ready)).map((h) => pairKey(h.channelId, h.externalId)));
  const candidates: Candidate[] = starts.map(({ channel, start }) => ({
    channel,
    start,
    heldByOther: start.kind === 'ready' && held.has(pairKey(channel.id, start.externalId)),
  }));
  return { items: presentContactChannels(identities, candidates, (type) => ctx.channels.get(type), new Date()) };
}

/**
 * CT-3 "send first message": inside the send's transaction (the contact row locked), gives the contact an identity on
 * a channel they never used, at the address the channel's adapter derives from their phone or email. Refuses channels
 * only the contact can start, a missing address, and an address another contact holds there (the unique key stays
 * intact: the identity lock makes a concurrent inbound message from that address wait, or this wait for it).
 */
export async function startContactChannel(ctx: Context, tx: Executor, contact: ContactRow, channelId: number) {
  const channel = await findChannel(tx, contact.workspaceId, channelId);
  if (!channel) throw new AppError('no_channel');
  if (channel.status === 'disconnected') throw new AppError('channel_removed');
  const start = startAddressOf(ctx.channels.get(channel.type), contact);
  if (start.kind === 'contact_starts') throw new AppError('channel_not_startable', { channelType: channel.type });
  if (start.kind === 'missing') throw new AppError('contact_address_missing', { address: start.address });
  await lockIdentity(tx, channel.id, start.externalId);
  // The contact has no identity on this channel (else it would have been used), so whoever holds this one is another contact.
  if (await repo.identityTaken(tx, channel.id, start.externalId)) {
    throw new AppError('channel_address_in_use', { channelId: String(channel.id), address: start.address });
  }
  const identity = await repo.insertIdentity(tx, {
    workspaceId: contact.workspaceId,
    contactId: contact.id,
    channelId: channel.id,
    externalId: start.externalId,
  });
  /** IN-7 "new channel added", for the conversation the first message lands in. */
  const timeline = (conversationId: number): TimelineDraft => ({
    type: 'contact_channel_added',
    conversationId,
    data: { channelId: String(channel.id), channelType: channel.type, channelName: channel.name, externalId: identity.externalId },
  });
  return { identity: { channelId: channel.id, externalId: identity.externalId, lastInboundAt: null, usable: true }, timeline };
}

/**
 * CT-4: Owners and Managers take a channel off a contact (a phone number that changed hands). Its identities go; the
 * messages and conversations stay, still naming the channel. The next message from that address reaches the
 * workspace as a new contact, like any unknown sender. Recorded on the timeline with who removed it.
 */
export async function removeContactChannel(ctx: Context, actor: Actor, contactId: number, channelId: number) {
  authorize(actor, 'contact.channel.remove');
  await transact(ctx, async (uow) => {
    const visible = await findVisibleContact(uow.tx, actor, contactId);
    const identities = visible ? (await repo.listIdentities(uow.tx, contactId)).filter((i) => i.channel.id === channelId) : [];
    if (identities.length === 0) throw notFound();
    // Inbound ingestion takes the identity lock before the contact's: the same order here, so neither waits on the other forever.
    for (const { identity } of identities) await lockIdentity(uow.tx, channelId, identity.externalId);
    const contact = await lockVisibleContact(uow.tx, actor, contactId);
    if (!contact) throw notFound();
    const removed = await repo.deleteIdentities(uow.tx, contactId, channelId);
    if (removed.length === 0) throw notFound();
    const channel = (await findAnyChannel(uow.tx, channelId))!;
    const data = {
      channelId: String(channel.id),
      channelType: channel.type,
      channelName: channel.name,
      externalIds: removed.map((r) => r.externalId),
    };
    await recordContactChange(uow, contact, {}, byActor(actor), [{ type: 'contact_channel_removed', conversationId: contact.conversationId, data }], new Date());
  });
}

/**
 * After a send, the provider named the recipient differently from the address we sent to (WhatsApp answers with the
 * number's wa_id, and rewrites some Mexican and Brazilian numbers: +52 55… is wa_id 521 55…). The identity takes the
 * provider's name, so the contact's reply reaches this contact instead of starting a new one; unless another
 * identity already goes by it (another contact's: a duplicate, left for a merge).
 */
export async function adoptProviderAddress(tx: Executor, contactId: number, channelId: number, sentTo: string, providerId: string) {
  await lockIdentity(tx, channelId, providerId);
  if (await repo.identityTaken(tx, channelId, providerId)) return;
  await repo.renameIdentity(tx, contactId, channelId, sentTo, providerId);
}
