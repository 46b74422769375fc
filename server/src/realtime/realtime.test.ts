import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { client, listen, signupWorkspace, startTestServer } from '../../test/harness.js';
import { teamMembers, users } from '../db/schema.js';
import { createSession } from '../domain/auth/auth.service.js';
import { appendEvents, currentSeq, numberPending } from '../events/outbox.js';
import type { EventDraft } from '../events/types.js';
import {
  addApiToken,
  addTeam,
  addUser,
  connect,
  contactEvent,
  emit,
  joinTeam,
  openSocket,
  readySeqs,
  refusal,
  workspaceEvent,
  type Probe,
} from './test-support.js';

const server = await startTestServer();
const base = await listen(server);

async function workspace(name = 'Acme') {
  const owner = await signupWorkspace(server, name);
  return { id: Number(owner.workspaceId), owner: { id: Number(owner.userId), token: owner.token } };
}

/** Events committed and numbered as a node that then stopped (or whose publish is late) would leave them. */
async function committedUnpublished(drafts: EventDraft[]) {
  await server.ctx.db.transaction((tx) => appendEvents(tx, drafts));
  return numberPending(server.ctx.db, drafts[0]!.workspaceId);
}

const seqsOf = (probe: Probe) => probe.events().map((e) => e.seq);
const isIncreasing = (seqs: number[]) => seqs.every((s, i) => i === 0 || s > seqs[i - 1]!);

test('P3 a bad, missing or malformed handshake is refused with a machine code and a localized message', async () => {
  const bad = await refusal(base, { token: 'cvs_nope' });
  assert.equal(bad.message, 'unauthenticated');
  assert.equal(bad.data?.code, 'unauthenticated');
  const missing = await refusal(base, {}, { extraHeaders: { 'accept-language': 'es-MX,es;q=0.9' } });
  assert.equal(missing.message, 'unauthenticated');
  assert.equal(missing.data?.message, 'Inicia sesión o envía un token de API válido.');
  const { owner } = await workspace();
  const malformed = await refusal(base, { token: owner.token, lastSeq: 'yesterday' });
  assert.equal(malformed.message, 'validation_failed');
});

test('the session cookie authenticates like a token, and a fresh connection starts with ready at the current seq', async () => {
  const ws = await workspace();
  await emit(server, ws.id, workspaceEvent('before'));
  const probe = await connect(base, {}, { extraHeaders: { cookie: `conversa_session=${ws.owner.token}` } });
  assert.deepEqual(probe.received, [{ kind: 'ready', seq: await currentSeq(server.ctx.db, ws.id) }]);
  await emit(server, ws.id, workspaceEvent('after'));
  await probe.untilLabel('after');
  assert.deepEqual(probe.labels(), ['after']);
  probe.close();
});

test('P2 two workspaces never hear each other, live or on resume', async () => {
  const [a, b] = [await workspace('A'), await workspace('B')];
  const [sa, sb] = [await connect(base, { token: a.owner.token }), await connect(base, { token: b.owner.token })];
  await emit(server, b.id, workspaceEvent('b-secret'), contactEvent('b-contact', { assigneeId: null, teamId: null }));
  await emit(server, a.id, workspaceEvent('a-1'));
  await emit(server, b.id, workspaceEvent('b-end'));
  await Promise.all([sa.untilLabel('a-1'), sb.untilLabel('b-end')]);
  assert.deepEqual(sa.labels(), ['a-1']);
  assert.deepEqual(sb.labels(), ['b-secret', 'b-contact', 'b-end']);
  const resumed = await connect(base, { token: a.owner.token, lastSeq: 0 });
  assert.ok(!resumed.labels().some((l) => l.startsWith('b-')), resumed.labels().join());
  [sa, sb, resumed].forEach((p) => p.close());
});

