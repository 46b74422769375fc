import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Conversa } from '../../src/server.js';
import type { Call, client } from '../harness.js';

/**
 * A custom integration on the other end of a generic API channel, speaking the contract the way a real one would
 * (it shares no code with our adapter): it checks our signature, dedupes on Idempotency-Key, answers
 * `{"id": …}`, and can be told to fail, stall or talk nonsense. `deliveries` is what "the contact" received.
 */

export type OutboundBody = { messageId: string; contact: { externalId: string }; text: string; replyToId?: string };
export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; rawBody: string; status: number };
export type Delivery = { id: string; idempotencyKey: string; body: OutboundBody };

type Failure = { status: number; retryAfterSeconds?: number; error?: { code: string; message: string } };

const OUTBOUND_PATH = '/conversa/messages';

export class FakeIntegrator {
  /** The channel's `outboundUrl`. */
  readonly url: string;
  /** Every request received, in order, with the status it was answered. */
  readonly requests: RecordedRequest[] = [];
  /** Messages accepted, once per Idempotency-Key. */
  readonly deliveries: Delivery[] = [];
  /** The most requests it was answering at once, overall and to one contact. */
  maxInFlight = 0;
  maxInFlightToOneContact = 0;
  private readonly inFlight: (string | undefined)[] = [];
  private secret: string | undefined;
  private readonly failures: Failure[] = [];
  private readonly delays: number[] = [];
  private garbage = 0;

  private constructor(
    private readonly server: Server,
    base: string,
  ) {
    this.url = `${base}${OUTBOUND_PATH}`;
  }

