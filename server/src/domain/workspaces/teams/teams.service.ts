import type { Context } from '../../../context.js';
import { transact } from '../../../db/unit-of-work.js';
import { notFound } from '../../../http/errors.js';
import type { Actor } from '../../visibility/actor.js';
import { authorize } from '../../visibility/policy.js';
import { uniqueOr } from '../../../db/unique-or.js';
import * as invitationsRepo from '../invitations/invitations.repo.js';
import { emitTeamsUpdated, emitUsersUpdated, requireUsers } from '../membership.js';
import { presentTeam } from './teams.presenter.js';
import * as repo from './teams.repo.js';

/** Everyone sees the teams: they are assignment targets and inbox folders. */
export async function listTeams(ctx: Context, actor: Actor) {
  return (await repo.listTeams(ctx.db, actor.workspaceId)).map(presentTeam);
}

export async function createTeam(ctx: Context, actor: Actor, input: { name: string; memberIds: number[] }) {
  authorize(actor, 'settings.manage');
  return uniqueOr('teams_name_key', 'name_taken', () =>
    transact(ctx, async (uow) => {
      await requireUsers(uow.tx, actor.workspaceId, input.memberIds, 'memberIds');
      const team = await repo.insertTeam(uow.tx, actor.workspaceId, input.name);
      const change = await repo.setTeamMembers(uow.tx, actor.workspaceId, team.id, [...new Set(input.memberIds)]);
      await emitUsersUpdated(uow, actor, change.added);
      const [presented] = await emitTeamsUpdated(uow, actor.workspaceId, [team.id]);
      return presented!;
    }),
  );
}

export async function updateTeam(ctx: Context, actor: Actor, teamId: number, patch: { name?: string; memberIds?: number[] }) {
  authorize(actor, 'settings.manage');
  return uniqueOr('teams_name_key', 'name_taken', () =>
    transact(ctx, async (uow) => {
      const team = await repo.findTeam(uow.tx, actor.workspaceId, teamId);
      if (!team) throw notFound();
      if (patch.memberIds) await requireUsers(uow.tx, actor.workspaceId, patch.memberIds, 'memberIds');
      if (patch.name !== undefined) await repo.renameTeam(uow.tx, actor.workspaceId, team.id, patch.name);
      if (patch.memberIds) {
        const change = await repo.setTeamMembers(uow.tx, actor.workspaceId, team.id, [...new Set(patch.memberIds)]);
        await emitUsersUpdated(uow, actor, [...change.added, ...change.removed]);
      }
      const [presented] = await emitTeamsUpdated(uow, actor.workspaceId, [team.id]);
      return presented!;
    }),
  );
}

/** Contacts and conversations of the team lose it (ON DELETE SET NULL); pending invitations no longer join it. */
export async function deleteTeam(ctx: Context, actor: Actor, teamId: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async (uow) => {
    const [found] = await repo.listTeams(uow.tx, actor.workspaceId, [teamId]);
    if (!found) throw notFound();
    await repo.deleteTeam(uow.tx, actor.workspaceId, teamId);
    await invitationsRepo.removeTeamFromInvitations(uow.tx, actor.workspaceId, teamId);
    uow.emit({
      workspaceId: actor.workspaceId,
      type: 'team.updated',
      audience: { kind: 'workspace' },
      payload: { teamId: String(teamId), deleted: true },
    });
    await emitUsersUpdated(uow, actor, found.memberIds);
  });
}
