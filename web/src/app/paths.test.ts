import { describe, expect, it } from 'vitest';
import { inboxPath, safeNext } from './paths';

describe('paths', () => {
  it('inbox URLs for API views', () => {
    expect(inboxPath('unassigned')).toBe('/inbox/unassigned');
    expect(inboxPath('team:7')).toBe('/inbox/team/7');
  });

  it('after login, only follows paths of this app', () => {
    expect(safeNext('/settings')).toBe('/settings');
    expect(safeNext('/inbox/mine?x=1')).toBe('/inbox/mine?x=1');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login']) expect(safeNext(bad)).toBe('/inbox');
  });
});
