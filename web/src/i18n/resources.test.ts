import { describe, expect, it } from 'vitest';
import en from './en.json';
import es from './es.json';
import ptBR from './pt-BR.json';

type Tree = { [key: string]: string | Tree };

/** Flattened keys with plural suffixes folded (`count_one`, `count_many` → `count`), to their values. */
function flatten(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else {
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    }
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const languages = { es, 'pt-BR': ptBR } as Record<string, Tree>;
const reference = flatten(en as Tree);

describe('translations', () => {
  for (const [code, tree] of Object.entries(languages)) {
    it(`${code} has exactly the English keys, each with the same {{variables}} and no empty text`, () => {
      const keys = flatten(tree);
      expect([...keys.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, values] of keys) {
        for (const value of values) {
          expect(value.trim(), `${code} ${key}`).not.toBe('');
          // Every {{variable}} is one English has (a `_zero` form may leave the count out).
          const known = new Set(reference.get(key)!.flatMap(variables));
          for (const v of variables(value)) expect(known.has(v), `${code} ${key} {{${v}}}`).toBe(true);
        }
      }
    });
  }

  it('plural keys have the forms each language needs', () => {
    const plurals = (tree: Tree) => JSON.stringify(tree).match(/"[\w.]+_(one|many|other)"/g) ?? [];
    expect(plurals(en as Tree).some((k) => k.endsWith('_other"'))).toBe(true);
    for (const tree of [es, ptBR] as Tree[]) {
      // Spanish and Portuguese use "many" for round millions (CLDR): give it the "other" text.
      const list = plurals(tree);
      for (const key of list.filter((k) => k.endsWith('_other"'))) expect(list).toContain(key.replace('_other"', '_many"'));
    }
  });
});
