import { inArray, or, sql, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema.js';
import type { Actor } from './actor.js';

/** The assignment state of a contact that visibility depends on. */
export type Assignment = { assigneeId: number | null; teamId: number | null };

/**
 * WS-3 in one place. `all` sees every contact; otherwise a contact is visible when it is assigned to one of
 * `assigneeIds` or to one of `teamIds`. The SQL fragment and the in-memory check both read this rule.
 */
export type VisibilityRule = { all: true } | { all: false; assigneeIds: number[]; teamIds: number[] };

export function visibilityRule(actor: Actor): VisibilityRule {
  if (actor.kind === 'api' || actor.role !== 'agent' || actor.visibility === 'all') return { all: true };
  if (actor.visibility === 'team') return { all: false, assigneeIds: actor.teammateIds, teamIds: actor.teamIds };
  return { all: false, assigneeIds: [actor.userId!], teamIds: [] };
}

/** For realtime fan-out and single-row checks. */
export function canSee(actor: Actor, assignment: Assignment): boolean {
  const rule = visibilityRule(actor);
  if (rule.all) return true;
  return (
    (assignment.assigneeId !== null && rule.assigneeIds.includes(assignment.assigneeId)) ||
    (assignment.teamId !== null && rule.teamIds.includes(assignment.teamId))
  );
}

/** For every query that lists or loads contacts: the list, counts, search, the single-contact routes. */
export function visibleContactsSql(actor: Actor): SQL {
  const rule = visibilityRule(actor);
  const inWorkspace = sql`${contacts.workspaceId} = ${actor.workspaceId}`;
  if (rule.all) return inWorkspace;
  return sql`${inWorkspace} and ${or(inArray(contacts.assigneeId, rule.assigneeIds), inArray(contacts.teamId, rule.teamIds))}`;
}
