import { withDatabase } from './bench-db.js';
import type { Workspace } from './generate.js';
import { connectAgent, keepAliveAgent, loopDelayMonitor, pool, request, signedHeaders, waitFor, type ClientEvent } from './load.js';
import { percentiles, printTable, printTargets, round, target, type Target } from './report.js';
import type { Scale } from './scale.js';
import { startServer } from './server-process.js';

const CONCURRENCY = 64;
const DUPLICATE_SHARE = 0.05;
/** How long the run waits for stragglers once nothing new has been seen on the websocket. */
const STALL_MS = 60_000;

const names = ['Ana Souza', 'José Pérez', 'María Fernanda López', 'João Silva', 'Lucía Gómez', 'Pedro Henrique Costa', 'Camila Rojas', 'Thiago Almeida'];
const texts = ['Hola, ¿sigue disponible?', 'Oi, tudo bem? Quero fazer um pedido', '¿A qué hora abren mañana?', 'Meu pedido chegou errado', 'Gracias!', 'Pode me ajudar com a troca?'];

type Delivery = { message: number; duplicate: boolean };

/**
 * B1: signed inbound webhooks over keep-alive HTTP from this process (64 concurrent senders) to a server process,
 * `messages` messages across `contacts` new contacts, plus 5% redeliveries of messages already sent. Measures the
 * acknowledgement latency, the rate messages are stored, and when an agent's websocket receives each one; then
 * checks every message is stored exactly once.
 */
