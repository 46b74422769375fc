import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { sqlExecutorFor } from '../../db/client.js';
import { contacts } from '../../db/schema.js';
import { addTeam, addUser } from '../../../test/fixtures.js';
import { signupWorkspace, startTestServer } from '../../../test/harness.js';
import { resolveActor } from '../auth/auth.service.js';
import { listVisibleContacts } from '../contacts/contacts.repo.js';
import { searchPattern } from '../contacts/search-text.js';
import type { Actor } from '../visibility/actor.js';
import { countOpenQuery, inboxPageQuery, type InboxQuery } from './inbox.repo.js';

/**
 * Every inbox, count and search query has an index to start from: with sequential scans priced out, no plan
 * falls back to reading `contacts` whole. Which index the planner picks at a million contacts, and how fast,
 * is the benchmarks' business (bench/, issue 6); this guards the query shapes.
 */
const server = await startTestServer();
const ws = await signupWorkspace(server, 'Plans');
const other = await signupWorkspace(server, 'Neighbour');
const agent = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'assigned' });
const teamAgent = await addUser(server, ws.workspaceId, { role: 'agent', visibility: 'team' });
const team = await addTeam(server, ws.workspaceId, 'Ventas', [teamAgent.id]);

for (const [workspaceId, count] of [[ws.workspaceId, 2000], [other.workspaceId, 1000]] as const) {
  await server.ctx.db.execute(sql`
    insert into contacts (workspace_id, display_name, search_text, conversation_status, status_changed_at, last_message_at, assignee_id, team_id)
    select ${Number(workspaceId)}::bigint, 'Contacto ' || g, 'contacto ' || g || ' jose' || (g % 97),
      (array['open','open','closed','snoozed'])[1 + g % 4], now() - g * interval '1 minute', now() - g * interval '1 minute',
      case when ${Number(workspaceId)}::bigint = ${Number(ws.workspaceId)}::bigint and g % 3 = 0 then ${Number(agent.id)}::bigint end,
      case when ${Number(workspaceId)}::bigint = ${Number(ws.workspaceId)}::bigint and g % 5 = 0 then ${Number(team)}::bigint end
    from generate_series(1, ${count}) g`);
}
await server.ctx.db.execute(sql`analyze contacts`);

const actors: Record<string, Actor> = {
  owner: (await resolveActor(server.ctx, ws.token))!,
  'assigned-only agent': (await resolveActor(server.ctx, agent.token))!,
  'team agent': (await resolveActor(server.ctx, teamAgent.token))!,
};

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql: text, params } = query.toSQL();
  return server.ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const { rows } = await sqlExecutorFor(tx).executeSql(`explain ${text}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
const assertIndexed = (text: string, what: string) => assert.doesNotMatch(text, /Seq Scan on contacts/, `${what}\n${text}`);

test('inbox pages: every view, sort and status, for each kind of actor', async () => {
  const views: InboxQuery['view'][] = [{ kind: 'all' }, { kind: 'mine' }, { kind: 'unassigned' }, { kind: 'team', teamId: Number(team) }];
  for (const [name, actor] of Object.entries(actors)) {
    for (const view of views) {
      for (const sort of ['newest', 'oldest', 'longest', 'shortest'] as const) {
        for (const status of ['open', 'snoozed'] as const) {
          const q = inboxPageQuery(server.ctx.db, actor, { view, sort, status, limit: 25, cursor: { at: new Date().toISOString(), id: 1_000_000 } });
          assertIndexed(await plan(q), `${name} ${view.kind} ${sort} ${status}`);
        }
      }
    }
  }
});

test('inbox search and contact search use the trigram index', async () => {
  const pattern = searchPattern('José9')!;
  for (const [name, actor] of Object.entries(actors)) {
    const inbox = await plan(inboxPageQuery(server.ctx.db, actor, { view: { kind: 'all' }, sort: 'newest', status: 'open', search: pattern, limit: 25 }));
    assertIndexed(inbox, `inbox search as ${name}`);
    assertIndexed(await plan(listVisibleContacts(server.ctx.db, actor, { pattern, limit: 25 })), `contact search as ${name}`);
  }
  // The search condition alone is served by the trigram index (gin_trgm_ops answers LIKE '%…%').
  const searchOnly = await plan(server.ctx.db.select({ id: contacts.id }).from(contacts).where(sql`${contacts.searchText} like ${pattern}`));
  assert.match(searchOnly, /contacts_search_idx/, searchOnly);
});

test('sidebar counts are one indexed query', async () => {
  for (const [name, actor] of Object.entries(actors)) assertIndexed(await plan(countOpenQuery(server.ctx.db, actor)), `counts as ${name}`);
});
