import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addChannel, addTeam, addUser, contactIdOf, receive } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';

const server = await startTestServer();
const ws = await signupWorkspace(server, 'Inbox');
const owner = client(server, ws.token);
const channel = await addChannel(server, ws.workspaceId);

const sales = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'team', name: 'Sales agent' });
const salesMate = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'all', name: 'Sales mate' });
const loner = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'assigned', name: 'Loner' });
const support = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'all', name: 'Support agent' });
const salesTeam = await addTeam(server, ws.workspaceId, 'Ventas', [sales.id, salesMate.id]);
const supportTeam = await addTeam(server, ws.workspaceId, 'Soporte', [support.id]);

async function contact(name: string, phone?: string) {
  const externalId = `x-${name}`;
  await receive(server, channel, { externalId, name, phone }, `Hola, soy ${name}`);
  return contactIdOf(server, channel.id, externalId);
}
// Arrival order fixes "newest": later contacts have newer messages.
const c = {
  joao: await contact('João Ferreira', '+5511987654321'),
  ines: await contact('Inés Martínez', '+5215512345678'),
  pedro: await contact('Pedro Gómez'),
  ana: await contact('Ana Souza'),
  lucia: await contact('Lucía Pérez'),
};
const assign = (id: string, userId: string | null, teamId?: string) => owner('POST', `/api/v1/contacts/${id}/assignee`, { userId, teamId: teamId ?? null });
await assign(c.joao, salesMate.id, salesTeam); // visible to sales (teammate + team)
await assign(c.ines, null, salesTeam); // team only
await assign(c.pedro, loner.id); // loner's own
await assign(c.ana, support.id, supportTeam);
// lucia stays unassigned.

const names = (body: any) => body.items.map((r: any) => r.contact.displayName);
const list = (token: string, query: string) => client(server, token)('GET', `/api/v1/inbox?${query}`);

test('IN-1 standard views: All, Mine, Unassigned, Team, with the IN-5 row fields', async () => {
  const all = await list(ws.token, 'view=all');
  assert.equal(all.status, 200);
  assert.deepEqual(names(all.body), ['Lucía Pérez', 'Ana Souza', 'Pedro Gómez', 'Inés Martínez', 'João Ferreira']);
  const row = all.body.items[0];
  assert.deepEqual(Object.keys(row).sort(), ['contact', 'conversation', 'lastActivityAt', 'lastChannelId', 'lastMessage', 'statusChangedAt', 'unansweredCount', 'unreadCount']);
  assert.equal(row.lastMessage.direction, 'in');
  assert.equal(row.lastChannelId, String(channel.id));
  assert.deepEqual(names((await list(ws.token, 'view=unassigned')).body), ['Lucía Pérez', 'Inés Martínez']);
  assert.deepEqual(names((await list(support.token, 'view=mine')).body), ['Ana Souza']);
  assert.deepEqual(names((await list(ws.token, `view=team:${salesTeam}`)).body), ['Inés Martínez', 'João Ferreira']);
});

test('WS-3 the agent restriction limits every view, the counts and the single-contact routes', async () => {
  assert.deepEqual(names((await list(loner.token, 'view=all')).body), ['Pedro Gómez']);
  assert.deepEqual(names((await list(loner.token, 'view=unassigned')).body), []);
  assert.equal((await list(loner.token, `view=team:${salesTeam}`)).status, 403);
  assert.deepEqual(names((await list(sales.token, 'view=all')).body), ['Inés Martínez', 'João Ferreira']);
  assert.equal((await list(sales.token, `view=team:${supportTeam}`)).status, 403);
  assert.equal((await list(ws.token, 'view=team:999999')).status, 404);
  assert.equal((await client(server, loner.token)('GET', `/api/v1/contacts/${c.ana}/messages`)).status, 404);
  assert.equal((await client(server, sales.token)('POST', `/api/v1/contacts/${c.lucia}/messages`, { text: 'hola' })).status, 404);
  const counts = await client(server, sales.token)('GET', '/api/v1/inbox/counts');
  assert.deepEqual(counts.body, { all: 2, mine: 0, unassigned: 1, teams: { [salesTeam]: 2 } });
  const lonerCounts = await client(server, loner.token)('GET', '/api/v1/inbox/counts');
  assert.deepEqual(lonerCounts.body, { all: 1, mine: 1, unassigned: 0, teams: {} });
});

test('IN-3 counts of open conversations per view, for a manager', async () => {
  const counts = await owner('GET', '/api/v1/inbox/counts');
  assert.equal(counts.status, 200);
  assert.deepEqual(counts.body, { all: 5, mine: 0, unassigned: 2, teams: { [salesTeam]: 2, [supportTeam]: 1 } });
});

test('IN-4 sorts: newest, oldest, longest and shortest in the current status', async () => {
  assert.deepEqual(names((await list(ws.token, 'sort=oldest')).body), ['João Ferreira', 'Inés Martínez', 'Pedro Gómez', 'Ana Souza', 'Lucía Pérez']);
  // The assignments above reopened nothing, so time-in-status follows arrival too.
  assert.deepEqual(names((await list(ws.token, 'sort=longest')).body)[0], 'João Ferreira');
  assert.deepEqual(names((await list(ws.token, 'sort=shortest')).body)[0], 'Lucía Pérez');
});

test('IN-4 status filter: closed and snoozed are separate lists', async () => {
  const extra = await contact('Temporal Closed');
  await owner('POST', `/api/v1/contacts/${extra}/conversation`, { status: 'closed' });
  assert.deepEqual(names((await list(ws.token, 'status=closed')).body), ['Temporal Closed']);
  assert.ok(!names((await list(ws.token, 'status=open')).body).includes('Temporal Closed'));
  assert.equal((await list(ws.token, 'status=archived')).status, 422);
});

test('IN-4 search by name (accent-insensitive, partial) and by phone fragment', async () => {
  assert.deepEqual(names((await list(ws.token, 'q=ines')).body), ['Inés Martínez']);
  assert.deepEqual(names((await list(ws.token, 'q=JOAO')).body), ['João Ferreira']);
  assert.deepEqual(names((await list(ws.token, 'q=98765')).body), ['João Ferreira']);
  assert.deepEqual(names((await list(ws.token, 'q=perez')).body), ['Lucía Pérez']);
  assert.deepEqual(names((await list(sales.token, 'q=perez')).body), [], 'search respects visibility');
});

test('cursor pagination walks every row once, and a bad cursor is 422', async () => {
  for (const sort of ['newest', 'oldest', 'longest', 'shortest']) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await list(ws.token, `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...names(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 5, sort);
    assert.equal(new Set(seen).size, 5, sort);
  }
  const bad = await list(ws.token, 'cursor=bm90LWEtY3Vyc29y');
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'invalid_cursor');
  assert.equal((await list(ws.token, 'view=everything')).status, 422);
  assert.equal((await list(ws.token, 'limit=1000')).status, 422);
});

test('401 without a token', async () => {
  assert.equal((await client(server)('GET', '/api/v1/inbox')).status, 401);
  assert.equal((await client(server)('GET', '/api/v1/inbox/counts')).status, 401);
});
