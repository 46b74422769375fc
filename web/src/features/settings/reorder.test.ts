import { describe, expect, it } from 'vitest';
import { moveItem, positionChanges, stepTarget, withPositions } from './reorder';

describe('moveItem', () => {
  it('moves an item up, down, to either end, and leaves the input alone', () => {
    const list = ['a', 'b', 'c', 'd'];
    expect(moveItem(list, 2, 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveItem(list, 0, 3)).toEqual(['b', 'c', 'd', 'a']);
    expect(moveItem(list, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });

  it('clamps the target and ignores an index outside the list', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 99)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, -5)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });
});

describe('stepTarget', () => {
  it('is null past either end', () => {
    expect(stepTarget(3, 0, -1)).toBeNull();
    expect(stepTarget(3, 2, 1)).toBeNull();
    expect(stepTarget(3, 1, -1)).toBe(0);
    expect(stepTarget(3, 1, 1)).toBe(2);
  });
});

describe('positionChanges', () => {
  it('renumbers 0..n-1 and only lists the items whose position changes', () => {
    const fields = [
      { id: 'a', position: 0 },
      { id: 'b', position: 1 },
      { id: 'c', position: 2 },
    ];
    expect(positionChanges(moveItem(fields, 2, 0))).toEqual([
      { id: 'c', position: 0 },
      { id: 'a', position: 1 },
      { id: 'b', position: 2 },
    ]);
    expect(positionChanges(moveItem(fields, 1, 2))).toEqual([
      { id: 'c', position: 1 },
      { id: 'b', position: 2 },
    ]);
    expect(positionChanges(fields)).toEqual([]);
  });

  it('separates ties and gaps (positions that are equal or sparse)', () => {
    const fields = [
      { id: 'a', position: 5 },
      { id: 'b', position: 5 },
      { id: 'c', position: 40 },
    ];
    expect(positionChanges(moveItem(fields, 1, 0))).toEqual([
      { id: 'b', position: 0 },
      { id: 'a', position: 1 },
      { id: 'c', position: 2 },
    ]);
  });

  it('withPositions gives the cache the same numbering', () => {
    expect(withPositions([{ id: 'x', position: 3 }, { id: 'y', position: 1 }])).toEqual([
      { id: 'x', position: 0 },
      { id: 'y', position: 1 },
    ]);
  });
});
