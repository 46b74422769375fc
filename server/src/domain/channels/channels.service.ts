import { randomBytes } from 'node:crypto';
import type { ChannelAdapter } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { AppError, notFound } from '../../http/errors.js';
import { byActor } from '../conversations/contact-change.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { presentChannel } from './channel.presenter.js';
import * as repo from './channels.repo.js';

export type NewChannel = { type: string; name: string; config: Record<string, unknown> };
export type ChannelChanges = { name?: string; config?: Record<string, unknown> };

/** CH-1: connects a channel of a registered type; its webhook secret is generated here and returned once. */
export async function createChannel(ctx: Context, actor: Actor, input: NewChannel) {
  authorize(actor, 'settings.manage');
  const config = validConfig(adapterFor(ctx, input.type), input.config);
  return transact(ctx, async (uow) => {
    const channel = await repo.insertChannel(uow.tx, {
      workspaceId: actor.workspaceId,
      type: input.type,
      name: input.name,
      config,
      // HMAC keys are compared on our side, so the secret is stored as is (like a provider's app secret).
      secret: `cvh_${randomBytes(32).toString('base64url')}`,
    });
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

/** Renames a channel or replaces its config (validated whole by the channel's adapter). */
export async function updateChannel(ctx: Context, actor: Actor, id: number, changes: ChannelChanges) {
  authorize(actor, 'settings.manage');
  return transact(ctx, async (uow) => {
    const channel = await repo.lockChannel(uow.tx, actor.workspaceId, id);
    if (!channel) throw notFound();
    const config = changes.config && validConfig(ctx.channels.get(channel.type), changes.config);
    if (changes.name === undefined && config === undefined) return channel;
    const updated = await repo.updateChannel(uow.tx, channel.id, { name: changes.name, config });
    emitChannel(ctx, uow, 'channel.updated', updated);
    return updated;
  });
}

/**
 * Removes a channel (CH-5) softly: its contacts, conversations and messages stay and point at it; its webhooks are
 * refused and sending on it fails `channel_removed`. The event records who removed it (P6).
 */
export async function removeChannel(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async (uow) => {
    const channel = await repo.lockChannel(uow.tx, actor.workspaceId, id);
    if (!channel) throw notFound();
    const removed = await repo.updateChannel(uow.tx, channel.id, { removedAt: new Date() });
    emitChannel(ctx, uow, 'channel.removed', removed, { by: byActor(actor) });
  });
}

function emitChannel(ctx: Context, uow: Uow, type: string, channel: repo.ChannelRow, extra: Record<string, unknown> = {}) {
  uow.emit({
    workspaceId: channel.workspaceId,
    type,
    audience: { kind: 'workspace' },
    payload: { channel: presentChannel(channel, ctx.config.publicUrl), ...extra },
  });
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
