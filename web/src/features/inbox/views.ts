import type { Actor, InboxCounts, InboxView, Team } from '../../api/types';

export type InboxEntry = { view: InboxView; count: number } & ({ kind: 'standard'; id: 'all' | 'mine' | 'unassigned' } | { kind: 'team'; teamId: string; name: string | null });

/**
 * The inboxes a user may open, with their open-conversation counts (IN-1): All, Mine, Unassigned (only Mine
 * for an agent restricted to their own contacts), then one per team inbox the server counted for them
 * (all teams for Owners/Managers, their own teams for agents), sorted by name.
 */
export function inboxEntries(actor: Pick<Actor, 'role' | 'visibility'>, counts: InboxCounts, teams: Team[] | undefined): InboxEntry[] {
  const onlyMine = actor.role === 'agent' && actor.visibility === 'assigned';
  const standard: InboxEntry[] = (onlyMine ? (['mine'] as const) : (['all', 'mine', 'unassigned'] as const)).map((id) => ({
    kind: 'standard',
    id,
    view: id,
    count: counts[id],
  }));
  const names = new Map((teams ?? []).map((t) => [t.id, t.name]));
  const team = Object.entries(counts.teams)
    .map(([teamId, count]) => ({ teamId, count, name: names.get(teamId) ?? null }))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))
    .map(({ teamId, count, name }): InboxEntry => ({ kind: 'team', teamId, name, view: `team:${teamId}`, count }));
  return [...standard, ...team];
}

/** The API view for the URL segments under /inbox (`mine`, `team/7`); null when they name no inbox. */
export function viewFromPath(segments: string[]): InboxView | null {
  const [first, second, ...rest] = segments;
  if (rest.length) return null;
  if (!second && (first === 'all' || first === 'mine' || first === 'unassigned')) return first;
  if (first === 'team' && second && /^\d{1,15}$/.test(second)) return `team:${second}`;
  return null;
}
