import type { ChannelAdapter, ChannelRow, InboundContact } from '../../channels/types.js';
import { SendError } from '../../channels/types.js';
import type { Context } from '../../context.js';
import type { Attachment } from '../../db/schema.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { notFound } from '../../http/errors.js';
import type { JobRun } from '../../jobs/queue.js';
import { findChannel } from '../channels/channels.repo.js';
import { markDisconnected } from '../channels/channels.service.js';
import type { Actor } from '../visibility/actor.js';
import type { ContactRow } from './contact.presenter.js';
import * as repo from './contacts.repo.js';
import { announce } from './contacts.service.js';
import { contactSearchText } from './search-text.js';

/**
 * CT-1 "profile picture and display name from the channel", for channels whose events name the contact by an id only
 * (Messenger, Instagram): a job asks the provider's profile once, after the contact is created, and fills what the
 * contact still lacks. The picture is downloaded and stored, as providers' links to it expire within days.
 */

export type ProfileJob = { contactId: number; channelId: number; externalId: string };

/** Provider hiccups are retried for a few minutes, like media; a refusal (privacy, no consent) is final at once. */
const PROFILE_RETRY = { retryLimit: 5, retryDelay: 2, retryBackoff: true } as const;
/** Pictures browsers show from our origin without risk; anything else is not kept. */
const AVATAR_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const MAX_AVATAR_BYTES = 5 * 1_048_576;
/** The longest display name an agent may type (contacts.routes). */
const MAX_NAME_LENGTH = 200;

type StoredAvatar = NonNullable<Attachment['file']>;

const hasName = (contact: ContactRow) => Boolean(contact.firstName || contact.lastName || contact.displayName);

/** Called where a channel event creates a contact: without a name from the event, its profile is looked up later. */
export async function requestContactProfile(ctx: Context, uow: Uow, channel: ChannelRow, contactId: number, identity: InboundContact) {
  if (identity.name || !ctx.channels.get(channel.type).fetchProfile) return;
  const job: ProfileJob = { contactId, channelId: channel.id, externalId: identity.externalId };
  await uow.enqueue('contact-profile', job, PROFILE_RETRY);
}

/**
 * The profile job. The name fills the display name only while the contact has no name at all (a name an agent gave
 * meanwhile wins); the picture is stored if the contact has none. A refusal, a picture that cannot be had, or the last
 * try is logged and the job ends: the message was recorded long before and nothing else waits on this.
 */
export async function fetchContactProfile(ctx: Context, run: JobRun<ProfileJob>) {
  const { contactId, channelId, externalId } = run.data;
  const contact = await repo.findContact(ctx.db, contactId);
  const channel = contact && (await findChannel(ctx.db, contact.workspaceId, channelId));
  const adapter = channel && ctx.channels.get(channel.type);
  if (!contact || !channel || channel.status === 'disconnected' || !adapter?.fetchProfile) return;
  if (hasName(contact) && contact.avatarFile) return;
  let profile;
  try {
    profile = await adapter.fetchProfile(channel, externalId, ctx.config.outboundTimeoutMs);
  } catch (err) {
    return endUnlessRetried(ctx, run, channel, err, 'profile');
  }
  const avatar = profile.avatarMediaId && !contact.avatarFile ? await storeAvatar(ctx, run, channel, adapter, contact, profile.avatarMediaId) : undefined;
  const name = profile.name?.slice(0, MAX_NAME_LENGTH);
  await transact(ctx, async (uow) => {
    const current = await repo.findContact(uow.tx, contactId, { forUpdate: true });
    if (!current) return;
    const changes: Partial<repo.ContactInsert> = {};
    if (name && !hasName(current)) {
      changes.displayName = name;
      changes.searchText = contactSearchText({ ...current, displayName: name });
    }
    if (avatar && !current.avatarFile) changes.avatarFile = avatar;
    if (Object.keys(changes).length === 0) return;
    await announce(uow, 'contact.updated', await repo.updateContact(uow.tx, current.workspaceId, current.id, changes));
  });
}

/** Downloads the profile picture and stores it; undefined when it cannot be had or is not a picture we show. */
async function storeAvatar(ctx: Context, run: JobRun<ProfileJob>, channel: ChannelRow, adapter: ChannelAdapter, contact: ContactRow, mediaId: string) {
  if (!adapter.fetchMedia) return undefined;
  let file;
  try {
    file = await adapter.fetchMedia(channel, mediaId, ctx.config.outboundTimeoutMs);
  } catch (err) {
    await endUnlessRetried(ctx, run, channel, err, 'picture');
    return undefined;
  }
  const mimeType = file.mimeType.split(';')[0]!.trim().toLowerCase();
  if (!AVATAR_TYPES.has(mimeType) || file.body.length > MAX_AVATAR_BYTES) {
    ctx.log.info({ channelId: channel.id, contactId: contact.id, mimeType, size: file.body.length }, 'contact picture not kept: not an image we show');
    return undefined;
  }
  const stored = await ctx.files.put(contact.workspaceId, file.body);
  return { ...stored, mimeType } satisfies StoredAvatar;
}

/** A failed provider call: thrown again (pg-boss retries with back-off) while a retry may help, else logged. */
async function endUnlessRetried(ctx: Context, run: JobRun<ProfileJob>, channel: ChannelRow, err: unknown, what: 'profile' | 'picture') {
  const failure = err instanceof SendError ? err : new SendError('transient', 'network_error', (err as Error).message);
  if (failure.credentialsRejected) await markDisconnected(ctx, channel.id, failure.code);
  if (failure.kind !== 'permanent' && !failure.credentialsRejected && !run.lastAttempt) throw failure;
  ctx.log.info({ channelId: channel.id, contactId: run.data.contactId, code: failure.code, reason: failure.message }, `contact ${what} not available from the channel`);
}

/** The contact's stored picture (its `avatarUrl`), when the actor may see the contact. */
export async function openContactAvatar(ctx: Context, actor: Actor, contactId: number) {
  const contact = await repo.findVisibleContact(ctx.db, actor, contactId);
  const opened = contact?.avatarFile && (await ctx.files.open(contact.avatarFile.key));
  if (!contact?.avatarFile || !opened) throw notFound();
  return { ...opened, mimeType: contact.avatarFile.mimeType };
}
