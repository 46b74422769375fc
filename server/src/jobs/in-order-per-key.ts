/**
 * Runs a batch of jobs side by side, except that jobs sharing a key (a contact) run one after another in the order
 * `orderOf` gives (the batch itself may come in any order), so that contact's messages keep their order. Behind a
 * failed job its key's later jobs fail too without running: run now, they would overtake it. Returns each job's
 * failure (or undefined), by its position in `jobs`.
 */
export async function runInOrderPerKey<T>(
  jobs: T[],
  how: { orderOf: (job: T) => number; keysOf: (job: T) => string[]; parallel: number },
  run: (job: T) => Promise<void>,
): Promise<(Error | undefined)[]> {
  const failures: (Error | undefined)[] = jobs.map(() => undefined);
  const ordered = jobs.map((_, i) => i).sort((a, b) => how.orderOf(jobs[a]!) - how.orderOf(jobs[b]!));
  const groups = sameKeyGroups(ordered.map((i) => how.keysOf(jobs[i]!)));
  await inParallel(groups, how.parallel, async (group) => {
    let failed = false;
    for (const i of group.map((position) => ordered[position]!)) {
      if (failed) {
        failures[i] = new Error('an earlier job about the same contact failed; retried after it');
        continue;
      }
      try {
        await run(jobs[i]!);
      } catch (err) {
        failures[i] = err instanceof Error ? err : new Error(String(err));
        failed = true;
      }
    }
  });
  return failures;
}

/** Positions grouped so that items sharing a key are in one group, each group in position order (union-find). */
function sameKeyGroups(keys: string[][]): number[][] {
  const parent = keys.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const firstWith = new Map<string, number>();
  keys.forEach((list, i) => {
    for (const key of list) {
      const seen = firstWith.get(key);
      if (seen === undefined) firstWith.set(key, i);
      else parent[root(i)] = root(seen);
    }
  });
  const groups = new Map<number, number[]>();
  keys.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  return [...groups.values()];
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
