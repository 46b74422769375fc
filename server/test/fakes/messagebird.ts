import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { closeServers, jsonAnswer as json, recordOf, redeliver, serveFake, type FakeAnswer, type FakeRequest, type RecordedRequest } from './http-fake.js';

/**
 * A local MessageBird SMS REST API built from ../shared/channels/PROVIDERS.md §5.2, sharing no code with our adapter. It
 * serves `POST /messages` (201 with the message object, or the `{"errors": [...]}` envelope) and `GET /balance`, both
 * behind `Authorization: AccessKey`, and plays MessageBird's side of callbacks: forwarded inbound SMS and status
 * reports as GETs, signed with MessageBird-Signature-JWT (HS256 keyed with the signing key over the exact URL and
 * body), which it can repeat, reorder, expire or tamper with.
 */

export type MessagebirdAccount = { accessKey: string; signingKey: string };
export type MessagebirdError = { httpStatus: number; code: number; description: string; parameter?: string | null; retryAfter?: string };
export type AcceptedMessage = { id: string; accessKey: string; request: Record<string, any> };

/** Error envelopes as MessageBird answers them (fixtures error_auth_401.json, error_not_found.json). */
export const messagebirdErrors = {
  accessKey: { httpStatus: 401, code: 2, description: 'Request not allowed (incorrect access_key)', parameter: 'access_key' },
  noRecipients: { httpStatus: 422, code: 9, description: 'no (correct) recipients found', parameter: 'recipients' },
  balance: { httpStatus: 422, code: 25, description: 'Not enough balance', parameter: null },
  tooManyRequests: { httpStatus: 429, code: 429, description: 'Too many requests', parameter: null, retryAfter: '1' },
  internal: { httpStatus: 500, code: 99, description: 'Internal error', parameter: null },
} satisfies Record<string, MessagebirdError>;

export class FakeMessagebird {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly accepted: AcceptedMessage[] = [];
  /** Message ids to hand out next (a fixture's), before random ones. */
  readonly nextMessageIds: string[] = [];
  private readonly accounts = new Map<string, MessagebirdAccount>();
  private readonly failures: MessagebirdError[] = [];

  private constructor(private readonly server: Server, base: string) {
    this.baseUrl = base;
  }

  static async start(): Promise<FakeMessagebird> {
    let fake!: FakeMessagebird;
    const { server, baseUrl } = await serveFake((request) => {
      const answer = fake.handle(request);
      fake.requests.push(recordOf(request, answer));
      return answer;
    });
    fake = new FakeMessagebird(server, baseUrl);
    return fake;
  }

  addAccount(): MessagebirdAccount {
    const account = { accessKey: randomBytes(13).toString('base64url'), signingKey: randomBytes(32).toString('hex') };
    this.accounts.set(account.accessKey, account);
    return account;
  }

  channelConfig(account: MessagebirdAccount, originator = '3197010260188') {
    return { accessKey: account.accessKey, originator, signingKey: account.signingKey, apiBaseUrl: this.baseUrl };
  }

  /** The next `count` sends are refused with `error`. */
  failNext(error: MessagebirdError, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  /** The bodies of the send requests that reached `/messages`. */
  sends(): Record<string, any>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/messages').map((r) => JSON.parse(r.rawBody));
  }

  close(): Promise<void> {
    return closeServers(this.server);
  }

  // ---- MessageBird's side of callbacks ----

  /**
   * GETs `url` with `params` in the query (a POST form when `body` is true), signed as MessageBird signs: the JWT's
   * `url_hash` covers the exact URL called, `payload_hash` the body. `times` > 1 repeats it, concurrently when
   * `concurrent`. `key` signs with another key; `issuedAt` shifts the token's minute; `signature: null` leaves it out;
   * `tamper` changes the URL after signing.
   */
  async deliver(
    url: string,
    account: MessagebirdAccount,
    params: Record<string, string>,
    options: { form?: boolean; times?: number; concurrent?: boolean; key?: string; issuedAt?: Date; signature?: string | null; tamper?: (url: string) => string } = {},
  ): Promise<number[]> {
    const target = new URL(url);
    const body = options.form ? new URLSearchParams(params).toString() : '';
    if (!options.form) for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
    const signedUrl = target.toString();
    const headers: Record<string, string> = options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
    if (options.signature !== null) {
      headers['messagebird-signature-jwt'] = options.signature ?? signatureJwt(options.key ?? account.signingKey, signedUrl, body, options.issuedAt ?? new Date());
    }
    const called = options.tamper ? options.tamper(signedUrl) : signedUrl;
    return redeliver(async () => (await fetch(called, { method: options.form ? 'POST' : 'GET', headers, ...(options.form ? { body } : {}) })).status, options);
  }

