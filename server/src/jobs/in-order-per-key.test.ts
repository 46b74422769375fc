import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInOrderPerKey } from './in-order-per-key.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('jobs sharing a key run one after another in order; other keys run side by side', async () => {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  // Handed over shuffled, as pg-boss does: `orderOf` (the digit) decides each key's order.
  const jobs = ['a3', 'b1', 'a1', 'c1', 'b2', 'a2'];
  const failures = await runInOrderPerKey(jobs, { orderOf: (job) => Number(job[1]), keysOf: (job) => [job[0]!], parallel: 8 }, async (job) => {
    most = Math.max(most, ++running);
    log.push(`start ${job}`);
    await tick();
    log.push(`end ${job}`);
    running--;
  });
  assert.deepEqual(failures, [undefined, undefined, undefined, undefined, undefined, undefined]);
  assert.equal(most, 3);
  for (const [earlier, later] of [['a1', 'a2'], ['a2', 'a3'], ['b1', 'b2']]) {
    assert.ok(log.indexOf(`end ${earlier}`) < log.indexOf(`start ${later}`), `${earlier} ends before ${later} starts`);
  }
});

test('a job that shares any key joins that group; the parallel limit holds', async () => {
  let running = 0;
  let most = 0;
  const order: string[] = [];
  const jobs = [{ id: 'x', keys: ['1'] }, { id: 'y', keys: ['2'] }, { id: 'both', keys: ['1', '2'] }, { id: 'z', keys: ['3'] }, { id: 'w', keys: ['4'] }];
  await runInOrderPerKey(jobs, { orderOf: (job) => jobs.indexOf(job), keysOf: (job) => job.keys, parallel: 2 }, async (job) => {
    most = Math.max(most, ++running);
    await tick();
    order.push(job.id);
    running--;
  });
  assert.equal(most, 2);
  assert.ok(order.indexOf('both') > order.indexOf('x') && order.indexOf('both') > order.indexOf('y'));
});

test("behind a failed job, its key's later jobs fail without running; other keys are untouched", async () => {
  const ran: string[] = [];
  // Failures come back by position in the batch as given, not in run order.
  const failures = await runInOrderPerKey(['a2', 'b1', 'a1'], { orderOf: (job) => Number(job[1]), keysOf: (job) => [job[0]!], parallel: 4 }, async (job) => {
    ran.push(job);
    if (job === 'a1') throw new Error('provider down');
  });
  assert.deepEqual(ran.sort(), ['a1', 'b1']);
  assert.match(failures[0]!.message, /earlier job about the same contact failed/);
  assert.equal(failures[1], undefined);
  assert.equal(failures[2]?.message, 'provider down');
});
