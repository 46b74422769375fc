import type { Socket } from 'socket.io-client';
import { withDatabase } from './bench-db.js';
import type { BenchUser, Workspace } from './generate.js';
import { connectAgent, keepAliveAgent, loopDelayMonitor, request, waitFor, type ClientEvent } from './load.js';
import { percentiles, printTable, printTargets, round, target, type Target } from './report.js';
import type { Scale } from './scale.js';
import { startServer } from './server-process.js';

type State = { assigneeId: number | null; teamId: number | null };

/**
 * WS-3 written again from the spec, independently of the server's `canSee`: owners, managers and unrestricted agents
 * see every contact; a team-restricted agent those assigned to a teammate (themselves included) or to one of their
 * teams; an own-only agent those assigned to them.
 */
function visibleTo(user: BenchUser, teammates: Set<number>, state: State): boolean {
  if (user.role !== 'agent' || user.visibility === 'all') return true;
  if (user.visibility === 'assigned') return state.assigneeId === user.id;
  return (state.assigneeId !== null && teammates.has(state.assigneeId)) || (state.teamId !== null && user.teamIds.includes(state.teamId));
}

const num = (id: unknown) => (id === null || id === undefined ? null : Number(id));

/** The assignment states an event concerns: the inbox row after the change and the state before it. */
function statesOf(event: ClientEvent): State[] | undefined {
  const row = event.payload.row as { contact: { assigneeId: string | null; teamId: string | null } } | undefined;
  const previous = event.payload.previous as { assigneeId: string | null; teamId: string | null } | undefined;
  if (!row || !previous) return undefined;
  return [
    { assigneeId: num(previous.assigneeId), teamId: num(previous.teamId) },
    { assigneeId: num(row.contact.assigneeId), teamId: num(row.contact.teamId) },
  ];
}

/**
 * B3: `sockets` agent websockets over the workspace's users (every visibility rule), while an owner reassigns open
 * contacts between agents and teams through the API at `eventsPerSecond` for `seconds` (each change is one
 * `conversation.updated` event carrying the state before and after). Measures the delay from
 * the event's commit (its `createdAt`) to each socket, and checks each socket received exactly the events the
 * visibility rule allows: none it may not see (leaks), none it may see missing.
 */
