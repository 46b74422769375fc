/** Reordering of settings lists (closing-note categories, custom fields). Pure: tested in reorder.test.ts. */

/** A copy of `list` with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(to, out.length - 1));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item as T);
  return out;
}

/** Where an item goes one step up (-1) or down (+1); null at either end. */
export function stepTarget(length: number, index: number, step: -1 | 1): number | null {
  const target = index + step;
  return target < 0 || target >= length ? null : target;
}

/**
 * For lists sorted by a free `position` value (custom fields: ordered by position, then id): the position
 * changes that make `ordered` the stored order, numbering 0..n-1 and leaving items already in place alone.
 */
export function positionChanges<T extends { id: string; position: number }>(ordered: readonly T[]): { id: string; position: number }[] {
  return ordered.flatMap((item, index) => (item.position === index ? [] : [{ id: item.id, position: index }]));
}

/** `ordered` with each item's `position` set to its index (for an optimistic cache update). */
export function withPositions<T extends { position: number }>(ordered: readonly T[]): T[] {
  return ordered.map((item, index) => (item.position === index ? item : { ...item, position: index }));
}
