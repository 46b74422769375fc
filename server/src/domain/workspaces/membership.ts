import type { Executor } from '../../db/client.js';
import type { Uow } from '../../db/unit-of-work.js';
import { AppError } from '../../http/errors.js';
import { idString } from '../../http/ids.js';
import type { Actor } from '../visibility/actor.js';
import { presentTeam } from './teams/teams.presenter.js';
import { existingTeamIds, listTeams } from './teams/teams.repo.js';
import { presentMember } from './users/users.presenter.js';
import { existingUserIds, listMembers } from './users/users.repo.js';

// Team membership is edited from both sides (a user's teams, a team's members) and by invitations; the checks
// and the events it needs live here so the users and teams services do not depend on each other.

/** 422 naming each id in `ids` (the body field `field`) that is not a team of the workspace. */
export async function requireTeams(db: Executor, workspaceId: number, ids: number[], field: string) {
  const found = await existingTeamIds(db, workspaceId, ids);
  rejectMissing(ids, found, field, 'is not a team of this workspace');
}

/** 422 naming each id in `ids` (the body field `field`) that is not a user of the workspace. */
export async function requireUsers(db: Executor, workspaceId: number, ids: number[], field: string) {
  const found = await existingUserIds(db, workspaceId, ids);
  rejectMissing(ids, found, field, 'is not a user of this workspace');
}

function rejectMissing(ids: number[], found: number[], field: string, message: string) {
  const details = ids.flatMap((id, i) => (found.includes(id) ? [] : [{ path: `body.${field}.${i}`, message }]));
  if (details.length > 0) throw new AppError('validation_failed', details);
}

/** Who made a change, for the audit trail events carry (P6). */
export const changedBy = (actor: Actor) => ({ kind: actor.kind, userId: idString(actor.userId) });

/**
 * `user.updated` for each user, read after the change. The realtime layer re-resolves those users' socket actors
 * (role, visibility, teams) on it. Returns the presented users.
 */
export async function emitUsersUpdated(uow: Uow, actor: Actor, userIds: number[]) {
  if (userIds.length === 0) return [];
  const members = (await listMembers(uow.tx, actor.workspaceId, userIds)).map(presentMember);
  for (const user of members) {
    uow.emit({ workspaceId: actor.workspaceId, type: 'user.updated', audience: { kind: 'workspace' }, payload: { user, by: changedBy(actor) } });
  }
  return members;
}

/** `team.updated` for each team, read after the change. Returns the presented teams. */
export async function emitTeamsUpdated(uow: Uow, workspaceId: number, teamIds: number[]) {
  if (teamIds.length === 0) return [];
  const teams = (await listTeams(uow.tx, workspaceId, teamIds)).map(presentTeam);
  for (const team of teams) uow.emit({ workspaceId, type: 'team.updated', audience: { kind: 'workspace' }, payload: { team } });
  return teams;
}
