import type { Server as HttpServer } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { Server } from 'socket.io';
import type { Context } from '../context.js';
import { resolveActor } from '../domain/auth/auth.service.js';
import { currentSeq, eventsAfter } from '../events/outbox.js';
import type { StoredEvent } from '../events/types.js';
import { SESSION_COOKIE } from '../http/auth-hook.js';
import { errorMessages, type ErrorCode } from '../i18n/errors.js';
import { pickLocale } from '../i18n/locale.js';
import { sharedEncodingParser } from './shared-encoding.js';
import { Subscriber, type RealtimeSocket, type ServerToClientEvents, type SocketData } from './subscriber.js';
import { attachVisitorSockets } from './visitor-socket.js';
import { WorkspaceFeed, type WorkspaceOutbox } from './workspace-feed.js';

export type Realtime = { close(): Promise<void> };

/** What a workspace feed passes its events to: an agent's socket, or a web chat visitor's. */
export type FeedListener = { enqueue(event: StoredEvent): void };

/** One workspace on this node: its ordered feed and the local sockets it fans out to. */
export type Room = { outbox: WorkspaceOutbox; feed: WorkspaceFeed; subscribers: Set<FeedListener> };

/** Joins a workspace's room on this node (its feed starts with the first socket) and leaves it (closed with the last). */
export type Rooms = { join(workspaceId: number): Room; leave(workspaceId: number, listener: FeedListener): void };

/**
 * P5/IN-17: the websocket at `/socket.io`. Every node hears every committed event through `ctx.bus`, puts each
 * workspace's events in seq order and filters them per socket with the visibility rule. No socket.io adapter:
 * rooms cannot express per-actor filtering, and the bus already reaches every node.
 *
 * Protocol: connect with `auth: { token, lastSeq? }` (or the session cookie). Without `lastSeq` the first message
 * is `ready {seq}`; with it, the missed events come first, then `ready {seq}`. Then `event {seq, type, payload,
 * createdAt, inbox?}` in seq order. Clients keep the highest seq seen and reconnect with it.
 * Web chat visitors use the `/widget` namespace of the same server, fed from the same rooms (visitor-socket.ts).
 */
export function attachRealtime(httpServer: HttpServer, ctx: Context): Realtime {
  const io = new Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    parser: sharedEncodingParser,
  });
  const rooms = new Map<number, Room>();

  function join(workspaceId: number): Room {
    const existing = rooms.get(workspaceId);
    if (existing) return existing;
    const subscribers = new Set<FeedListener>();
    const outbox = {
      after: (afterSeq: number, limit: number) => eventsAfter(ctx.db, workspaceId, afterSeq, limit),
      currentSeq: () => currentSeq(ctx.db, workspaceId),
    };
    const feed = new WorkspaceFeed(outbox, (event) => subscribers.forEach((s) => s.enqueue(event)), ctx.log);
    const room = { outbox, feed, subscribers };
    rooms.set(workspaceId, room);
    return room;
  }

  function leave(workspaceId: number, listener: FeedListener) {
    const room = rooms.get(workspaceId);
    if (!room) return;
    room.subscribers.delete(listener);
    if (room.subscribers.size === 0) {
      room.feed.close();
      rooms.delete(workspaceId);
    }
  }

  async function start(socket: RealtimeSocket, subscriber: Subscriber, room: Room) {
    const { actor, lastSeq } = socket.data;
    try {
      await room.feed.ready;
      // The feed may be ahead of this read (it passed events on meanwhile) or behind it (a hole, or the bus in flight).
      const now = Math.max(await room.outbox.currentSeq(), room.feed.delivered);
      // A lastSeq from the future (say, a restored database) resumes from now; `ready` tells the client where that is.
      subscriber.start(lastSeq === undefined ? now : Math.min(lastSeq, now));
    } catch (err) {
      ctx.log.error({ err, workspaceId: actor.workspaceId }, 'realtime: could not start a socket');
      socket.disconnect(true);
    }
  }

  io.use((socket, next) => {
    handshake(ctx, socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      (err: Error) => next(err),
    );
  });

  io.on('connection', (socket) => {
    const { workspaceId } = socket.data.actor;
    const room = join(workspaceId);
    const subscriber = new Subscriber(socket, {
      outbox: room.outbox,
      feed: room.feed,
      reresolveActor: () => resolveActor(ctx, socket.data.token, socket.data.acceptLanguage),
      log: ctx.log,
    });
    // Joined before anything is awaited, so no event passed on from here is missed.
    room.subscribers.add(subscriber);
    socket.on('disconnect', () => {
      subscriber.close();
      leave(workspaceId, subscriber);
    });
    void start(socket, subscriber, room);
  });

  attachVisitorSockets(io.of('/widget'), ctx, { join, leave });

  const unsubscribe = ctx.bus.subscribe((event) => rooms.get(event.workspaceId)?.feed.receive(event));

  return {
    async close() {
      unsubscribe();
      // Disconnecting every socket empties the rooms and closes their feeds.
      await io.close();
    },
  };
}

async function handshake(ctx: Context, socket: RealtimeSocket): Promise<SocketData> {
  const acceptLanguage = socket.handshake.headers['accept-language'];
  const auth = socket.handshake.auth as { token?: unknown; lastSeq?: unknown };
  const lastSeq = auth.lastSeq ?? undefined;
  if (lastSeq !== undefined && !(typeof lastSeq === 'number' && Number.isSafeInteger(lastSeq) && lastSeq >= 0)) {
    throw refusal('validation_failed', acceptLanguage);
  }
  const cookies = socket.handshake.headers.cookie;
  const token = typeof auth.token === 'string' ? auth.token : cookies ? fastifyCookie.parse(cookies)[SESSION_COOKIE] : undefined;
  if (!token) throw refusal('unauthenticated', acceptLanguage);
  const actor = await resolveActor(ctx, token, acceptLanguage).catch((err: unknown) => {
    ctx.log.error({ err }, 'realtime: resolving a handshake token failed');
    throw refusal('internal_error', acceptLanguage);
  });
  if (!actor) throw refusal('unauthenticated', acceptLanguage);
  return { actor, token, acceptLanguage, lastSeq };
}

/** socket.io hands `message` and `data` to the client's `connect_error`: the machine code and the human message (P4). */
export function refusal(code: ErrorCode, acceptLanguage: string | undefined) {
  return Object.assign(new Error(code), { data: { code, message: errorMessages[code][pickLocale(acceptLanguage)] } });
}
