import type { Context } from '../../../context.js';
import { transact } from '../../../db/unit-of-work.js';
import { AppError, notFound } from '../../../http/errors.js';
import type { Locale } from '../../../i18n/locale.js';
import type { Actor, ContactVisibility, Role } from '../../visibility/actor.js';
import { authorize } from '../../visibility/policy.js';
import { changedBy, emitTeamsUpdated, emitUsersUpdated, requireTeams } from '../membership.js';
import * as teamsRepo from '../teams/teams.repo.js';
import { presentMember } from './users.presenter.js';
import * as repo from './users.repo.js';

/** Everyone in the workspace sees its users: agents pick assignees from this list. */
export async function listUsers(ctx: Context, actor: Actor) {
  return (await repo.listMembers(ctx.db, actor.workspaceId)).map(presentMember);
}

export type UserPatch = {
  name?: string;
  role?: Role;
  visibility?: ContactVisibility;
  teamIds?: number[];
  language?: Locale | null;
};

/**
 * A user edits their own name and language; role, visibility and teams, and anything about someone else, are
 * settings.manage. Only an Owner changes an Owner or makes one, and the last Owner keeps the role.
 */
export async function updateUser(ctx: Context, actor: Actor, userId: number, patch: UserPatch) {
  return transact(ctx, async (uow) => {
    const { tx } = uow;
    const target = await repo.findUser(tx, actor.workspaceId, userId);
    if (!target) throw notFound();
    const self = actor.kind === 'user' && actor.userId === target.id;
    const adminChange = patch.role !== undefined || patch.visibility !== undefined || patch.teamIds !== undefined;
    if (adminChange || !self) authorize(actor, 'settings.manage');
    if (target.role === 'owner' || patch.role === 'owner') authorize(actor, 'workspace.owner');

    if (target.role === 'owner' && patch.role !== undefined && patch.role !== 'owner') {
      const owners = await repo.lockOwnerIds(tx, actor.workspaceId);
      if (!owners.some((id) => id !== target.id)) throw new AppError('last_owner');
    }
    const { teamIds, ...changes } = patch;
    if (teamIds) await requireTeams(tx, actor.workspaceId, teamIds, 'teamIds');
    await repo.updateUser(tx, actor.workspaceId, target.id, changes);
    let changedTeams: number[] = [];
    if (teamIds) {
      const change = await teamsRepo.setUserTeams(tx, actor.workspaceId, target.id, [...new Set(teamIds)]);
      changedTeams = [...change.added, ...change.removed];
    }
    await emitTeamsUpdated(uow, actor.workspaceId, changedTeams);
    const [user] = await emitUsersUpdated(uow, actor, [target.id]);
    return user!;
  });
}

/**
 * Removes a user from the workspace. Their sessions and team memberships go with them; contacts and
 * conversations assigned to them become unassigned (foreign keys ON DELETE SET NULL).
 * The last Owner is safe without a check: deleting an Owner takes an Owner, who cannot delete themselves.
 */
export async function deleteUser(ctx: Context, actor: Actor, userId: number) {
  authorize(actor, 'settings.manage');
  if (actor.userId === userId) throw new AppError('cannot_delete_self');
  await transact(ctx, async (uow) => {
    const { tx } = uow;
    const target = await repo.findUser(tx, actor.workspaceId, userId);
    if (!target) throw notFound();
    if (target.role === 'owner') authorize(actor, 'workspace.owner');
    const teamIds = await teamsRepo.teamIdsOfUser(tx, target.id);
    await repo.deleteUser(tx, actor.workspaceId, target.id);
    await emitTeamsUpdated(uow, actor.workspaceId, teamIds);
    // Same event as an edit, so the realtime layer's re-resolution drops the deleted user's sockets.
    uow.emit({
      workspaceId: actor.workspaceId,
      type: 'user.updated',
      audience: { kind: 'workspace' },
      payload: { userId: String(target.id), deleted: true, by: changedBy(actor) },
    });
  });
}
