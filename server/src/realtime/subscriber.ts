import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { Actor } from '../domain/visibility/actor.js';
import type { StoredEvent } from '../events/types.js';
import { clientEventFor, type ClientEvent } from './client-event.js';
import type { WorkspaceOutbox } from './workspace-feed.js';

export type ServerToClientEvents = {
  event: (event: ClientEvent) => void;
  ready: (state: { seq: number }) => void;
};

/** Set by the handshake. `acceptLanguage` is kept so a re-resolved actor keeps the locale the first one had. */
export type SocketData = { actor: Actor; token: string; acceptLanguage: string | undefined; lastSeq: number | undefined };

export type RealtimeSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

export type SubscriberDeps = {
  outbox: WorkspaceOutbox;
  /** The workspace feed this socket's live events come from. */
  feed: { readonly delivered: number };
  /** The socket's token resolved again; undefined once it is no longer valid. */
  reresolveActor: () => Promise<Actor | undefined>;
  log: Logger;
};

const REPLAY_PAGE_SIZE = 500;
/** Live events held while the socket replays or re-resolves its actor; past this they are read back from the outbox. */
const MAX_QUEUED = 1000;

/**
 * One socket's place in its workspace's event sequence. Its cursor is the highest seq it has been given or that
 * was filtered out for it; what lies between the cursor and the live feed is read from the outbox (resume,
 * IN-17). Events are handled one at a time in seq order, so each is filtered with the actor as it stood after
 * every earlier event (a demoted agent never receives an event committed after the demotion).
 */
export class Subscriber {
  private actor: Actor;
  private cursor = 0;
  private started = false;
  private awaitingReady = true;
  private running = false;
  private closed = false;
  private readonly queue: StoredEvent[] = [];

  constructor(
    private readonly socket: RealtimeSocket,
    private readonly deps: SubscriberDeps,
  ) {
    this.actor = socket.data.actor;
  }

  /** Every event the workspace feed passes on from the moment the socket joins it, in seq order. */
  enqueue(event: StoredEvent) {
    if (this.closed) return;
    // Everything queued is committed: dropping it leaves a gap that `run` reads back from the outbox.
    if (this.queue.length >= MAX_QUEUED) this.queue.length = 0;
    this.queue.push(event);
    void this.run();
  }

  /** Delivers from `cursor + 1` on; `ready` goes out once the socket has caught up with the live feed. */
  start(cursor: number) {
    this.cursor = cursor;
    this.started = true;
    void this.run();
  }

  close() {
    this.closed = true;
    this.queue.length = 0;
  }

  private async run() {
    if (!this.started || this.running || this.closed) return;
    this.running = true;
    try {
      while (!this.closed) {
        // Whatever this socket lacks before the first queued event (or the feed's position) is in the outbox.
        const missingUpTo = (this.queue[0]?.seq ?? this.deps.feed.delivered + 1) - 1;
        if (this.cursor < missingUpTo) {
          const page = await this.deps.outbox.after(this.cursor, Math.min(REPLAY_PAGE_SIZE, missingUpTo - this.cursor));
          if (page.length === 0) throw new Error(`events ${this.cursor + 1}..${missingUpTo} are missing from the outbox`);
          for (const event of page) if (!this.closed) await this.handle(event);
          continue;
        }
        if (this.awaitingReady) {
          this.awaitingReady = false;
          this.socket.emit('ready', { seq: this.cursor });
        }
        const event = this.queue.shift();
        if (!event) break;
        if (event.seq > this.cursor) await this.handle(event);
      }
    } catch (err) {
      // Disconnecting is safe: the client reconnects with the last seq it saw and resumes from the outbox.
      this.deps.log.error({ err, workspaceId: this.actor.workspaceId }, 'realtime: delivery to a socket failed');
      this.close();
      this.socket.disconnect(true);
    } finally {
      this.running = false;
    }
  }

  private async handle(event: StoredEvent) {
    if (this.changesActor(event)) {
      const actor = await this.deps.reresolveActor();
      if (this.closed) return;
      if (!actor) {
        // Signed out, session expired or user deleted: the socket loses its right to hear anything.
        this.close();
        this.socket.disconnect(true);
        return;
      }
      this.actor = actor;
    }
    this.cursor = event.seq;
    const message = clientEventFor(this.actor, event);
    if (message) this.socket.emit('event', message);
  }

  /**
   * Role and visibility live on the user; team scope changes with any team's membership; a sign-out or a
   * revoked API token may end this socket's token (re-resolving it tells).
   */
  private changesActor(event: StoredEvent): boolean {
    if (this.actor.kind !== 'user') return event.type === 'api_token.revoked';
    if (event.type === 'team.updated') return true;
    return (event.type === 'user.updated' || event.type === 'session.ended') && updatedUserId(event.payload) === this.actor.userId;
  }
}

/** `user.updated` names the user as `user.id` (an edit, carrying the presented user) or `userId` (a deletion, a sign-out). */
function updatedUserId(payload: Record<string, unknown>): number | undefined {
  const id = (payload.user as { id?: unknown } | undefined)?.id ?? payload.userId;
  return typeof id === 'string' ? Number(id) : undefined;
}
