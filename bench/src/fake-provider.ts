import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider on the other end of the generic API channel's outbound calls, holding each number to a rate limit as
 * messaging providers do: at most `limit` messages per `windowMs` to one recipient, else 429 with Retry-After. It
 * checks our signature, dedupes on Idempotency-Key and counts what B4 checks: refusals for the limit, repeated keys.
 */
export class FakeProvider {
  readonly url: string;
  requests = 0;
  accepted = 0;
  rateLimited = 0;
  badRequests = 0;
  /** Requests whose Idempotency-Key had already been accepted: a provider that does not dedupe would send twice. */
  repeatedKeys = 0;
  firstRequestAt = NaN;
  lastAcceptedAt = NaN;
  /** Most messages accepted for one number within one window: must stay at or under the limit. */
  maxInWindow = 0;
  private readonly acceptedKeys = new Map<string, string>();
  private readonly recentByNumber = new Map<string, number[]>();

  private constructor(
    private readonly server: Server,
    base: string,
    private readonly secrets: Map<string, string>,
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.url = base;
  }

  /** `secrets`: channel id → secret; each channel's outboundUrl is `<url>/ch/<channel id>`. */
  static async start(secrets: Map<string, string>, limit: number, windowMs: number): Promise<FakeProvider> {
    let fake!: FakeProvider;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, body, headers } = fake.handle(req.url ?? '', req.headers, Buffer.concat(chunks));
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, secrets, limit, windowMs);
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(path: string, headers: Record<string, string | string[] | undefined>, raw: Buffer) {
    const now = performance.now();
    this.requests++;
    if (Number.isNaN(this.firstRequestAt)) this.firstRequestAt = now;
    const secret = this.secrets.get(/^\/ch\/(\d+)$/.exec(path)?.[1] ?? '');
    const signature = headers['x-conversa-signature'];
    const expected = secret && `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    if (!expected || typeof signature !== 'string' || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      this.badRequests++;
      return { status: 401, body: { error: { code: 'invalid_signature', message: 'Signature does not match.' } } };
    }
    const body = JSON.parse(raw.toString('utf8')) as { messageId: string; contact: { externalId: string } };
    const key = headers['idempotency-key'];
    if (typeof key !== 'string' || key !== body.messageId) {
      this.badRequests++;
      return { status: 400, body: { error: { code: 'bad_request', message: 'Idempotency-Key must be the message id.' } } };
    }
    const known = this.acceptedKeys.get(key);
    if (known) {
      this.repeatedKeys++;
      return { status: 200, body: { id: known } };
    }
    const number = `${path}:${body.contact.externalId}`;
    const recent = (this.recentByNumber.get(number) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.rateLimited++;
      this.recentByNumber.set(number, recent);
      return { status: 429, body: { error: { code: 'rate_limited', message: 'Too many messages to this number.' } }, headers: { 'retry-after': String(Math.ceil(this.windowMs / 1000)) } };
    }
    recent.push(now);
    this.recentByNumber.set(number, recent);
    this.maxInWindow = Math.max(this.maxInWindow, recent.length);
    const id = `prov-${++this.accepted}`;
    this.acceptedKeys.set(key, id);
    this.lastAcceptedAt = now;
    return { status: 200, body: { id } };
  }
}
