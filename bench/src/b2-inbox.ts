import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { sqlExecutorFor } from '../../server/src/db/client.js';
import { resolveActor } from '../../server/src/domain/auth/auth.service.js';
import { listVisibleContacts } from '../../server/src/domain/contacts/contacts.repo.js';
import { searchPattern } from '../../server/src/domain/contacts/search-text.js';
import { countOpenQuery, inboxPageQuery, type InboxQuery } from '../../server/src/domain/inbox/inbox.repo.js';
import type { Actor } from '../../server/src/domain/visibility/actor.js';
import { encodeCursor } from '../../server/src/http/cursor.js';
import type { Conversa } from '../../server/src/server.js';
import type { BenchUser, Workspace } from './generate.js';
import { percentiles, printTable, printTargets, resultsDir, round, target, type Percentiles, type Target } from './report.js';

type Statement = { toSQL(): { sql: string; params: unknown[] } };
type Case = { group: 'page' | 'count' | 'search'; label: string; urls: string[]; token: string; explain: Statement[] };
type Timed = { label: string; group: Case['group']; latency: Percentiles; planMs: number; seqScans: string[] };

const PAGE = 25;
/** How far into a list the deep page starts (or half the list when it is shorter). */
const DEEP_ROWS = 5_000;

/**
 * B2: inbox pages (first and a keyset-deep page of every view × status × sort), counts and searches, timed through
 * the real HTTP stack (in-process `inject`, with a real session token: auth, route, service, repo, presenter, JSON),
 * for an unrestricted and a restricted agent. Each query's EXPLAIN ANALYZE is saved and checked for sequential scans.
 */