export async function runB1(
  target_: { databaseUrl: string } | { dataDir: string },
  ws: Workspace,
  scale: Pick<Scale, 'b1Messages' | 'b1Contacts' | 'drainSeconds'>,
  name: string,
  minimumRate = 2000,
): Promise<{ figures: Record<string, unknown>; targets: Target[] }> {
  const { b1Messages: count, b1Contacts: contacts } = scale;
  const channel = ws.channels[0]!;
  const owner = ws.users.find((u) => u.role === 'owner')!;
  const runId = Date.now().toString(36);
  const externalId = (i: number) => `b1-${runId}-${i}`;
  const bodyOf = (i: number) => {
    const c = i % contacts;
    return JSON.stringify({
      contact: { externalId: `b1-${runId}-c${c}`, name: names[c % names.length], phone: `+55219${String(80000000 + c).padStart(8, '0')}` },
      message: { id: externalId(i), text: texts[i % texts.length] },
    });
  };
  // Redeliveries land a little after their original, as a provider retrying after a lost acknowledgement would.
  const deliveries: (Delivery & { key: number })[] = Array.from({ length: count }, (_, i) => ({ message: i, duplicate: false, key: i }));
  for (let d = 0; d < Math.round(count * DUPLICATE_SHARE); d++) {
    const original = Math.floor(Math.random() * count);
    deliveries.push({ message: original, duplicate: true, key: original + 1 + Math.random() * 2000 });
  }
  deliveries.sort((a, b) => a.key - b.key);

  const server = await startServer(target_);
  const sentAt = new Float64Array(count).fill(NaN);
  const seenAt = new Float64Array(count).fill(NaN);
  const seenTimes = new Uint16Array(count);
  let seen = 0;
  const prefix = `b1-${runId}-`;
  const onEvent = (event: ClientEvent) => {
    const message = event.payload.message as { externalId?: string; direction?: string } | undefined;
    if (event.type !== 'message.created' || message?.direction !== 'in' || !message.externalId?.startsWith(prefix)) return;
    const i = Number(message.externalId.slice(prefix.length));
    seenTimes[i] = seenTimes[i]! + 1;
    if (seenTimes[i] === 1) {
      seenAt[i] = performance.now();
      seen++;
    }
  };
  const ackMs: number[] = [];
  let httpErrors = 0;
  let retried = 0;
  let started = 0;
  let acksDone = 0;
  let drained = false;
  let loop: { p99Ms: number; maxMs: number };
  try {
    const { socket } = await connectAgent(server.url, owner.tokens[0]!, onEvent);
    const agent = keepAliveAgent(CONCURRENCY);
    const url = `${server.url}/webhooks/api/${channel.id}`;
    const stopLoop = loopDelayMonitor();
    started = performance.now();
    await pool(deliveries.length, CONCURRENCY, async (index) => {
      const { message } = deliveries[index]!;
      const body = bodyOf(message);
      // An integrator retries until acknowledged; a message not acknowledged after 5 tries counts as lost.
      for (let attempt = 0; attempt < 5; attempt++) {
        const t0 = performance.now();
        if (Number.isNaN(sentAt[message]!)) sentAt[message] = t0;
        const res = await request(agent, url, 'POST', signedHeaders(channel.secret, body), body).catch(() => ({ status: 0, body: '' }));
        ackMs.push(performance.now() - t0);
        if (res.status === 200) return;
        httpErrors++;
        retried++;
      }
    });
    acksDone = performance.now();
    drained = await waitFor(() => seen === count, () => seen, STALL_MS, scale.drainSeconds * 1000);
    loop = stopLoop();
    socket.close();
    agent.destroy();
  } finally {
    await server.stop();
  }
  const memory = server.memory();
  const lastSeen = Math.max(...Array.from(seenAt).filter((t) => !Number.isNaN(t)), started);
  const seenLatency = Array.from(seenAt, (t, i) => t - sentAt[i]!).filter((x) => !Number.isNaN(x));
  const repeatedOnSocket = Array.from(seenTimes).filter((n) => n > 1).length;

  const stored = await withDatabase(target_, async (query) => {
    const [m] = await query<{ total: number; distinct: number }>(
      `select count(*)::int total, count(distinct external_id)::int "distinct" from messages where channel_id = ${channel.id} and external_id like 'b1-${runId}-%'`,
    );
    const [r] = await query<{ receipts: number; unprocessed: number; failed: number }>(
      `select count(*)::int receipts, count(*) filter (where processed_at is null)::int unprocessed, count(*) filter (where error is not null)::int failed
       from webhook_receipts where channel_id = ${channel.id} and body like '%b1-${runId}-%'`,
    );
    // Accepted but not yet processed when the run stopped waiting: stored durably, still queued, not lost.
    const [q] = await query<{ queued: number }>(
      `select count(distinct body::jsonb -> 'message' ->> 'id')::int queued from webhook_receipts r
       where r.channel_id = ${channel.id} and r.processed_at is null and r.body like '%b1-${runId}-%'
         and not exists (select 1 from messages m where m.channel_id = r.channel_id and m.external_id = r.body::jsonb -> 'message' ->> 'id')`,
    );
    return { ...m!, ...r!, ...q! };
  });
  const seconds = (lastSeen - started) / 1000;
  const storedRate = seen / seconds;
  const ackRate = deliveries.length / ((acksDone - started) / 1000);
  const ack = percentiles(ackMs);
  const sees = percentiles(seenLatency);
  const lost = count - stored.distinct - stored.queued;
  const duplicates = stored.total - stored.distinct;

  printTable(`${name}: ${count.toLocaleString('en')} messages (+${deliveries.length - count} redeliveries) across ${contacts.toLocaleString('en')} contacts, ${CONCURRENCY} concurrent`, ['figure', 'value'], [
    ['webhooks acknowledged /s', round(ackRate)],
    ['messages stored /s (first send → last seen on the socket)', round(storedRate)],
    ['ack latency p50 / p99 / max (ms)', `${ack.p50} / ${ack.p99} / ${ack.max}`],
    ['agent sees it p50 / p99 / max (ms)', `${sees.p50} / ${sees.p99} / ${sees.max}`],
    ['time to acknowledge all / to see all (s)', `${round((acksDone - started) / 1000, 1)} / ${round(seconds, 1)}`],
    ['stored / distinct / expected', `${stored.total} / ${stored.distinct} / ${count}`],
    [`still queued after waiting ${scale.drainSeconds} s / lost`, `${stored.queued} / ${lost}`],
    ['seen on the socket / seen twice', `${seen} / ${repeatedOnSocket}`],
    ['receipts / unprocessed / with error', `${stored.receipts} / ${stored.unprocessed} / ${stored.failed}`],
    ['non-200 answers (retried)', httpErrors],
    ['server peak RSS (MiB)', memory.peakRssMiB],
    ['load generator event-loop delay p99 / max (ms)', `${loop!.p99Ms} / ${loop!.maxMs}`],
  ]);
  const targets = [
    target('messages stored /s', storedRate, 'min', minimumRate, 'msg/s'),
    ...(minimumRate === 2000 ? [target('ack p99', ack.p99, 'max', 50, 'ms'), target('agent sees it p99', sees.p99, 'max', 250, 'ms')] : []),
    target(`messages stored within ${scale.drainSeconds} s of the last ack`, stored.distinct, 'min', count, 'messages'),
    target('messages lost (neither stored nor queued)', lost, 'max', 1, 'messages'),
    target('messages stored twice', duplicates, 'max', 1, 'messages'),
    target('messages delivered twice on the websocket', repeatedOnSocket, 'max', 1, 'messages'),
    ...(minimumRate === 2000 ? [target('server peak RSS', memory.peakRssMiB, 'max', 500, 'MiB')] : []),
  ];
  printTargets(targets);
  return {
    figures: {
      messages: count,
      contacts,
      redeliveries: deliveries.length - count,
      concurrency: CONCURRENCY,
      ackPerSecond: round(ackRate),
      storedPerSecond: round(storedRate),
      ackMs: ack,
      agentSeesMs: sees,
      secondsToAcknowledgeAll: round((acksDone - started) / 1000, 1),
      secondsToSeeAll: round(seconds, 1),
      drainedBeforeStall: drained,
      stored,
      seenOnSocket: seen,
      seenTwiceOnSocket: repeatedOnSocket,
      httpErrors,
      retried,
      serverMemory: memory,
      loadGeneratorLoopDelay: loop!,
    },
    targets,
  };
}
