import { randomBytes } from 'node:crypto';
import { SendError, type ChannelAdapter } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { AppError, notFound } from '../../http/errors.js';
import { channelRemovalCodeMail } from '../../i18n/mails.js';
import { findWorkspace } from '../auth/auth.repo.js';
import { byActor } from '../conversations/contact-change.js';
import { CODE_TTL_MS, issueCode, redeemCode } from '../verification/codes.js';
import { findUser } from '../workspaces/users/users.repo.js';
import type { Actor } from '../visibility/actor.js';
import { authorize, authorizePerson } from '../visibility/policy.js';
import { inboundUrlOf, presentChannel } from './channel.presenter.js';
import * as repo from './channels.repo.js';

export type NewChannel = { type: string; name: string; config: Record<string, unknown> };
export type ChannelChanges = { name?: string; config?: Record<string, unknown> };

/** CH-1: connects a channel of a registered type; its webhook secret is generated here and returned once. */
export async function createChannel(ctx: Context, actor: Actor, input: NewChannel) {
  authorize(actor, 'settings.manage');
  const adapter = adapterFor(ctx, input.type);
  const config = validConfig(adapter, input.config);
  // Asked before anything is written: a wrong token is refused with nothing saved.
  await askProvider(() => adapter.checkCredentials?.(config, ctx.config.outboundTimeoutMs));
  return transact(ctx, async (uow) => {
    const channel = await repo.insertChannel(uow.tx, {
      workspaceId: actor.workspaceId,
      type: input.type,
      name: input.name,
      config,
      // HMAC keys are compared on our side, so the secret is stored as is (like a provider's app secret).
      secret: `cvh_${randomBytes(32).toString('base64url')}`,
      publicKey: adapter.capabilities.publicKey ? `cvw_${randomBytes(18).toString('base64url')}` : null,
    });
    await activate(ctx, adapter, channel);
    emitChannel(ctx, uow, 'channel.created', channel);
    return channel;
  });
}

export function listChannels(ctx: Context, actor: Actor) {
  return repo.listChannels(ctx.db, actor.workspaceId);
}

export async function getChannel(ctx: Context, actor: Actor, id: number) {
  const channel = await repo.findChannel(ctx.db, actor.workspaceId, id);
  if (!channel) throw notFound();
  return channel;
}

/** The webhook secret, shown again to those who manage channels (to configure the integration). */
export async function revealSecret(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  return (await getChannel(ctx, actor, id)).secret;
}

/**
 * Renames a channel or replaces its config (validated whole by the channel's adapter and checked with the provider).
 * New credentials that the provider accepts reconnect a disconnected channel.
 */
export async function updateChannel(ctx: Context, actor: Actor, id: number, changes: ChannelChanges) {
  authorize(actor, 'settings.manage');
  const current = await getChannel(ctx, actor, id);
  const adapter = ctx.channels.get(current.type);
  const config = changes.config && validConfig(adapter, changes.config);
  if (config) await askProvider(() => adapter.checkCredentials?.(config, ctx.config.outboundTimeoutMs));
  return transact(ctx, async (uow) => {
    const channel = await repo.lockChannel(uow.tx, actor.workspaceId, id);
    if (!channel) throw notFound();
    if (changes.name === undefined && config === undefined) return channel;
    const health = config && channel.status !== 'connected' ? { status: 'connected' as const, statusReason: null, statusChangedAt: new Date() } : {};
    const updated = await repo.updateChannel(uow.tx, channel.id, { name: changes.name, config, ...health });
    if (config) await activate(ctx, adapter, updated);
    emitChannel(ctx, uow, 'channel.updated', updated);
    return updated;
  });
}

/** CH-5: what removing the channel interrupts, and the phrase (its name) the admin types to confirm. */
export async function removalPreview(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  const channel = await repo.findChannel(ctx.db, actor.workspaceId, id);
  if (!channel) throw notFound();
  return { openConversations: await repo.countOpenConversations(ctx.db, channel), confirmationPhrase: channel.name };
}

/**
 * CH-5: mails the acting admin a one-time code to confirm the removal with (a new request replaces the last code).
 * Removal needs a person with a mailbox: API tokens are refused.
 */
export async function sendRemovalCode(ctx: Context, actor: Actor, id: number) {
  authorizePerson(actor, 'settings.manage');
  const channel = await repo.findChannel(ctx.db, actor.workspaceId, id);
  if (!channel) throw notFound();
  if (!ctx.mailer.ready) throw new AppError('mailer_not_configured');
  const [user, workspace] = await Promise.all([findUser(ctx.db, actor.workspaceId, actor.userId), findWorkspace(ctx.db, actor.workspaceId)]);
  const { code, expiresAt } = await issueCode(ctx, removalKey(actor.userId, channel.id));
  const mail = channelRemovalCodeMail(actor.locale, { channelName: channel.name, workspaceName: workspace!.name, code, minutes: CODE_TTL_MS / 60_000 });
  try {
    await ctx.mailer.send({ to: user!.email, ...mail });
  } catch (err) {
    ctx.log.error({ err }, 'removal code mail not sent');
    throw new AppError('mail_not_sent');
  }
  return { sentTo: maskEmail(user!.email), expiresAt: expiresAt.toISOString() };
}

/**
 * Removes a channel (CH-5) softly, once the admin typed its name and the code mailed to them: its contacts,
 * conversations and messages stay and point at it; its webhooks are answered and ignored, and sending on it fails
 * `channel_removed`. The event records who removed it (P6).
 */
