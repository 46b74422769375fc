import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../visibility/actor.js';
import { newMessageInbox } from './new-message-inbox.js';

const agent: Actor = {
  kind: 'user',
  workspaceId: 1,
  userId: 10,
  role: 'agent',
  visibility: 'all',
  teamIds: [7, 8],
  teammateIds: [10, 11],
  locale: 'en',
  tokenKey: 'user:10',
};
const integration: Actor = { ...agent, kind: 'api', userId: null, role: 'manager', teamIds: [], teammateIds: [], tokenKey: 'api:1' };

test('IN-3 assigned to the user lights Mine, even when the contact is also in one of their teams', () => {
  assert.equal(newMessageInbox(agent, { assigneeId: 10, teamId: null }), 'mine');
  assert.equal(newMessageInbox(agent, { assigneeId: 10, teamId: 7 }), 'mine');
});

test("IN-3 the user's team lights that team inbox, whoever the assignee is", () => {
  assert.equal(newMessageInbox(agent, { assigneeId: null, teamId: 8 }), 'team:8');
  assert.equal(newMessageInbox(agent, { assigneeId: 11, teamId: 7 }), 'team:7');
});

test('IN-3 no assignee and no team of the user lights Unassigned', () => {
  assert.equal(newMessageInbox(agent, { assigneeId: null, teamId: null }), 'unassigned');
  assert.equal(newMessageInbox(agent, { assigneeId: null, teamId: 99 }), 'unassigned');
});

test('IN-3 assigned to someone else outside the user’s teams lights All', () => {
  assert.equal(newMessageInbox(agent, { assigneeId: 11, teamId: null }), 'all');
  assert.equal(newMessageInbox(agent, { assigneeId: 12, teamId: 99 }), 'all');
});

test('IN-3 an API token has no Mine or team inbox', () => {
  assert.equal(newMessageInbox(integration, { assigneeId: null, teamId: 7 }), 'unassigned');
  assert.equal(newMessageInbox(integration, { assigneeId: 10, teamId: 7 }), 'all');
});
