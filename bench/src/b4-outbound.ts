import { withDatabase } from './bench-db.js';
import { FakeProvider } from './fake-provider.js';
import type { Workspace } from './generate.js';
import { keepAliveAgent, pool, request, waitFor } from './load.js';
import { percentiles, printTable, printTargets, round, target, type Target } from './report.js';
import type { Scale } from './scale.js';
import { startServer } from './server-process.js';

const REPLIES_PER_CONTACT = 5;
const CONCURRENCY = 16;
/** The provider's per-number limit: one message per second to a recipient (Telegram's per-chat pace, looser than WhatsApp's). */
const PER_NUMBER_LIMIT = 1;
const WINDOW_MS = 1000;
/** pg-boss retries a refused send with back-off for about a minute and a half: no progress for longer means stuck. */
const STALL_MS = 120_000;

/**
 * B4: `replies` replies posted through the API (`POST /api/v1/contacts/{id}/messages`, as an integration would),
 * 5 per contact in random order, delivered by the outbound job to a provider that enforces a per-number rate limit.
 * Measures sends/s at the provider; checks the limit was never run into, no message was sent twice, and every
 * message ended sent or failed.
 */
export async function runB4(databaseUrl: string, ws: Workspace, scale: Scale): Promise<{ figures: Record<string, unknown>; targets: Target[] }> {
  const replies = scale.b4Replies;
  const fake = await FakeProvider.start(new Map(ws.channels.map((c) => [String(c.id), c.secret])), PER_NUMBER_LIMIT, WINDOW_MS);
  const contactIds = await withDatabase({ databaseUrl }, async (query) => {
    for (const c of ws.channels) await query(`update channels set config = '${JSON.stringify({ outboundUrl: `${fake.url}/ch/${c.id}` })}' where id = ${c.id}`);
    const rows = await query<{ id: string }>(
      `select id from contacts where workspace_id = ${ws.id} and last_channel_id is not null and id % 11 = 0 order by id limit ${Math.ceil(replies / REPLIES_PER_CONTACT)}`,
    );
    return rows.map((r) => r.id);
  });
  const work = contactIds.flatMap((id) => Array.from({ length: REPLIES_PER_CONTACT }, () => id)).slice(0, replies);
  for (let i = work.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [work[i], work[j]] = [work[j]!, work[i]!];
  }

  const server = await startServer({ databaseUrl });
  const agent = keepAliveAgent(CONCURRENCY);
  const createdIds: number[] = [];
  const postMs: number[] = [];
  let refusedPosts = 0;
  let firstRefusal: string | undefined;
  let ends: Record<string, number> = {};
  let postSeconds = 0;
  try {
    const owner = ws.users.find((u) => u.role === 'owner')!;
    const tokenRes = await request(agent, `${server.url}/api/v1/api-tokens`, 'POST', { authorization: `Bearer ${owner.tokens[0]}`, 'content-type': 'application/json' }, JSON.stringify({ name: 'B4 integration' }));
    if (tokenRes.status !== 201) throw new Error(`B4: API token: HTTP ${tokenRes.status} ${tokenRes.body}`);
    const apiToken = (JSON.parse(tokenRes.body) as { token: string }).token;
    const headers = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };
    const started = performance.now();
    await pool(work.length, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      const res = await request(agent, `${server.url}/api/v1/contacts/${work[i]}/messages`, 'POST', headers, JSON.stringify({ text: `Respuesta ${i}: ¡gracias por escribirnos!` }));
      postMs.push(performance.now() - t0);
      if (res.status === 201 || res.status === 200) createdIds.push(Number((JSON.parse(res.body) as { id: string }).id));
      else {
        refusedPosts++;
        firstRefusal ??= `HTTP ${res.status} ${res.body.slice(0, 200)}`;
      }
    });
    postSeconds = (performance.now() - started) / 1000;
    const [low, high] = [Math.min(...createdIds), Math.max(...createdIds)];
    const statusCounts = () =>
      withDatabase({ databaseUrl }, (query) =>
        query<{ status: string; n: number }>(
          `select status, count(*)::int n from messages where id between ${low} and ${high} and sender_kind = 'api' and workspace_id = ${ws.id} group by status`,
        ),
      ).then((rows) => Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>);
    ends = await statusCounts();
    let polled = 0;
    const poller = setInterval(() => {
      void statusCounts().then((c) => {
        ends = c;
        polled++;
      });
    }, 1000);
    await waitFor(() => polled > 0 && !ends.pending, () => (ends.sent ?? 0) + (ends.failed ?? 0), STALL_MS, scale.drainSeconds * 1000);
    clearInterval(poller);
    ends = await statusCounts();
  } finally {
    agent.destroy();
    await server.stop();
    await fake.close();
  }
  const memory = server.memory();
  const sendSeconds = (fake.lastAcceptedAt - fake.firstRequestAt) / 1000;
  const sendsPerSecond = fake.accepted / sendSeconds;
  const post = percentiles(postMs);
  printTable(`B4: ${work.length.toLocaleString('en')} replies to ${contactIds.length.toLocaleString('en')} contacts, provider limit ${PER_NUMBER_LIMIT}/${WINDOW_MS} ms per number`, ['figure', 'value'], [
    ['replies accepted by the API /s', round(createdIds.length / postSeconds)],
    ['reply API latency p50 / p99 (ms)', `${post.p50} / ${post.p99}`],
    ['sends accepted by the provider /s (first request → last accept)', round(sendsPerSecond)],
    ['provider requests / accepted / 429 rate-limited / bad', `${fake.requests} / ${fake.accepted} / ${fake.rateLimited} / ${fake.badRequests}`],
    ['most accepted for one number in one window', fake.maxInWindow],
    ['requests repeating an accepted Idempotency-Key', fake.repeatedKeys],
    ['end states', JSON.stringify(ends)],
    ['replies refused by the API', refusedPosts],
    ['server peak RSS (MiB)', memory.peakRssMiB],
  ]);
  if (firstRefusal) console.log(`first refused reply: ${firstRefusal}`);
  const targets = [
    target('provider sends /s', sendsPerSecond, 'min', 1000, 'sends/s'),
    target('sends refused for the per-number limit (429)', fake.rateLimited, 'max', 1, 'requests'),
    target('sends over the limit accepted', Math.max(0, fake.maxInWindow - PER_NUMBER_LIMIT), 'max', 1, 'messages'),
    target('messages sent twice (repeated key)', fake.repeatedKeys, 'max', 1, 'messages'),
    target(`messages not sent or failed ${scale.drainSeconds} s after the last reply`, createdIds.length - (ends.sent ?? 0) - (ends.failed ?? 0), 'max', 1, 'messages'),
  ];
  printTargets(targets);
  return {
    figures: {
      replies: work.length,
      contacts: contactIds.length,
      perNumberLimit: { messages: PER_NUMBER_LIMIT, windowMs: WINDOW_MS },
      repliesPerSecond: round(createdIds.length / postSeconds),
      replyApiMs: post,
      sendsPerSecond: round(sendsPerSecond),
      provider: {
        requests: fake.requests,
        accepted: fake.accepted,
        rateLimited: fake.rateLimited,
        badRequests: fake.badRequests,
        repeatedKeys: fake.repeatedKeys,
        maxInWindow: fake.maxInWindow,
      },
      endStates: ends,
      refusedPosts,
      firstRefusal,
      serverMemory: memory,
    },
    targets,
  };
}