  /** A status report of a message this fake accepted, for its `reportUrl`. */
  statusReport(id: string, status: string, extra: Record<string, string> = {}): { url: string | undefined; params: Record<string, string> } {
    const message = this.accepted.find((m) => m.id === id);
    const params: Record<string, string> = {
      id,
      ...(message?.request.reference ? { reference: message.request.reference } : {}),
      recipient: String(message?.request.recipients?.[0] ?? '31612345678'),
      status,
      statusDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      ...(status === 'delivered' ? { statusReason: 'successfully delivered', statusErrorCode: '0' } : {}),
      'price[amount]': '0.07',
      'price[currency]': 'EUR',
      mccmnc: '20408',
      ported: '0',
      ...extra,
    };
    return { url: message?.request.reportUrl, params };
  }

  // ---- The REST API ----

  private handle({ method, url, headers, rawBody }: FakeRequest) {
    const path = url.pathname;
    const key = /^AccessKey (.+)$/.exec(headers.authorization ?? '')?.[1];
    const account = key ? this.accounts.get(key) : undefined;
    if (!account) return errors(messagebirdErrors.accessKey);
    if (method === 'GET' && path === '/balance') return json(200, { payment: 'prepaid', type: 'euros', amount: 9.62 });
    if (method === 'POST' && path === '/messages') return this.createMessage(account, rawBody);
    return errors({ httpStatus: 404, code: 20, description: 'message not found', parameter: null });
  }

  private createMessage(account: MessagebirdAccount, rawBody: string) {
    let body: Record<string, any>;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return errors({ httpStatus: 422, code: 21, description: 'Bad request', parameter: null });
    }
    if (!body.originator) return errors({ httpStatus: 422, code: 9, description: 'originator is required', parameter: 'originator' });
    if (typeof body.body !== 'string' || body.body === '') return errors({ httpStatus: 422, code: 9, description: 'body is required', parameter: 'body' });
    const failure = this.failures.shift();
    if (failure) return errors(failure);
    const recipients: unknown[] = Array.isArray(body.recipients) ? body.recipients : [];
    if (recipients.length === 0 || !recipients.every((r) => /^\d{7,15}$/.test(String(r)))) return errors(messagebirdErrors.noRecipients);
    const id = this.nextMessageIds.shift() ?? randomBytes(16).toString('hex');
    this.accepted.push({ id, accessKey: account.accessKey, request: body });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    // The message object of fixture sms_message_object.json.
    return json(201, {
      id,
      href: `https://rest.messagebird.com/messages/${id}`,
      direction: 'mt',
      type: body.type ?? 'sms',
      originator: body.originator,
      body: body.body,
      reference: body.reference ?? null,
      validity: body.validity ?? null,
      gateway: 10,
      typeDetails: {},
      datacoding: body.datacoding === 'auto' ? ([...body.body].some((c: string) => c.charCodeAt(0) > 127) ? 'unicode' : 'plain') : (body.datacoding ?? 'plain'),
      mclass: 1,
      scheduledDatetime: null,
      createdDatetime: now,
      recipients: {
        totalCount: recipients.length,
        totalSentCount: recipients.length,
        totalDeliveredCount: 0,
        totalDeliveryFailedCount: 0,
        items: recipients.map((r) => ({ recipient: Number(r), status: 'sent', statusDatetime: now, messagePartCount: 1 })),
      },
    });
  }
}

/** An SMS forwarded from a virtual number (PROVIDERS.md §5.2). */
export function inboundSms(originator: string, recipient: string, body: string): Record<string, string> {
  return { id: randomBytes(16).toString('hex'), recipient, originator, body, createdDatetime: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00') };
}

/** MessageBird-Signature-JWT: HS256, issuer MessageBird, valid for a minute from `issuedAt`, url_hash and (with a body) payload_hash. */
export function signatureJwt(signingKey: string, url: string, body: string, issuedAt: Date): string {
  const nbf = Math.floor(issuedAt.getTime() / 1000);
  const claims: Record<string, unknown> = { iss: 'MessageBird', nbf, exp: nbf + 60, jti: randomUUID(), url_hash: sha256(url) };
  if (body !== '') claims.payload_hash = sha256(body);
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', signingKey).update(signingInput).digest('base64url')}`;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function errors(error: MessagebirdError): FakeAnswer {
  const answer = json(error.httpStatus, { errors: [{ code: error.code, description: error.description, parameter: error.parameter ?? null }] });
  if (error.retryAfter) answer.headers['retry-after'] = error.retryAfter;
  return answer;
}