export async function runB3(databaseUrl: string, ws: Workspace, scale: Scale): Promise<{ figures: Record<string, unknown>; targets: Target[] }> {
  const { b3Sockets: socketCount, b3EventsPerSecond: rate, b3Seconds: seconds } = scale;
  const contactIds = await withDatabase({ databaseUrl }, (query) =>
    query<{ id: string }>(`select id from contacts where workspace_id = ${ws.id} and conversation_status = 'open' order by id limit 5000`),
  );
  if (contactIds.length === 0) throw new Error('B3 needs generated open contacts');
  const agents = ws.users.filter((u) => u.role === 'agent');
  const owner = ws.users.find((u) => u.role === 'owner')!;
  const teammates = new Map(
    ws.users.map((u) => [u.id, new Set(ws.users.filter((o) => o.teamIds.some((t) => u.teamIds.includes(t))).map((o) => o.id))]),
  );
  const perUser = Math.ceil(socketCount / ws.users.length);
  const socketUsers: BenchUser[] = [];
  for (let s = 0; s < perUser; s++) for (const u of ws.users) if (socketUsers.length < socketCount) socketUsers.push(u);

  const server = await startServer({ databaseUrl });
  const sockets: Socket[] = [];
  const readySeqs: number[] = [];
  const received = socketUsers.map(() => new Set<number>());
  const events = new Map<number, State[] | undefined>();
  const latency: number[] = [];
  let leaks = 0;
  let leakExample: string | undefined;
  let sent = 0;
  let failedPosts = 0;
  let loop = { p99Ms: NaN, maxMs: NaN };
  let firstSend = 0;
  let lastSend = 0;
  let firstCommit = Infinity;
  let lastCommit = -Infinity;
  try {
    for (let i = 0; i < socketUsers.length; i += 50) {
      const batch = socketUsers.slice(i, i + 50).map((user, j) => {
        const index = i + j;
        return connectAgent(server.url, user.tokens[Math.floor(index / ws.users.length)]!, (event) => {
          const at = Date.now();
          const created = Date.parse(event.createdAt);
          latency.push(at - created);
          firstCommit = Math.min(firstCommit, created);
          lastCommit = Math.max(lastCommit, created);
          received[index]!.add(event.seq);
          const states = statesOf(event);
          if (!events.has(event.seq)) events.set(event.seq, states);
          if (states && !states.some((s) => visibleTo(user, teammates.get(user.id)!, s))) {
            leaks++;
            leakExample ??= `socket of user ${user.id} (${user.role}/${user.visibility}) got seq ${event.seq} ${event.type} for ${JSON.stringify(states)}`;
          }
        });
      });
      for (const { socket, readySeq } of await Promise.all(batch)) {
        sockets.push(socket);
        readySeqs.push(readySeq);
      }
    }
    const agent = keepAliveAgent(64);
    const stopLoop = loopDelayMonitor();
    const total = rate * seconds;
    const inFlight: Promise<unknown>[] = [];
    firstSend = performance.now();
    // Open loop: message i is sent at its scheduled time whatever the server's pace.
    for (let i = 0; i < total; i++) {
      const due = firstSend + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      // Reassignments move contacts between agents and teams, so sockets gain and lose sight of them (both states are checked).
      const contactId = contactIds[i % contactIds.length]!.id;
      const assignee = agents[Math.floor(Math.random() * agents.length)]!;
      const body = JSON.stringify(i % 4 === 0 ? { userId: null, teamId: String(assignee.teamIds[0]) } : { userId: String(assignee.id), teamId: String(assignee.teamIds[0]) });
      inFlight.push(
        request(agent, `${server.url}/api/v1/contacts/${contactId}/assignee`, 'POST', { authorization: `Bearer ${owner.tokens[0]}`, 'content-type': 'application/json' }, body).then(
          (r) => (r.status === 200 ? sent++ : failedPosts++),
          () => failedPosts++,
        ),
      );
    }
    await Promise.all(inFlight);
    lastSend = performance.now();
    // Fan-out ends when the owner's first socket (sees everything) has an event per change; then stragglers get 2 s.
    await waitFor(() => received[0]!.size >= sent, () => received[0]!.size, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    loop = stopLoop();
    agent.destroy();
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
  }
  const memory = server.memory();

  let expected = 0;
  let missing = 0;
  let missingExample: string | undefined;
  for (const [seq, states] of events) {
    if (!states) continue;
    socketUsers.forEach((user, i) => {
      // A socket owes only what was committed after its `ready`.
      if (seq <= readySeqs[i]! || !states.some((s) => visibleTo(user, teammates.get(user.id)!, s))) return;
      expected++;
      if (!received[i]!.has(seq)) {
        missing++;
        missingExample ??= `socket ${i} (user ${user.id}, ${user.visibility}) lacks seq ${seq}`;
      }
    });
  }
  const delivered = received.reduce((n, r) => n + r.size, 0);
  const lat = percentiles(latency);
  const achievedRate = sent / ((lastSend - firstSend) / 1000);
  const committedRate = events.size / ((lastCommit - firstCommit) / 1000);
  const byVisibility = Object.fromEntries(
    (['owner/manager', 'all', 'team', 'assigned'] as const).map((kind) => {
      const idx = socketUsers.flatMap((u, i) => ((kind === 'owner/manager' ? u.role !== 'agent' : u.role === 'agent' && u.visibility === kind) ? [i] : []));
      return [kind, { sockets: idx.length, eventsPerSocket: round(idx.reduce((n, i) => n + received[i]!.size, 0) / Math.max(1, idx.length), 1) }];
    }),
  );
  printTable(`B3: ${socketUsers.length} sockets, ${rate} reassignments/s for ${seconds} s`, ['figure', 'value'], [
    ['changes posted (accepted / refused)', `${sent} / ${failedPosts}`],
    ['posting rate achieved /s', round(achievedRate)],
    ['events seen (distinct seq) / committed per s', `${events.size} / ${round(committedRate)}`],
    ['deliveries to sockets', delivered],
    ['commit → socket p50 / p95 / p99 / max (ms)', `${lat.p50} / ${lat.p95} / ${lat.p99} / ${lat.max}`],
    ['leaks (event a socket may not see)', leaks],
    ['missing (event a socket may see, not received)', `${missing} of ${expected}`],
    ...Object.entries(byVisibility).map(([k, v]) => [`sockets ${k}: count / events each`, `${v.sockets} / ${v.eventsPerSocket}`]),
    ['server peak RSS (MiB)', memory.peakRssMiB],
    ['load generator event-loop delay p99 / max (ms)', `${loop.p99Ms} / ${loop.maxMs}`],
  ]);
  if (leakExample) console.log(`first leak: ${leakExample}`);
  if (missingExample) console.log(`first missing: ${missingExample}`);
  const targets = [
    target('commit → socket p99', lat.p99, 'max', 100, 'ms'),
    target('leaks', leaks, 'max', 1, 'events'),
    target('missing deliveries', missing, 'max', 1, 'events'),
    target('events/s committed (first → last event)', committedRate, 'min', rate * 0.95, 'events/s'),
    target('server peak RSS', memory.peakRssMiB, 'max', 500, 'MiB'),
  ];
  printTargets(targets);
  return {
    figures: {
      sockets: socketUsers.length,
      eventsPerSecondOffered: rate,
      seconds,
      posted: sent,
      refused: failedPosts,
      postingRate: round(achievedRate),
      events: events.size,
      eventsCommittedPerSecond: round(committedRate),
      deliveries: delivered,
      commitToSocketMs: lat,
      leaks,
      leakExample,
      missing,
      expectedDeliveries: expected,
      missingExample,
      byVisibility,
      serverMemory: memory,
      loadGeneratorLoopDelay: loop,
    },
    targets,
  };
}
