// Helpers for the realtime tests: real socket.io clients, and agents, teams and events written straight to the database.
import { after } from 'node:test';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import * as fixtures from '../../test/fixtures.js';
import { apiTokens, teamMembers, type EventAudience } from '../db/schema.js';
import { transact } from '../db/unit-of-work.js';
import { hashToken, newToken } from '../domain/auth/tokens.js';
import type { ContactVisibility, Role } from '../domain/visibility/actor.js';
import type { StoredEvent } from '../events/types.js';
import type { Conversa } from '../server.js';
import type { ClientEvent } from './client-event.js';

type Received = { kind: 'ready'; seq: number } | { kind: 'event'; event: ClientEvent };

export type Probe = {
  socket: Socket;
  /** Everything received, in arrival order. */
  received: Received[];
  events(): ClientEvent[];
  /** The `label` each test event carries in its payload, in arrival order. */
  labels(): string[];
  /** Resolves once `check` holds for what was received; rejects after `timeoutMs`. */
  until(check: (probe: Probe) => boolean, what: string, timeoutMs?: number): Promise<void>;
  untilLabel(label: string): Promise<void>;
  close(): void;
};

const opened = new Set<Socket>();
after(() => opened.forEach((socket) => socket.close()));

/** A socket.io client (websocket only, no automatic reconnection) recording everything it receives. */
export function openSocket(baseUrl: string, auth: Record<string, unknown>, options: Partial<ManagerOptions & SocketOptions> = {}): Probe {
  const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth, ...options });
  opened.add(socket);
  const waiters = new Set<() => void>();
  const received: Received[] = [];
  const record = (entry: Received) => {
    received.push(entry);
    waiters.forEach((w) => w());
  };
  socket.on('ready', ({ seq }: { seq: number }) => record({ kind: 'ready', seq }));
  socket.on('event', (event: ClientEvent) => record({ kind: 'event', event }));
  const probe: Probe = {
    socket,
    received,
    events: () => received.flatMap((r) => (r.kind === 'event' ? [r.event] : [])),
    labels: () => probe.events().map((e) => e.payload.label as string),
    until(check, what, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const waiter = () => {
          if (!check(probe)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(received.map(summary))}`));
        }, timeoutMs);
        waiters.add(waiter);
        waiter();
      });
    },
    untilLabel: (label) => probe.until((p) => p.labels().includes(label), `event "${label}"`),
    close() {
      socket.close();
      opened.delete(socket);
    },
  };
  return probe;
}

const summary = (r: Received) => (r.kind === 'ready' ? `ready:${r.seq}` : `${r.event.seq}:${r.event.type}:${String(r.event.payload.label)}`);

/** Connects and waits for `ready`. */
export async function connect(baseUrl: string, auth: Record<string, unknown>, options: Partial<ManagerOptions & SocketOptions> = {}) {
  const probe = openSocket(baseUrl, auth, options);
  await probe.until((p) => p.received.some((r) => r.kind === 'ready'), 'ready');
  return probe;
}

/** The error a refused connection gets. */
export function refusal(baseUrl: string, auth: Record<string, unknown>, options: Partial<ManagerOptions & SocketOptions> = {}) {
  const probe = openSocket(baseUrl, auth, options);
  return new Promise<Error & { data?: { code: string; message: string } }>((resolve, reject) => {
    probe.socket.on('connect_error', (err) => (probe.close(), resolve(err)));
    probe.socket.on('connect', () => (probe.close(), reject(new Error('connected'))));
  });
}

export const readySeqs = (probe: Probe) => probe.received.flatMap((r) => (r.kind === 'ready' ? [r.seq] : []));

export async function addTeam(server: Conversa, workspaceId: number, name: string) {
  return Number(await fixtures.addTeam(server, String(workspaceId), name, []));
}

export async function joinTeam(server: Conversa, workspaceId: number, teamId: number, userId: number) {
  await server.ctx.db.insert(teamMembers).values({ workspaceId, teamId, userId });
}

/** A user with a signed-in session (numeric ids, as the realtime layer sees them). */
export async function addUser(
  server: Conversa,
  workspaceId: number,
  opts: { role?: Role; visibility?: ContactVisibility; teamIds?: number[] } = {},
) {
  const user = await fixtures.addUser(server, String(workspaceId), opts);
  for (const teamId of opts.teamIds ?? []) await joinTeam(server, workspaceId, teamId, Number(user.id));
  return { id: Number(user.id), token: user.token };
}

export async function addApiToken(server: Conversa, workspaceId: number) {
  const token = newToken('api');
  await server.ctx.db.insert(apiTokens).values({ workspaceId, name: 'integration', tokenHash: hashToken(token), prefix: token.slice(0, 8) });
  return token;
}

export type TestEvent = { type: string; audience: EventAudience; payload: Record<string, unknown> };

type State = { assigneeId: number | null; teamId: number | null };

export const contactEvent = (label: string, ...states: State[]): TestEvent => ({
  type: 'conversation.updated',
  audience: { kind: 'contact', states },
  payload: { label },
});
export const workspaceEvent = (label: string): TestEvent => ({ type: 'test.marker', audience: { kind: 'workspace' }, payload: { label } });

/** Commits `events` in one transaction, published after commit like every service's events. */
export async function emit(server: Conversa, workspaceId: number, ...events: TestEvent[]) {
  await transact(server.ctx, async (uow) => events.forEach((e) => uow.emit({ workspaceId, ...e })));
}

/** A committed-looking event for the unit tests of the feed and the subscriber. */
export const storedEvent = (seq: number): StoredEvent => ({
  workspaceId: 1,
  seq,
  type: 'test',
  audience: { kind: 'workspace' },
  payload: {},
  createdAt: new Date(0).toISOString(),
});