export async function runB2(
  conversa: Conversa,
  ws: Workspace,
  opts: { runs: number; name: string; only?: 'first-pages'; pageTargetMs?: number },
): Promise<{ figures: Record<string, unknown>; targets: Target[] }> {
  const { ctx } = conversa;
  const planDir = path.join(resultsDir, `${opts.name}-plans`);
  fs.rmSync(planDir, { recursive: true, force: true });
  fs.mkdirSync(planDir, { recursive: true });

  const pick = (visibility: BenchUser['visibility']) => ws.users.find((u) => u.role === 'agent' && u.visibility === visibility)!;
  const people = { unrestricted: pick('all'), restricted: pick('team'), 'own-only': pick('assigned') };
  const actors = Object.fromEntries(
    await Promise.all(Object.entries(people).map(async ([k, u]) => [k, (await resolveActor(ctx, u.tokens[0]!))!] as const)),
  ) as Record<keyof typeof people, Actor>;

  const cases: Case[] = [];
  for (const who of ['unrestricted', 'restricted'] as const) {
    const actor = actors[who];
    const token = people[who].tokens[0]!;
    const views: { param: string; view: InboxQuery['view'] }[] = [
      { param: 'all', view: { kind: 'all' } },
      { param: 'mine', view: { kind: 'mine' } },
      { param: 'unassigned', view: { kind: 'unassigned' } },
      { param: `team:${actor.teamIds[0]}`, view: { kind: 'team', teamId: actor.teamIds[0]! } },
    ];
    const statuses = opts.only ? (['open'] as const) : (['open', 'closed', 'snoozed'] as const);
    const sorts = opts.only ? (['newest'] as const) : (['newest', 'oldest', 'longest', 'shortest'] as const);
    for (const { param, view } of views) {
      for (const status of statuses) {
        for (const sort of sorts) {
          const base = `/api/v1/inbox?view=${param}&status=${status}&sort=${sort}&limit=${PAGE}`;
          const label = `${who} ${param.replace(/:\d+/, '')} ${status} ${sort}`;
          const query: InboxQuery = { view, status, sort, limit: PAGE };
          cases.push({ group: 'page', label: `${label} first`, urls: [base], token, explain: [inboxPageQuery(ctx.db, actor, query)] });
          // A deep page: the keyset cursor of a row DEEP_ROWS into the list, as the client would hold after scrolling.
          const rows = await inboxPageQuery(ctx.db, actor, { ...query, limit: 2 * DEEP_ROWS });
          if (rows.length <= PAGE) continue;
          const row = rows[Math.min(DEEP_ROWS, Math.floor(rows.length / 2))]!.contact;
          const cursor = { at: (sort === 'newest' || sort === 'oldest' ? row.lastMessageAt : row.statusChangedAt)!.toISOString(), id: row.id };
          cases.push({
            group: 'page',
            label: `${label} deep`,
            urls: [`${base}&cursor=${encodeCursor(cursor)}`],
            token,
            explain: [inboxPageQuery(ctx.db, actor, { ...query, cursor })],
          });
        }
      }
    }
  }
  for (const who of Object.keys(people) as (keyof typeof people)[]) {
    cases.push({ group: 'count', label: `${who} counts`, urls: ['/api/v1/inbox/counts'], token: people[who].tokens[0]!, explain: [countOpenQuery(ctx.db, actors[who])] });
  }

  // Search terms taken from the data: name fragments, phone fragments (digits from the middle of real numbers), whole emails.
  const sample = (await ctx.db.execute(sql`
    select phone, email from contacts where workspace_id = ${ws.id} and phone is not null and email is not null and id % 1009 = 0 limit 4`)) as unknown as {
    rows: { phone: string; email: string }[];
  };
  const terms = {
    name: ['rodrig', 'gonçal', 'joão sil', 'fernánd'],
    phone: sample.rows.map((r) => r.phone.slice(4, 11)),
    email: sample.rows.map((r) => r.email),
  };
  for (const who of ['unrestricted', 'restricted'] as const) {
    for (const [kind, values] of Object.entries(terms)) {
      const token = people[who].tokens[0]!;
      const patterns = values.map((v) => searchPattern(v)!);
      cases.push({
        group: 'search',
        label: `${who} contacts by ${kind}`,
        urls: values.map((v) => `/api/v1/contacts?q=${encodeURIComponent(v)}&limit=${PAGE}`),
        token,
        explain: patterns.map((pattern) => listVisibleContacts(ctx.db, actors[who], { pattern, limit: PAGE })),
      });
      cases.push({
        group: 'search',
        label: `${who} inbox by ${kind}`,
        urls: values.map((v) => `/api/v1/inbox?view=all&status=open&q=${encodeURIComponent(v)}&limit=${PAGE}`),
        token,
        explain: patterns.map((search) => inboxPageQuery(ctx.db, actors[who], { view: { kind: 'all' }, status: 'open', sort: 'newest', search, limit: PAGE })),
      });
    }
  }

  const timed: Timed[] = [];
  for (const c of cases) {
    const get = async (url: string) => {
      const res = await conversa.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.token}` } });
      if (res.statusCode !== 200) throw new Error(`B2 ${c.label}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    for (const url of c.urls) await get(url); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const started = performance.now();
      await get(c.urls[i % c.urls.length]!);
      samples.push(performance.now() - started);
    }
    let planMs = 0;
    const seqScans: string[] = [];
    const planText: string[] = [];
    for (const statement of c.explain) {
      const { plan, executionMs } = await explain(conversa, statement);
      planMs = Math.max(planMs, executionMs);
      seqScans.push(...[...plan.matchAll(/Seq Scan on (contacts|conversations|messages)\b/g)].map((m) => m[1]!));
      planText.push(`-- ${c.label}\n${statement.toSQL().sql}\n-- params: ${JSON.stringify(statement.toSQL().params)}\n${plan}\n`);
    }
    fs.writeFileSync(path.join(planDir, `${c.label.replace(/[^\w]+/g, '-')}.txt`), planText.join('\n'));
    timed.push({ label: c.label, group: c.group, latency: percentiles(samples), planMs, seqScans });
    process.stdout.write(`\r  ${opts.name}: ${timed.length}/${cases.length} queries timed`);
  }

  printTable(
    `${opts.name}: latency over ${opts.runs} runs each (ms, through HTTP inject); plan = EXPLAIN ANALYZE execution time of the SQL`,
    ['query', 'p50', 'p95', 'p99', 'max', 'plan ms', 'seq scan'],
    timed.map((t) => [t.label, t.latency.p50, t.latency.p95, t.latency.p99, t.latency.max, round(t.planMs), t.seqScans.join(',') || '-']),
  );
  const worst = (group: Case['group']) => timed.filter((t) => t.group === group).reduce((w, t) => (t.latency.p95 > w.latency.p95 ? t : w));
  const pages = worst('page');
  const counts = worst('count');
  const searches = worst('search');
  const seqScans = timed.filter((t) => t.seqScans.length > 0);
  const pageTarget = opts.pageTargetMs ?? 20;
  const targets = [
    target(`page p95, worst (${pages.label})`, pages.latency.p95, 'max', pageTarget, 'ms'),
    target(`counts p95, worst (${counts.label})`, counts.latency.p95, 'max', 10, 'ms'),
    target(`search p95, worst (${searches.label})`, searches.latency.p95, 'max', 50, 'ms'),
    target('plans with a seq scan on contacts/conversations/messages', seqScans.length, 'max', 1, 'plans'),
  ];
  printTargets(targets);
  const over = timed.filter((t) => (t.group === 'page' && t.latency.p95 >= pageTarget) || (t.group === 'count' && t.latency.p95 >= 10) || (t.group === 'search' && t.latency.p95 >= 50));
  if (over.length > 0) console.log(`over target: ${over.map((t) => `${t.label} (p95 ${t.latency.p95} ms, plan ${round(t.planMs)} ms)`).join('; ')}`);
  return {
    figures: {
      runsPerQuery: opts.runs,
      searchTerms: terms,
      plansFolder: path.relative(process.cwd(), planDir),
      queries: timed.map((t) => ({ query: t.label, group: t.group, ...t.latency, planExecutionMs: round(t.planMs), seqScans: t.seqScans })),
    },
    targets,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query as the repo builds it, parameters bound as the app binds them. */
async function explain(conversa: Conversa, statement: Statement): Promise<{ plan: string; executionMs: number }> {
  const { sql: text, params } = statement.toSQL();
  const { rows } = await sqlExecutorFor(conversa.ctx.db).executeSql(`explain (analyze, buffers) ${text}`, params);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  return { plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN) };
}
