import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing a local fake provider shares with the others: an HTTP server on 127.0.0.1 handing each whole request
 * to the fake, answers as plain values, and a provider's redeliveries of one webhook. What a provider says stays in
 * its own fake.
 */

export type FakeRequest = { method: string; url: URL; headers: IncomingHttpHeaders; rawBody: string };
export type FakeAnswer = { status: number; headers: Record<string, string>; body: string | Buffer };
/** A request as the fake saw it and what it answered: what tests read back. */
export type RecordedRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; rawBody: string; status: number };

export const recordOf = ({ method, url, headers, rawBody }: FakeRequest, answer: FakeAnswer): RecordedRequest => ({
  method,
  path: url.pathname,
  query: url.searchParams,
  headers,
  rawBody,
  status: answer.status,
});

/** Serves `handle` on a free port of 127.0.0.1; `baseUrl` is where adapters are pointed. */
export async function serveFake(handle: (request: FakeRequest) => FakeAnswer): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = handle({ method: req.method ?? '', url: new URL(req.url ?? '/', 'http://fake'), headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      // The caller gave up (its timeout): nothing to answer.
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Stops a fake's servers, dropping kept-alive connections so the test process can end. */
export async function closeServers(...servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }),
  );
}

export function jsonAnswer(status: number, body: unknown, contentType = 'application/json'): FakeAnswer {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

/**
 * One webhook call made `times` times (a provider retrying until it gets a 2xx), one after the other or all at once
 * (`concurrent`); the HTTP statuses our server answered, in order.
 */
export async function redeliver(call: () => Promise<number>, options: { times?: number; concurrent?: boolean } = {}): Promise<number[]> {
  const times = options.times ?? 1;
  if (options.concurrent) return Promise.all(Array.from({ length: times }, call));
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push(await call());
  return statuses;
}
