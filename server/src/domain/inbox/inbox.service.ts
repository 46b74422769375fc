import type { Context } from '../../context.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../visibility/actor.js';
import { presentInboxRow } from './inbox.presenter.js';
import * as repo from './inbox.repo.js';

/** IN-1: which team inboxes an actor may open. Managers: all; agents: their own teams, unless restricted to their own contacts. */
async function viewableTeamIds(ctx: Context, actor: Actor): Promise<number[]> {
  if (actor.role !== 'agent' || actor.kind === 'api') return repo.workspaceTeamIds(ctx.db, actor.workspaceId);
  return actor.visibility === 'assigned' ? [] : actor.teamIds;
}

export async function listInbox(ctx: Context, actor: Actor, query: repo.InboxQuery) {
  if (query.view.kind === 'team') {
    const teamId = query.view.teamId;
    const allTeams = await repo.workspaceTeamIds(ctx.db, actor.workspaceId);
    if (!allTeams.includes(teamId)) throw new AppError('not_found');
    if (!(await viewableTeamIds(ctx, actor)).includes(teamId)) throw new AppError('forbidden');
  }
  const { rows, nextCursor } = await repo.listInbox(ctx.db, actor, query);
  return { items: rows.map(presentInboxRow), nextCursor };
}

/** IN-3: open conversations per standard and team inbox, from one grouped query. */
export async function inboxCounts(ctx: Context, actor: Actor) {
  const [groups, teamIds] = await Promise.all([repo.countOpen(ctx.db, actor), viewableTeamIds(ctx, actor)]);
  const teams: Record<string, number> = Object.fromEntries(teamIds.map((id) => [String(id), 0]));
  let all = 0;
  let mine = 0;
  let unassigned = 0;
  for (const g of groups) {
    all += g.n;
    if (g.mine) mine += g.n;
    if (g.unassigned) unassigned += g.n;
    if (g.teamId !== null && String(g.teamId) in teams) teams[String(g.teamId)]! += g.n;
  }
  return { all, mine, unassigned, teams };
}
