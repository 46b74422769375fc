import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { StoredEvent } from './types.js';

/** Carries committed events to every node's realtime layer and listeners. */
export interface EventBus {
  publish(events: StoredEvent[]): Promise<void>;
  subscribe(handler: (event: StoredEvent) => void): () => void;
  close(): Promise<void>;
}

export class LocalBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish(events: StoredEvent[]) {
    for (const e of events) this.emitter.emit('event', e);
  }
  subscribe(handler: (event: StoredEvent) => void) {
    this.emitter.on('event', handler);
    return () => void this.emitter.off('event', handler);
  }
  async close() {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'conversa:events';

/** Every node publishes to and hears from one Redis channel; each node filters per socket itself. */
export class RedisBus implements EventBus {
  private readonly local = new LocalBus();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private ready: Promise<unknown>;

  constructor(url: string) {
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { lazyConnect: false });
    this.sub.on('message', (_channel, message: string) => {
      for (const e of JSON.parse(message) as StoredEvent[]) void this.local.publish([e]);
    });
    this.ready = this.sub.subscribe(CHANNEL);
  }
  async publish(events: StoredEvent[]) {
    if (events.length === 0) return;
    await this.ready;
    await this.pub.publish(CHANNEL, JSON.stringify(events));
  }
  subscribe(handler: (event: StoredEvent) => void) {
    return this.local.subscribe(handler);
  }
  async close() {
    await this.local.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
