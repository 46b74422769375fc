import { describe, expect, it } from 'vitest';
import { inboxEntries, viewFromPath } from './views';

const counts = { all: 9, mine: 2, unassigned: 4, teams: { '1': 4, '2': 1 } };
const teams = [
  { id: '1', name: 'Ventas', memberIds: [] },
  { id: '2', name: 'Soporte', memberIds: [] },
];

describe('inboxEntries (IN-1)', () => {
  it('All, Mine, Unassigned, then the counted team inboxes by name', () => {
    const entries = inboxEntries({ role: 'manager', visibility: 'all' }, counts, teams);
    expect(entries.map((e) => [e.view, e.count])).toEqual([
      ['all', 9],
      ['mine', 2],
      ['unassigned', 4],
      ['team:2', 1],
      ['team:1', 4],
    ]);
  });

  it('an agent restricted to their own contacts sees only Mine', () => {
    const entries = inboxEntries({ role: 'agent', visibility: 'assigned' }, { ...counts, teams: {} }, teams);
    expect(entries.map((e) => e.view)).toEqual(['mine']);
  });

  it('only the teams the server counted for the user, even before the team names load', () => {
    const entries = inboxEntries({ role: 'agent', visibility: 'team' }, { ...counts, teams: { '1': 4 } }, undefined);
    expect(entries.filter((e) => e.kind === 'team').map((e) => [e.view, e.kind === 'team' && e.name])).toEqual([['team:1', null]]);
  });
});

describe('viewFromPath', () => {
  it('maps URL segments to API views and refuses anything else', () => {
    expect(viewFromPath(['mine'])).toBe('mine');
    expect(viewFromPath(['team', '12'])).toBe('team:12');
    expect(viewFromPath(['team', 'x'])).toBeNull();
    expect(viewFromPath(['other'])).toBeNull();
    expect(viewFromPath(['mine', 'extra', 'more'])).toBeNull();
  });
});
