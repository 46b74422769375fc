import type { Actor } from '../visibility/actor.js';
import type { Assignment } from '../visibility/visibility.js';

/** The inbox whose new-message dot lights: a standard inbox, or a team inbox by team id. */
export type NewMessageInbox = 'mine' | `team:${number}` | 'unassigned' | 'all';

/**
 * IN-3: a new inbound message lights only the most specific inbox that holds the contact for this user,
 * in the order Mine > Team > Unassigned > All.
 */
export function newMessageInbox(actor: Actor, assignment: Assignment): NewMessageInbox {
  if (assignment.assigneeId !== null && assignment.assigneeId === actor.userId) return 'mine';
  if (assignment.teamId !== null && actor.teamIds.includes(assignment.teamId)) return `team:${assignment.teamId}`;
  if (assignment.assigneeId === null) return 'unassigned';
  return 'all';
}
