import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { SequenceTracker, type ReadyResult, type RealtimeEvent } from './sequence';

/**
 * Payload types per event type; a type not listed has an `unknown` payload. Features add theirs by augmentation
 * (of this module, not the index):
 *
 *   declare module '../../realtime/client' { interface RealtimeEventMap { 'message.created': { message: Message } } }
 */
export interface RealtimeEventMap {
  'workspace.updated': { workspace: import('../api/types').Workspace };
}

export type EventType = keyof RealtimeEventMap | (string & {});
export type PayloadOf<T extends string> = T extends keyof RealtimeEventMap ? RealtimeEventMap[T] : unknown;
export type EventHandler<T extends string = string> = (event: RealtimeEvent<PayloadOf<T>>) => void;

/**
 * `idle`: not started or stopped; `connecting`: first connection; `connected`: caught up (after `ready`);
 * `reconnecting`: lost, retrying (missed events are replayed on return).
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export type SocketFactory = (opts: Partial<ManagerOptions & SocketOptions>) => Socket;

export type RealtimeClientOptions = {
  /** How the socket is made (tests pass a fake). */
  createSocket: SocketFactory;
  /** The session is gone (signed out elsewhere, removed, expired): the app goes to the login page. */
  onSignedOut?: () => void;
  /** Delay before retrying after the server refused the handshake for another reason than authentication. */
  retryDelayMs?: number;
};

/**
 * One socket.io connection for the signed-in user. Keeps the highest `seq`, passes it as `lastSeq` on every
 * reconnect so the server replays what was missed, drops repeats, and fans events out to subscribers.
 */
export class RealtimeClient {
  private readonly tracker = new SequenceTracker();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly readyListeners = new Set<(result: ReadyResult) => void>();
  private readonly stateListeners = new Set<() => void>();
  private socket: Socket | undefined;
  private sentLastSeq: number | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private state: ConnectionState = 'idle';
  private everConnected = false;

  constructor(private readonly options: RealtimeClientOptions) {}

  /** Opens the connection (no-op when already started). */
  start() {
    if (this.socket) return;
    const socket = this.options.createSocket({
      path: '/socket.io',
      withCredentials: true,
      // Called on every (re)connection attempt: resume from the last event seen.
      auth: (cb: (data: object) => void) => {
        this.sentLastSeq = this.tracker.lastSeq;
        cb(this.sentLastSeq === undefined ? {} : { lastSeq: this.sentLastSeq });
      },
    });
    this.socket = socket;
    this.setState('connecting');
    socket.on('ready', (data: { seq: number }) => this.handleReady(data));
    socket.on('event', (event: RealtimeEvent) => this.handleEvent(event));
    socket.on('disconnect', (reason: string) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') return this.signedOut();
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    });
    socket.on('connect_error', (err: Error) => {
      if (err.message === 'unauthenticated') return this.signedOut();
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
      // A refused handshake (not a network error) is not retried by socket.io itself.
      if (!socket.active) this.retryTimer = setTimeout(() => socket.connect(), this.options.retryDelayMs ?? 5000);
    });
  }

  /** Closes the connection and forgets the sequence (sign-out). Subscriptions stay. */
  stop() {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners();
    socket?.disconnect();
    this.tracker.reset();
    this.everConnected = false;
    this.setState('idle');
  }

  /** Calls `handler` for each new event of `type` (`'*'`: every type). Returns the unsubscribe function. */
  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T & string>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as EventHandler);
    return () => void set.delete(handler as EventHandler);
  }

  /** Called on each `ready`: `fresh` or `reset` mean "reload lists over REST"; `resumed` means nothing was lost. */
  onReady(listener: (result: ReadyResult) => void): () => void {
    this.readyListeners.add(listener);
    return () => void this.readyListeners.delete(listener);
  }

  getState = (): ConnectionState => this.state;

  onStateChange = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  };

  get lastSeq() {
    return this.tracker.lastSeq;
  }

  private handleReady(data: { seq: number }) {
    if (typeof data?.seq !== 'number') return;
    const result = this.tracker.ready(data.seq, this.sentLastSeq);
    this.everConnected = true;
    this.setState('connected');
    for (const listener of [...this.readyListeners]) safely(() => listener(result));
  }

  private handleEvent(event: RealtimeEvent) {
    if (!event || typeof event.type !== 'string' || !this.tracker.accept(event.seq)) return;
    for (const key of [event.type, '*']) {
      for (const handler of [...(this.handlers.get(key) ?? [])]) safely(() => handler(event));
    }
  }

  private signedOut() {
    this.stop();
    this.options.onSignedOut?.();
  }

  private setState(state: ConnectionState) {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.stateListeners]) listener();
  }
}

/** One failing subscriber must not stop the others (or the socket's own bookkeeping). */
function safely(fn: () => void) {
  try {
    fn();
  } catch (err) {
    console.error('realtime handler failed', err);
  }
}
