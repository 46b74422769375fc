import type { Context } from '../../../context.js';
import { transact } from '../../../db/unit-of-work.js';
import { forbidden, notFound } from '../../../http/errors.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { Actor } from '../../visibility/actor.js';
import { authorize } from '../../visibility/policy.js';
import { presentApiToken } from './api-tokens.presenter.js';
import * as repo from './api-tokens.repo.js';

/** Shown in lists so a token can be recognised; the rest of the secret is never shown again. */
const PREFIX_LENGTH = 12;

/**
 * Tokens are managed by signed-in Owners and Managers only. An API token acts with a Manager's rights, but if it
 * could mint tokens, a leaked one could outlive its own revocation.
 */
function authorizeTokenAdmin(actor: Actor) {
  authorize(actor, 'settings.manage');
  if (actor.kind !== 'user') throw forbidden();
}

export async function createApiToken(ctx: Context, actor: Actor, name: string) {
  authorizeTokenAdmin(actor);
  const token = newToken('api');
  return transact(ctx, async ({ tx, emit }) => {
    const row = await repo.insertApiToken(tx, {
      workspaceId: actor.workspaceId,
      name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, PREFIX_LENGTH),
      createdBy: actor.userId,
    });
    const apiToken = presentApiToken(row);
    emit({ workspaceId: actor.workspaceId, type: 'api_token.created', audience: { kind: 'managers' }, payload: { apiToken } });
    return { ...apiToken, token };
  });
}

export async function listApiTokens(ctx: Context, actor: Actor) {
  authorizeTokenAdmin(actor);
  return (await repo.listActive(ctx.db, actor.workspaceId)).map(presentApiToken);
}

/** Every request resolves its token afresh, so a revoked token fails from the next request on. */
export async function revokeApiToken(ctx: Context, actor: Actor, tokenId: number) {
  authorizeTokenAdmin(actor);
  await transact(ctx, async ({ tx, emit }) => {
    const revoked = await repo.revoke(tx, actor.workspaceId, tokenId);
    if (!revoked) throw notFound();
    emit({ workspaceId: actor.workspaceId, type: 'api_token.revoked', audience: { kind: 'managers' }, payload: { apiTokenId: String(revoked.id) } });
  });
}