test('WS-3 each actor receives exactly the events its role and visibility allow', async () => {
  const ws = await workspace();
  const [x, y] = [await addTeam(server, ws.id, 'Sales'), await addTeam(server, ws.id, 'Support')];
  // A manager restricted to "assigned" still sees everything: the restriction applies to agents.
  const manager = await addUser(server, ws.id, { role: 'manager', visibility: 'assigned' });
  const assignedOnly = await addUser(server, ws.id, { visibility: 'assigned' });
  const teamOnly = await addUser(server, ws.id, { visibility: 'team', teamIds: [x] });
  const teammate = await addUser(server, ws.id, { visibility: 'all', teamIds: [x] });
  const integration = await addApiToken(server, ws.id);
  const sockets = {
    owner: await connect(base, { token: ws.owner.token }),
    manager: await connect(base, { token: manager.token }),
    integration: await connect(base, { token: integration }),
    assignedOnly: await connect(base, { token: assignedOnly.token }),
    teamOnly: await connect(base, { token: teamOnly.token }),
    teammate: await connect(base, { token: teammate.token }),
  };
  const none = { assigneeId: null, teamId: null };
  await emit(
    server,
    ws.id,
    contactEvent('to-assigned-only', { assigneeId: assignedOnly.id, teamId: null }),
    contactEvent('to-teammate', { assigneeId: teammate.id, teamId: null }),
    contactEvent('team-x', { assigneeId: null, teamId: x }),
    contactEvent('team-y', { assigneeId: null, teamId: y }),
    contactEvent('unassigned', none),
    { type: 'test.managers', audience: { kind: 'managers' }, payload: { label: 'managers' } },
    { type: 'test.user', audience: { kind: 'user', userId: assignedOnly.id }, payload: { label: 'user' } },
    // Unassigned away from the agent: still delivered so their client can drop the row; the next one is not.
    contactEvent('unassigned-away', { assigneeId: assignedOnly.id, teamId: null }, none),
    contactEvent('after-away', none),
    workspaceEvent('end'),
  );
  await Promise.all(Object.values(sockets).map((s) => s.untilLabel('end')));
  const everything = ['to-assigned-only', 'to-teammate', 'team-x', 'team-y', 'unassigned', 'managers', 'unassigned-away', 'after-away', 'end'];
  assert.deepEqual(sockets.owner.labels(), everything);
  assert.deepEqual(sockets.manager.labels(), everything);
  assert.deepEqual(sockets.integration.labels(), everything);
  assert.deepEqual(sockets.assignedOnly.labels(), ['to-assigned-only', 'user', 'unassigned-away', 'end']);
  assert.deepEqual(sockets.teamOnly.labels(), ['to-teammate', 'team-x', 'end']);
  assert.deepEqual(sockets.teammate.labels(), everything.filter((l) => l !== 'managers'));
  Object.values(sockets).forEach((s) => s.close());
});

test('IN-17 reconnecting with lastSeq replays exactly the missed visible events, then ready, then live events', async () => {
  const ws = await workspace();
  const agent = await addUser(server, ws.id, { visibility: 'assigned' });
  const first = await connect(base, { token: agent.token });
  const [lastSeen] = readySeqs(first);
  first.close();
  const mine = { assigneeId: agent.id, teamId: null };
  const other = { assigneeId: ws.owner.id, teamId: null };
  for (let i = 0; i < 6; i++) await emit(server, ws.id, contactEvent(`missed-${i}`, i % 2 === 0 ? mine : other));
  const resumed = await connect(base, { token: agent.token, lastSeq: lastSeen });
  const now = await currentSeq(server.ctx.db, ws.id);
  assert.deepEqual(resumed.labels(), ['missed-0', 'missed-2', 'missed-4']);
  assert.deepEqual(resumed.received.at(-1), { kind: 'ready', seq: now });
  await emit(server, ws.id, contactEvent('live', mine));
  await resumed.untilLabel('live');
  assert.deepEqual(resumed.labels(), ['missed-0', 'missed-2', 'missed-4', 'live']);
  assert.ok(isIncreasing(seqsOf(resumed)));
  resumed.close();
});

