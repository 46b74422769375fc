import type { Socket } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { RealtimeClient } from './client';

/** A stand-in for a socket.io client socket: the test plays the server. */
class FakeSocket {
  handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  active = true;
  connects = 0;
  authSent: object[] = [];
  constructor(private readonly auth: (cb: (data: object) => void) => void) {
    this.handshake();
  }
  handshake() {
    this.auth((data) => this.authSent.push(data));
  }
  on(event: string, fn: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  connect() {
    this.connects++;
    this.handshake();
  }
  removeAllListeners() {
    this.handlers.clear();
  }
  disconnect() {
    this.active = false;
  }
}

function setup() {
  let socket!: FakeSocket;
  const onSignedOut = vi.fn();
  const client = new RealtimeClient({
    createSocket: (opts) => {
      socket = new FakeSocket(opts.auth as (cb: (data: object) => void) => void);
      return socket as unknown as Socket;
    },
    onSignedOut,
    retryDelayMs: 10,
  });
  client.start();
  const event = (seq: number, type = 'message.created', extra: object = {}) =>
    socket.emit('event', { seq, type, payload: { n: seq }, createdAt: '2026-01-01T00:00:00Z', ...extra });
  return { client, socket: () => socket, onSignedOut, event };
}

describe('RealtimeClient', () => {
  it('delivers each event once to its subscribers, and to "*" subscribers', () => {
    const { client, socket, event } = setup();
    const created = vi.fn();
    const all = vi.fn();
    client.subscribe('message.created', created);
    client.subscribe('*', all);
    socket().emit('ready', { seq: 3 });
    event(4);
    event(4);
    event(5, 'conversation.updated');
    event(2);
    expect(created.mock.calls.map(([e]) => e.seq)).toEqual([4]);
    expect(all.mock.calls.map(([e]) => e.seq)).toEqual([4, 5]);
  });

  it('reconnects with lastSeq, so the replay fills the gap without repeats', () => {
    const { client, socket, event } = setup();
    const seen: number[] = [];
    client.subscribe('*', (e) => void seen.push(e.seq));
    expect(socket().authSent[0]).toEqual({});
    socket().emit('ready', { seq: 10 });
    event(11);
    event(12);
    socket().emit('disconnect', 'transport close');
    expect(client.getState()).toBe('reconnecting');
    socket().handshake(); // socket.io's automatic reconnection asks for auth again
    expect(socket().authSent[1]).toEqual({ lastSeq: 12 });
    event(12);
    event(13);
    socket().emit('ready', { seq: 13 });
    event(14);
    expect(seen).toEqual([11, 12, 13, 14]);
    expect(client.getState()).toBe('connected');
  });

  it('tells listeners whether to reload (fresh/reset) or not (resumed)', () => {
    const { client, socket } = setup();
    const ready = vi.fn();
    client.onReady(ready);
    socket().emit('ready', { seq: 1 });
    socket().emit('disconnect', 'ping timeout');
    socket().handshake();
    socket().emit('ready', { seq: 1 });
    expect(ready.mock.calls.map(([r]) => r)).toEqual(['fresh', 'resumed']);
  });

  it('exposes the connection state to subscribers', () => {
    const { client, socket } = setup();
    const states: string[] = [];
    client.onStateChange(() => states.push(client.getState()));
    expect(client.getState()).toBe('connecting');
    socket().emit('connect_error', new Error('xhr poll error'));
    socket().emit('ready', { seq: 0 });
    socket().emit('disconnect', 'transport error');
    socket().emit('ready', { seq: 0 });
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('"io server disconnect" (signed out, removed, token revoked) ends the session', () => {
    const { client, socket, onSignedOut } = setup();
    socket().emit('ready', { seq: 1 });
    socket().emit('disconnect', 'io server disconnect');
    expect(onSignedOut).toHaveBeenCalledOnce();
    expect(client.getState()).toBe('idle');
    expect(client.lastSeq).toBeUndefined();
  });

  it('a refused handshake: unauthenticated ends the session, anything else is retried', async () => {
    const a = setup();
    a.socket().active = false;
    a.socket().emit('connect_error', new Error('unauthenticated'));
    expect(a.onSignedOut).toHaveBeenCalledOnce();

    const b = setup();
    b.socket().active = false;
    b.socket().emit('connect_error', new Error('internal_error'));
    expect(b.onSignedOut).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 30));
    expect(b.socket().connects).toBe(1);
  });

  it('a throwing subscriber does not stop the others', () => {
    const { client, socket, event } = setup();
    const second = vi.fn();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    client.subscribe('message.created', () => {
      throw new Error('boom');
    });
    client.subscribe('message.created', second);
    socket().emit('ready', { seq: 0 });
    event(1);
    expect(second).toHaveBeenCalledOnce();
  });

  it('unsubscribe stops delivery', () => {
    const { client, socket, event } = setup();
    const fn = vi.fn();
    const off = client.subscribe('message.created', fn);
    socket().emit('ready', { seq: 0 });
    event(1);
    off();
    event(2);
    expect(fn).toHaveBeenCalledOnce();
  });
});
