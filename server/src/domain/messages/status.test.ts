import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextStatus, type MessageStatus, type ReportedStatus } from './status.js';

const t = new Date('2026-01-01T00:00:00Z');
function run(start: MessageStatus, reports: ReportedStatus[]) {
  let state = { status: start, statusTimes: {} };
  for (const r of reports) state = nextStatus(state, r, t);
  return state.status;
}

test('IN-6 statuses never move backwards, whatever order they arrive in', () => {
  assert.equal(run('pending', ['sent', 'delivered', 'read']), 'read');
  assert.equal(run('pending', ['read', 'delivered', 'sent']), 'read');
  assert.equal(run('pending', ['delivered', 'sent']), 'delivered');
  assert.equal(run('sent', ['read', 'read', 'delivered']), 'read');
});

test('failed is terminal, but does not undo a delivery', () => {
  assert.equal(run('pending', ['failed', 'delivered', 'read']), 'failed');
  assert.equal(run('sent', ['failed']), 'failed');
  assert.equal(run('sent', ['delivered', 'failed']), 'delivered');
});

test('the time of each step is kept, even when it arrives late', () => {
  const late = nextStatus({ status: 'read', statusTimes: { read: 'x' } }, 'delivered', t);
  assert.equal(late.status, 'read');
  assert.equal(late.statusTimes.delivered, t.toISOString());
  assert.equal(late.changed, true);
  const again = nextStatus(late, 'delivered', new Date());
  assert.equal(again.changed, false);
});
