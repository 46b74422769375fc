import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { presentWorkspace } from '../auth/auth.presenter.js';
import { findWorkspace } from '../auth/auth.repo.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import * as repo from './workspace.repo.js';

export async function getWorkspace(ctx: Context, actor: Actor) {
  return presentWorkspace((await findWorkspace(ctx.db, actor.workspaceId))!);
}

/** WS-1 general settings (Owner/Manager). */
export async function updateWorkspace(ctx: Context, actor: Actor, changes: repo.WorkspaceChanges) {
  authorize(actor, 'settings.manage');
  return transact(ctx, async ({ tx, emit }) => {
    // `set` needs at least one column; an empty patch still answers with the current settings.
    const row = Object.values(changes).some((v) => v !== undefined)
      ? await repo.updateWorkspace(tx, actor.workspaceId, changes)
      : (await findWorkspace(tx, actor.workspaceId))!;
    const workspace = presentWorkspace(row);
    emit({ workspaceId: actor.workspaceId, type: 'workspace.updated', audience: { kind: 'workspace' }, payload: { workspace } });
    return workspace;
  });
}