test('IN-17 events committed while a long replay runs are delivered once, in order, with ready between replay and live', async () => {
  const ws = await workspace();
  const agent = await addUser(server, ws.id, { visibility: 'assigned' });
  const first = await connect(base, { token: agent.token });
  const [lastSeen] = readySeqs(first);
  first.close();
  const stateOf = (i: number) => (i % 3 === 0 ? { assigneeId: agent.id, teamId: null } : { assigneeId: null, teamId: null });
  // Three replay pages, a third of them visible to the agent.
  await emit(server, ws.id, ...Array.from({ length: 1200 }, (_, i) => contactEvent(`missed-${i}`, stateOf(i))));
  const resumed = openSocket(base, { token: agent.token, lastSeq: lastSeen });
  // Committing from the handshake on until the socket is live spans the replay and the switch-over.
  let burst = 0;
  const receivedLive = () => {
    const readyAt = resumed.received.findIndex((r) => r.kind === 'ready');
    return readyAt < 0 ? 0 : resumed.received.length - readyAt - 1;
  };
  while (burst < 40 || receivedLive() < 3) {
    assert.ok(burst < 1000, 'the socket never went live');
    await emit(server, ws.id, contactEvent(`burst-${burst}`, stateOf(burst++)));
    // PGlite answers within microtasks: let socket I/O run between commits.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await emit(server, ws.id, contactEvent('last', stateOf(0)));
  await resumed.untilLabel('last');
  const expected = [
    ...Array.from({ length: 1200 }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => `missed-${i}`),
    ...Array.from({ length: burst }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => `burst-${i}`),
    'last',
  ];
  assert.deepEqual(resumed.labels(), expected);
  assert.ok(isIncreasing(seqsOf(resumed)));
  const ready = readySeqs(resumed);
  assert.equal(ready.length, 1);
  const readyAt = resumed.received.findIndex((r) => r.kind === 'ready');
  assert.ok(resumed.events().slice(0, readyAt).every((e) => e.seq <= ready[0]!));
  assert.ok(resumed.events().slice(readyAt).every((e) => e.seq > ready[0]!));
  resumed.close();
});

test('IN-17 a lastSeq beyond the workspace sequence (a restored database) resumes from now, which ready reports', async () => {
  const ws = await workspace();
  await emit(server, ws.id, workspaceEvent('old'));
  const probe = await connect(base, { token: ws.owner.token, lastSeq: 1_000_000 });
  assert.deepEqual(probe.received, [{ kind: 'ready', seq: await currentSeq(server.ctx.db, ws.id) }]);
  await emit(server, ws.id, workspaceEvent('new'));
  await probe.untilLabel('new');
  assert.deepEqual(probe.labels(), ['new']);
  probe.close();
});

test('events published out of order are delivered in seq order', async () => {
  const ws = await workspace();
  const probe = await connect(base, { token: ws.owner.token });
  // Committed and numbered without publishing, then published as several nodes racing through Redis could deliver them.
  const stored = await committedUnpublished(Array.from({ length: 8 }, (_, i) => ({ workspaceId: ws.id, ...workspaceEvent(`e${i}`) })));
  await server.ctx.bus.publish([4, 1, 7, 0, 6, 2, 5, 3].map((i) => stored[i]!));
  await probe.untilLabel('e3');
  assert.deepEqual(probe.labels(), ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  assert.deepEqual(seqsOf(probe), stored.map((e) => e.seq));
  probe.close();
});

test('an event committed but never published (a node died after commit) is read from the outbox, in order', async () => {
  const ws = await workspace();
  const probe = await connect(base, { token: ws.owner.token });
  const stored = await committedUnpublished(['lost', 'next', 'after'].map((label) => ({ workspaceId: ws.id, ...workspaceEvent(label) })));
  await server.ctx.bus.publish(stored.slice(1));
  await probe.untilLabel('after');
  assert.deepEqual(probe.labels(), ['lost', 'next', 'after']);
  probe.close();
});

test('WS-3 team.updated re-resolves a team agent: what they receive follows their new teams', async () => {
  const ws = await workspace();
  const [x, y] = [await addTeam(server, ws.id, 'Sales'), await addTeam(server, ws.id, 'Support')];
  const agent = await addUser(server, ws.id, { visibility: 'team', teamIds: [x] });
  const probe = await connect(base, { token: agent.token });
  const teamUpdated = (teamId: number) => ({
    type: 'team.updated',
    audience: { kind: 'workspace' as const },
    payload: { team: { id: String(teamId) } },
  });
  await emit(server, ws.id, contactEvent('y-before', { assigneeId: null, teamId: y }), workspaceEvent('m1'));
  await probe.untilLabel('m1');
  await joinTeam(server, ws.id, y, agent.id);
  await server.ctx.db.delete(teamMembers).where(and(eq(teamMembers.teamId, x), eq(teamMembers.userId, agent.id)));
  // The change and the next event travel together: the event right after must already use the new teams.
  await emit(
    server,
    ws.id,
    teamUpdated(y),
    contactEvent('y-after', { assigneeId: null, teamId: y }),
    contactEvent('x-after', { assigneeId: null, teamId: x }),
    workspaceEvent('m2'),
  );
  await probe.untilLabel('m2');
  assert.deepEqual(probe.events().map((e) => e.payload.label ?? e.type), ['m1', 'team.updated', 'y-after', 'm2']);
  probe.close();
});

test('WS-3 user.updated re-resolves that user: a widened visibility applies from the next event', async () => {
  const ws = await workspace();
  const agent = await addUser(server, ws.id, { visibility: 'assigned' });
  const probe = await connect(base, { token: agent.token });
  const none = { assigneeId: null, teamId: null };
  await server.ctx.db.update(users).set({ visibility: 'all' }).where(eq(users.id, agent.id));
  await emit(
    server,
    ws.id,
    { type: 'user.updated', audience: { kind: 'workspace' }, payload: { user: { id: String(agent.id) } } },
    contactEvent('unassigned', none),
  );
  await probe.untilLabel('unassigned');
  probe.close();
});

test('signing out drops that session\'s sockets at once; a deleted user is dropped on user.updated; other sessions stay', async () => {
  const ws = await workspace();
  const agent = await addUser(server, ws.id);
  const [user] = await server.ctx.db.select().from(users).where(eq(users.id, agent.id));
  const otherToken = await createSession(server.ctx, server.ctx.db, user!);
  const [kept, signedOut] = [await connect(base, { token: agent.token }), await connect(base, { token: otherToken })];
  const dropped = new Promise<string>((resolve) => signedOut.socket.on('disconnect', resolve));
  assert.equal((await client(server, otherToken)('POST', '/api/v1/auth/logout')).status, 204);
  assert.equal(await dropped, 'io server disconnect');
  await emit(server, ws.id, workspaceEvent('m1'));
  await kept.untilLabel('m1');
  assert.ok(!signedOut.labels().includes('m1'));

  const gone = await addUser(server, ws.id);
  const goneSocket = await connect(base, { token: gone.token });
  const goneDropped = new Promise<string>((resolve) => goneSocket.socket.on('disconnect', resolve));
  await server.ctx.db.delete(users).where(eq(users.id, gone.id));
  await emit(server, ws.id, { type: 'user.updated', audience: { kind: 'workspace' }, payload: { userId: String(gone.id), deleted: true } });
  assert.equal(await goneDropped, 'io server disconnect');
  [kept, signedOut, goneSocket].forEach((p) => p.close());
});

test('IN-3 inbound message.created carries the inbox whose dot it lights, per receiving user', async () => {
  const ws = await workspace();
  const x = await addTeam(server, ws.id, 'Sales');
  const assignedOnly = await addUser(server, ws.id, { visibility: 'assigned' });
  const teamAgent = await addUser(server, ws.id, { visibility: 'team', teamIds: [x] });
  const sockets = {
    owner: await connect(base, { token: ws.owner.token }),
    assignedOnly: await connect(base, { token: assignedOnly.token }),
    teamAgent: await connect(base, { token: teamAgent.token }),
  };
  const message = (label: string, direction: 'in' | 'out', ...states: { assigneeId: number | null; teamId: number | null }[]) => ({
    type: 'message.created',
    audience: { kind: 'contact' as const, states },
    payload: { label, message: { direction } },
  });
  await emit(
    server,
    ws.id,
    message('assigned-in-team', 'in', { assigneeId: assignedOnly.id, teamId: x }),
    message('team-only', 'in', { assigneeId: null, teamId: x }),
    // The dot follows where the contact is now: the last state.
    message('just-assigned', 'in', { assigneeId: null, teamId: null }, { assigneeId: assignedOnly.id, teamId: null }),
    message('outbound', 'out', { assigneeId: null, teamId: null }),
    workspaceEvent('end'),
  );
  await Promise.all(Object.values(sockets).map((s) => s.untilLabel('end')));
  const dots = (probe: Probe) => Object.fromEntries(probe.events().map((e) => [e.payload.label, e.inbox]));
  assert.deepEqual(dots(sockets.owner), {
    'assigned-in-team': 'all',
    'team-only': 'unassigned',
    'just-assigned': 'all',
    outbound: undefined,
    end: undefined,
  });
  assert.deepEqual(dots(sockets.assignedOnly), { 'assigned-in-team': 'mine', 'just-assigned': 'mine', end: undefined });
  assert.deepEqual(dots(sockets.teamAgent), { 'assigned-in-team': `team:${x}`, 'team-only': `team:${x}`, end: undefined });
  assert.ok(!('inbox' in sockets.owner.events().find((e) => e.payload.label === 'outbound')!));
  Object.values(sockets).forEach((s) => s.close());
});

test('a revoked API token\'s socket is dropped when the revocation is announced', async () => {
  const ws = await workspace();
  const created = await client(server, ws.owner.token)('POST', '/api/v1/api-tokens', { name: 'integration' });
  const probe = await connect(base, { token: created.body.token });
  const dropped = new Promise<string>((resolve) => probe.socket.on('disconnect', resolve));
  assert.equal((await client(server, ws.owner.token)('DELETE', `/api/v1/api-tokens/${created.body.id}`)).status, 204);
  assert.equal(await dropped, 'io server disconnect');
  probe.close();
});
