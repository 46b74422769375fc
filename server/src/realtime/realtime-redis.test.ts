import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { listen, signupWorkspace, startTestServer, testDatabase } from '../../test/harness.js';
import { addTeam, addUser, connect, contactEvent, emit, workspaceEvent } from './test-support.js';

const enabled = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);

test('two nodes on one database: a socket on node B hears, filtered, what node A commits', async (t) => {
  if (!enabled) return t.skip('needs REDIS_URL and DATABASE_URL');
  const database = await testDatabase();
  const config = { REDIS_URL: process.env.REDIS_URL! };
  const nodeA = await startTestServer({ database, config });
  const nodeB = await startTestServer({ database, config });
  // Registered after the nodes' own closing hooks, which run first.
  after(() => database.close());
  const baseB = await listen(nodeB);

  const owner = await signupWorkspace(nodeA);
  const workspaceId = Number(owner.workspaceId);
  const sales = await addTeam(nodeA, workspaceId, 'Sales');
  const agent = await addUser(nodeA, workspaceId, { visibility: 'team', teamIds: [sales] });
  const [ownerSocket, agentSocket] = [await connect(baseB, { token: owner.token }), await connect(baseB, { token: agent.token })];

  await emit(nodeA, workspaceId, contactEvent('sales', { assigneeId: null, teamId: sales }));
  await emit(nodeA, workspaceId, contactEvent('unassigned', { assigneeId: null, teamId: null }));
  await emit(nodeB, workspaceId, workspaceEvent('end'));
  await Promise.all([ownerSocket.untilLabel('end'), agentSocket.untilLabel('end')]);
  assert.deepEqual(ownerSocket.labels(), ['sales', 'unassigned', 'end']);
  assert.deepEqual(agentSocket.labels(), ['sales', 'end']);
  [ownerSocket, agentSocket].forEach((s) => s.close());
});
