import { createHmac } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

/** Keep-alive HTTP from the load generator: one socket per concurrent sender, reused for every request. */
export function keepAliveAgent(concurrency: number) {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

export type HttpAnswer = { status: number; body: string };

export function request(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The generic API channel's inbound signature (X-Conversa-Timestamp + HMAC-SHA256 over `<timestamp>.<body>`), as an integrator computes it. */
export function signedHeaders(secret: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'content-type': 'application/json', 'x-conversa-timestamp': timestamp, 'x-conversa-signature': `sha256=${signature}` };
}

export type ClientEvent = { seq: number; type: string; payload: Record<string, any>; createdAt: string; inbox?: string };

/** An agent's websocket, connected and past `ready`; `readySeq` is where its live events start. */
export async function connectAgent(url: string, token: string, onEvent: (event: ClientEvent) => void): Promise<{ socket: Socket; readySeq: number }> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  socket.on('event', onEvent);
  const readySeq = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket: no ready within 30 s')), 30_000);
    socket.once('ready', ({ seq }: { seq: number }) => {
      clearTimeout(timer);
      resolve(seq);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { socket, readySeq };
}

/** The load generator's own event-loop delay: when it is high, latencies measured here include the generator's queueing. */
export function loopDelayMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p99Ms: Math.round(histogram.percentile(99) / 1e4) / 100, maxMs: Math.round(histogram.max / 1e4) / 100 };
  };
}

/** Runs `count` tasks through `concurrency` workers; each gets the next index. */
export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Waits until `done()`, until nothing progressed (`progress()` unchanged) for `stallMs`, or at most `maxMs`. */
export async function waitFor(done: () => boolean, progress: () => number, stallMs: number, maxMs = Infinity) {
  let last = progress();
  let lastChange = Date.now();
  const deadline = Date.now() + maxMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) return false;
  }
  return true;
}