export async function removeChannel(ctx: Context, actor: Actor, id: number, proof: { confirmation: string; code: string }) {
  authorizePerson(actor, 'settings.manage');
  const channel = await repo.findChannel(ctx.db, actor.workspaceId, id);
  if (!channel) throw notFound();
  if (proof.confirmation.trim() !== channel.name.trim()) {
    throw new AppError('validation_failed', [{ path: 'body.confirmation', message: 'type the channel name exactly' }]);
  }
  const redeemed = await redeemCode(ctx, removalKey(actor.userId, channel.id), proof.code);
  if (!redeemed.ok) throw new AppError('removal_code_invalid', { attemptsLeft: redeemed.attemptsLeft });
  await transact(ctx, async (uow) => {
    const locked = await repo.lockChannel(uow.tx, actor.workspaceId, id);
    if (!locked) throw notFound();
    const removed = await repo.updateChannel(uow.tx, locked.id, { removedAt: new Date() });
    emitChannel(ctx, uow, 'channel.removed', removed, { by: byActor(actor) });
  });
}

const removalKey = (userId: number, channelId: number) => ({ userId, purpose: 'channel.remove' as const, subjectId: channelId });

/** `o***@example.com`: enough for the admin to recognise their address on screen, not to read it off. */
function maskEmail(email: string) {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * CH-6: the provider refused the channel's credentials while we used them (an expired token): the channel is marked
 * disconnected and everyone in the workspace is told (`channel.updated`), so an admin reconnects it.
 */
export async function markDisconnected(ctx: Context, channelId: number, reason: string) {
  await transact(ctx, async (uow) => {
    const channel = await repo.lockChannelById(uow.tx, channelId);
    if (!channel || channel.removedAt || (channel.status === 'disconnected' && channel.statusReason === reason)) return;
    const updated = await repo.updateChannel(uow.tx, channel.id, { status: 'disconnected', statusReason: reason, statusChangedAt: new Date() });
    emitChannel(ctx, uow, 'channel.updated', updated);
  });
}

/** The channel's message templates as last synced (everyone who may reply sees them: the composer offers them). */
export async function listTemplates(ctx: Context, actor: Actor, channelId: number) {
  const channel = await getChannel(ctx, actor, channelId);
  return repo.listTemplates(ctx.db, channel.id);
}

/** Fetches the channel's templates from the provider and replaces the synced copy (Owner/Manager). */
export async function syncTemplates(ctx: Context, actor: Actor, channelId: number) {
  authorize(actor, 'settings.manage');
  const channel = await getChannel(ctx, actor, channelId);
  const adapter = ctx.channels.get(channel.type);
  if (!adapter.listTemplates) throw new AppError('not_supported');
  const templates = await adapter.listTemplates(channel, ctx.config.outboundTimeoutMs).catch((err: unknown) => {
    throw providerFailure(err);
  });
  await transact(ctx, async (uow) => {
    await repo.replaceTemplates(uow.tx, channel, templates, new Date());
    emitChannel(ctx, uow, 'channel.templates_synced', channel, { count: templates.length });
  });
  return repo.listTemplates(ctx.db, channel.id);
}

/** A provider call made for a user's request failed: bad credentials are the caller's to fix, the rest is the provider's. */
function providerFailure(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof SendError) {
    return err.credentialsRejected
      ? new AppError('channel_credentials_invalid', { provider: { code: err.code, message: err.message } })
      : new AppError('provider_unreachable', { provider: { code: err.code, message: err.message } });
  }
  throw err;
}

function emitChannel(ctx: Context, uow: Uow, type: string, channel: repo.ChannelRow, extra: Record<string, unknown> = {}) {
  uow.emit({
    workspaceId: channel.workspaceId,
    type,
    audience: { kind: 'workspace' },
    payload: { channel: presentChannel(channel, ctx.config.publicUrl, ctx.channels.get(channel.type)), ...extra },
  });
}

/**
 * Points the provider at the channel's webhook inside the transaction that saves it: refused, nothing is saved, and
 * the provider is never left pointing at a channel that does not exist.
 */
function activate(ctx: Context, adapter: ChannelAdapter, channel: repo.ChannelRow) {
  return askProvider(() => adapter.activate?.(channel, { url: inboundUrlOf(channel, ctx.config.publicUrl), secret: channel.secret }, ctx.config.outboundTimeoutMs));
}

/** A provider's refusal at connect time, for the admin to correct (422), or the provider out of reach (502). */
async function askProvider(call: () => Promise<void> | undefined) {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof SendError)) throw err;
    const provider = { code: err.code, message: err.message };
    if (err.kind === 'transient') throw new AppError('provider_unreachable', { provider });
    throw new AppError('channel_credentials_invalid', { provider });
  }
}

function adapterFor(ctx: Context, type: string): ChannelAdapter {
  const types = ctx.channels.types();
  if (!types.includes(type)) throw new AppError('validation_failed', [{ path: 'body.type', message: `must be one of: ${types.join(', ')}` }]);
  return ctx.channels.get(type);
}

function validConfig(adapter: ChannelAdapter, config: Record<string, unknown>): Record<string, unknown> {
  const parsed = adapter.configSchema.safeParse(config);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  throw new AppError(
    'validation_failed',
    parsed.error.issues.map((issue) => ({ path: ['body', 'config', ...issue.path.map(String)].join('.'), message: issue.message })),
  );
}