  static async start(): Promise<FakeIntegrator> {
    let fake!: FakeIntegrator;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const { status, headers, body, delayMs } = fake.handle(req.method ?? '', req.url ?? '', req.headers, rawBody);
        fake.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, status });
        const contact = parseOutbound(rawBody)?.contact.externalId;
        fake.inFlight.push(contact);
        fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight.length);
        fake.maxInFlightToOneContact = Math.max(fake.maxInFlightToOneContact, fake.inFlight.filter((c) => c === contact).length);
        setTimeout(() => {
          fake.inFlight.splice(fake.inFlight.indexOf(contact), 1);
          if (res.destroyed) return;
          res.writeHead(status, headers);
          res.end(body);
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeIntegrator(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The channel secret our requests must be signed with (known once the channel is created). */
  useSecret(secret: string): void {
    this.secret = secret;
  }

  /** The next `count` sends are refused with `status` before being accepted (429 may carry Retry-After). */
  failNext(count: number, status: number, options: { retryAfterSeconds?: number; error?: { code: string; message: string } } = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, ...options });
  }

  /** The next send is accepted, then answered only after `ms`: a client that gives up first never learns its id. */
  delayNext(ms: number): void {
    this.delays.push(ms);
  }

  /** The next `count` sends get a 200 that is not the documented answer. */
  garbageNext(count = 1): void {
    this.garbage += count;
  }

  /** Requests to the outbound endpoint, parsed. */
  sends(): { headers: IncomingHttpHeaders; body: OutboundBody; status: number }[] {
    return this.requests.filter((r) => r.path === OUTBOUND_PATH).map((r) => ({ headers: r.headers, body: JSON.parse(r.rawBody), status: r.status }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, headers: IncomingHttpHeaders, rawBody: string) {
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) => ({
      status,
      headers: { 'content-type': 'application/json', ...extra },
      body: JSON.stringify(body),
      delayMs: 0,
    });
    if (method !== 'POST' || path !== OUTBOUND_PATH) return json(404, { error: { code: 'not_found', message: 'No such endpoint.' } });
    if (!this.secret || !validSignature(this.secret, rawBody, headers['x-conversa-signature'])) {
      return json(401, { error: { code: 'invalid_signature', message: 'Signature does not match.' } });
    }
    const body = parseOutbound(rawBody);
    const key = headers['idempotency-key'];
    if (!body || typeof key !== 'string' || key !== body.messageId || headers['content-type'] !== 'application/json') {
      return json(400, { error: { code: 'bad_request', message: 'Not a Conversa outbound message.' } });
    }
    const failure = this.failures.shift();
    if (failure) {
      const extra: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      return json(failure.status, failure.error ? { error: failure.error } : { error: { code: 'failure', message: `Failing with ${failure.status}.` } }, extra);
    }
    if (this.garbage > 0) {
      this.garbage--;
      return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Welcome to nginx!</html>', delayMs: 0 };
    }
    let delivery = this.deliveries.find((d) => d.idempotencyKey === key);
    if (!delivery) {
      delivery = { id: `ext-${this.deliveries.length + 1}-${key}`, idempotencyKey: key, body };
      this.deliveries.push(delivery);
    }
    return { ...json(200, { id: delivery.id }), delayMs: this.delays.shift() ?? 0 };
  }
}

function validSignature(secret: string, rawBody: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseOutbound(rawBody: string): OutboundBody | undefined {
  try {
    const body = JSON.parse(rawBody);
    return typeof body?.messageId === 'string' && typeof body.contact?.externalId === 'string' && typeof body.text === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}

// ---- The integration's side of inbound webhooks ----

export type InboundMessage = {
  contact: { externalId: string; name?: string; phone?: string; email?: string };
  message: { id: string; text?: string; replyToId?: string };
};
export type InboundStatus = {
  status: { messageId: string; status: 'delivered' | 'read' | 'failed'; error?: { code: string; message: string } };
};

export type WebhookOptions = {
  /** Sign `<timestamp>.<body>` and send X-Conversa-Timestamp (unix seconds). */
  timestamp?: number;
  /** Sign with another secret (a wrong one). */
  secret?: string;
  /** Send this header value instead of the computed signature; null sends none. */
  signature?: string | null;
  /** Send these bytes instead of the JSON of `body` (signed all the same). */
  rawBody?: string;
};

/** Signs a webhook as the integration would: over the raw body, or `<timestamp>.<body>` when timestamped. */
export function signWebhook(secret: string, rawBody: string, timestamp?: number): Record<string, string> {
  const signed = timestamp === undefined ? rawBody : `${timestamp}.${rawBody}`;
  const signature = `sha256=${createHmac('sha256', secret).update(signed).digest('hex')}`;
  return { 'x-conversa-signature': signature, ...(timestamp === undefined ? {} : { 'x-conversa-timestamp': String(timestamp) }) };
}

/** POSTs a signed webhook to the channel's inbound URL through the server's HTTP stack. */
export async function postWebhook(
  server: Conversa,
  channel: { id: string; secret: string },
  body: InboundMessage | InboundStatus | unknown,
  options: WebhookOptions = {},
): Promise<Call> {
  const rawBody = options.rawBody ?? JSON.stringify(body);
  const signed = signWebhook(options.secret ?? channel.secret, rawBody, options.timestamp);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...signed };
  if (options.signature === null) delete headers['x-conversa-signature'];
  else if (options.signature !== undefined) headers['x-conversa-signature'] = options.signature;
  const res = await server.app.inject({ method: 'POST', url: `/webhooks/api/${channel.id}`, headers, payload: rawBody });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

/** A message from a contact, as the integration posts it. */
export function inboundMessage(contactExternalId: string, messageId: string, text: string, extra: Partial<InboundMessage['contact']> & { replyToId?: string } = {}): InboundMessage {
  const { replyToId, ...contact } = extra;
  return { contact: { externalId: contactExternalId, ...contact }, message: { id: messageId, text, ...(replyToId ? { replyToId } : {}) } };
}

/** A delivery status of a message we sent (`messageId` is our id, as sent). */
export function inboundStatus(messageId: string, status: InboundStatus['status']['status'], error?: { code: string; message: string }): InboundStatus {
  return { status: { messageId, status, ...(error ? { error } : {}) } };
}

/** Connects a generic API channel whose outbound URL is `fake` (as an Owner/Manager) and hands the fake its secret. */
export async function connectApiChannel(api: ReturnType<typeof client>, fake: FakeIntegrator, name = 'Custom app') {
  const res = await api('POST', '/api/v1/channels', { type: 'api', name, config: { outboundUrl: fake.url } });
  if (res.status !== 201) throw new Error(`channel create failed: ${res.status} ${JSON.stringify(res.body)}`);
  fake.useSecret(res.body.secret);
  return res.body as { id: string; secret: string; inboundUrl: string };
}
