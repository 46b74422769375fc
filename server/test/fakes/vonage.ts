import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { closeServers, jsonAnswer as json, recordOf, redeliver, serveFake, type FakeRequest, type RecordedRequest } from './http-fake.js';

/**
 * A local Vonage SMS API built from ../shared/channels/PROVIDERS.md §5.1, sharing no code with our adapter. It serves
 * `POST /sms/json` (key and secret in the body; HTTP 200 with a status per part, a long text split in parts as Vonage
 * does) and `GET /account/get-balance`, and plays Vonage's side of webhooks: inbound SMS and delivery receipts as a
 * GET query, a form or JSON, signed with the account's signature secret (`sig`), repeated and reordered at will; a long
 * inbound SMS as its parts, reordered, repeated or with a part lost.
 */

export type SignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';
export type VonageAccount = { apiKey: string; apiSecret: string; signatureSecret: string; signatureMethod: SignatureMethod };
/**
 * A refused part (`status` ≠ "0", HTTP 200; after `acceptedParts` parts of a long text went through) or a refusal of
 * the whole request (an HTTP status).
 */
export type VonageFailure = { status: string; errorText: string; acceptedParts?: number } | { httpStatus: number; body?: unknown; retryAfter?: string };
/** `handsetText`: what the contact's phone shows (outside GSM-7, a `text` message loses its characters). */
export type AcceptedSms = { apiKey: string; request: Record<string, string>; messageIds: string[]; handsetText: string };
export type WebhookStyle = 'get' | 'form' | 'json';

/** Refusals of `/sms/json` as Vonage words them (PROVIDERS.md §5.1 status codes). */
export const vonageFailures = {
  throttled: { status: '1', errorText: 'Throttled' },
  badCredentials: { status: '4', errorText: 'Bad Credentials' },
  invalidTo: { status: '3', errorText: 'Invalid to address' },
  numberBarred: { status: '7', errorText: 'Number barred.' },
  quota: { status: '9', errorText: 'Quota Exceeded - rejected' },
  internal: { status: '5', errorText: 'Internal Error' },
} satisfies Record<string, VonageFailure>;

const GSM = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€',
);

export class FakeVonage {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly accepted: AcceptedSms[] = [];
  /** Message ids to hand out next (a fixture's), before random ones. */
  readonly nextMessageIds: string[] = [];
  private readonly accounts = new Map<string, VonageAccount>();
  private readonly failures: VonageFailure[] = [];

  private constructor(private readonly server: Server, base: string) {
    this.baseUrl = base;
  }

  static async start(): Promise<FakeVonage> {
    let fake!: FakeVonage;
    const { server, baseUrl } = await serveFake((request) => {
      const answer = fake.handle(request);
      fake.requests.push(recordOf(request, answer));
      return answer;
    });
    fake = new FakeVonage(server, baseUrl);
    return fake;
  }

  addAccount(account: Partial<VonageAccount> = {}): VonageAccount {
    const created: VonageAccount = {
      apiKey: account.apiKey ?? randomBytes(4).toString('hex'),
      apiSecret: account.apiSecret ?? randomBytes(8).toString('base64url'),
      signatureSecret: account.signatureSecret ?? randomBytes(24).toString('base64url'),
      signatureMethod: account.signatureMethod ?? 'md5hash',
    };
    this.accounts.set(created.apiKey, created);
    return created;
  }

  /** The channel config that points our adapter at this fake. */
  channelConfig(account: VonageAccount, from = '14155550100') {
    const { apiKey, apiSecret, signatureSecret, signatureMethod } = account;
    return { apiKey, apiSecret, from, signatureSecret, signatureMethod, apiBaseUrl: this.baseUrl };
  }

  /** The next `count` sends are refused with `failure`. */
  failNext(failure: VonageFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** The send requests that reached `/sms/json`, as Vonage read their fields. */
  sends(): Record<string, string>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/sms/json').map((r) => fieldsOf(r.headers, r.rawBody));
  }

  close(): Promise<void> {
    return closeServers(this.server);
  }

  // ---- Vonage's side of webhooks ----

  /**
   * Calls `url` with `params` as Vonage would (GET query by default, or a form or JSON POST), adding `api-key`,
   * `timestamp` and `nonce` and signing them all; `times` > 1 repeats the same request (Vonage retries until it gets a
   * 2xx), concurrently when `concurrent`. `sig: null` sends it unsigned; `secret` signs with another secret.
   */
  async deliver(
    url: string,
    account: VonageAccount,
    params: Record<string, string>,
    options: { style?: WebhookStyle; times?: number; concurrent?: boolean; secret?: string; sig?: string | null; tamper?: Record<string, string> } = {},
  ): Promise<number[]> {
    const signed: Record<string, string> = {
      'api-key': account.apiKey,
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: randomBytes(8).toString('hex'),
      ...params,
    };
    if (options.sig !== null) signed.sig = options.sig ?? sign(signed, options.secret ?? account.signatureSecret, account.signatureMethod);
    // Fields changed after signing: what a forger in the middle would do.
    Object.assign(signed, options.tamper ?? {});
    return redeliver(() => request(url, signed, options.style ?? 'get'), options);
  }

  /**
   * Delivers the parts of a long inbound SMS (from `inboundParts`) as Vonage would, one signed callback each: in
   * `order` (part numbers, by default 1, 2, …), the parts in `duplicate` twice (the same request again, as Vonage
   * retries it), the parts in `drop` never (a carrier lost them), each after the other or all at once (`concurrent`).
   * The statuses of the calls made, in the order `order` names them.
   */
  async deliverParts(
    url: string,
    account: VonageAccount,
    parts: Record<string, string>[],
    options: { order?: number[]; duplicate?: number[]; drop?: number[]; concurrent?: boolean; style?: WebhookStyle } = {},
  ): Promise<number[]> {
    const order = (options.order ?? parts.map((_, i) => i + 1)).filter((n) => !options.drop?.includes(n));
    const deliverOne = (n: number) => this.deliver(url, account, parts[n - 1]!, { style: options.style, times: options.duplicate?.includes(n) ? 2 : 1, concurrent: options.concurrent });
    if (options.concurrent) return (await Promise.all(order.map(deliverOne))).flat();
    const statuses: number[] = [];
    for (const n of order) statuses.push(...(await deliverOne(n)));
    return statuses;
  }

  /** A delivery receipt for one part of a message this fake accepted (to the send's `callback`, or `url`). */
  receipt(messageId: string, status: string, errCode = '0', extra: Record<string, string> = {}): { url: string | undefined; params: Record<string, string> } {
    const sms = this.accepted.find((a) => a.messageIds.includes(messageId));
    const now = new Date();
    const params: Record<string, string> = {
      msisdn: sms?.request.to ?? '447700900000',
      to: sms?.request.from ?? 'Vonage',
      'network-code': '23410',
      messageId,
      price: '0.03330000',
      status,
      scts: now.toISOString().replace(/\D/g, '').slice(2, 12),
      'err-code': errCode,
      'message-timestamp': now.toISOString().slice(0, 19).replace('T', ' '),
      ...(sms?.request['client-ref'] ? { 'client-ref': sms.request['client-ref'] } : {}),
      ...extra,
    };
    return { url: sms?.request.callback, params };
  }

  // ---- The SMS API ----

  private handle({ method, url, headers, rawBody }: FakeRequest) {
    if (method === 'GET' && url.pathname === '/account/get-balance') {
      const account = this.accounts.get(url.searchParams.get('api_key') ?? '');
      if (!account || account.apiSecret !== url.searchParams.get('api_secret')) return json(401, { 'error-code': '401', 'error-code-label': 'authentication failed' });
      return json(200, { value: 10.28, autoReload: false });
    }
    if (method === 'POST' && url.pathname === '/sms/json') return this.sendSms(fieldsOf(headers, rawBody));
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Not Found</body></html>' };
  }

  private sendSms(fields: Record<string, string>) {
    const refuse = (status: string, errorText: string) => json(200, { 'message-count': '1', messages: [{ status, 'error-text': errorText }] });
    for (const name of ['api_key', 'api_secret', 'from', 'to', 'text']) {
      if (!fields[name]) return refuse('2', `Missing ${name} param`);
    }
    const account = this.accounts.get(fields.api_key!);
    if (!account || account.apiSecret !== fields.api_secret) return refuse('4', 'Bad Credentials');
    const failure = this.failures.shift();
    if (failure && 'httpStatus' in failure) {
      return { status: failure.httpStatus, headers: { 'content-type': 'application/json', ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}) }, body: JSON.stringify(failure.body ?? {}) };
    }
    if (failure && !failure.acceptedParts) return refuse(failure.status, failure.errorText);
    if (!/^\d{7,15}$/.test(fields.to!)) return refuse('3', 'Invalid to address');
    const unicode = fields.type === 'unicode';
    const parts = partsOf(fields.text!, unicode);
    const messageIds = parts.map(() => this.nextMessageIds.shift() ?? randomBytes(8).toString('hex').toUpperCase());
    if (failure) {
      const sent = messageIds.slice(0, failure.acceptedParts).map((id) => ({ to: fields.to, 'message-id': id, status: '0' }));
      return json(200, { 'message-count': String(parts.length), messages: [...sent, { status: failure.status, 'error-text': failure.errorText }] });
    }
    // Characters outside GSM-7 survive only in a unicode message: a text message arrives with them lost.
    const handsetText = unicode ? fields.text! : [...fields.text!].map((c) => (GSM.has(c) ? c : '?')).join('');
    this.accepted.push({ apiKey: account.apiKey, request: fields, messageIds, handsetText });
    return json(200, {
      'message-count': String(parts.length),
      messages: messageIds.map((id) => ({
        to: fields.to,
        'message-id': id,
        status: '0',
        'remaining-balance': '10.28',
        'message-price': '0.03330000',
        network: '23410',
        ...(fields['client-ref'] ? { 'client-ref': fields['client-ref'] } : {}),
      })),
    });
  }
}

/** How Vonage splits a text: one SMS up to 160 GSM / 70 UCS-2 characters, else parts of 153 / 67 (the rest is the UDH). */
function partsOf(text: string, unicode: boolean): string[] {
  const chars = [...text];
  const [single, part] = unicode ? [70, 67] : [160, 153];
  if (chars.length <= single) return [text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += part) parts.push(chars.slice(i, i + part).join(''));
  return parts;
}

/**
 * A long inbound text as the parts Vonage delivers: split as the handset does (153 GSM / 67 UCS-2 characters a part),
 * each with its own messageId and the concat fields (`concat` "true", the shared one-byte `concat-ref`, `concat-total`,
 * `concat-part` from 1).
 */
export function inboundParts(msisdn: string, to: string, text: string): Record<string, string>[] {
  const unicode = ![...text].every((c) => GSM.has(c));
  const parts = partsOf(text, unicode);
  const ref = String(Math.floor(Math.random() * 256));
  return parts.map((part, i) => ({
    msisdn,
    to,
    messageId: randomBytes(8).toString('hex').toUpperCase(),
    text: part,
    type: unicode ? 'unicode' : 'text',
    keyword: (part.split(/\s/)[0] ?? '').toUpperCase(),
    'message-timestamp': new Date().toISOString().slice(0, 19).replace('T', ' '),
    concat: 'true',
    'concat-ref': ref,
    'concat-total': String(parts.length),
    'concat-part': String(i + 1),
  }));
}

/** An inbound SMS as Vonage sends it. */
export function inboundSms(msisdn: string, to: string, text: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    msisdn,
    to,
    messageId: randomBytes(8).toString('hex').toUpperCase(),
    text,
    type: [...text].every((c) => GSM.has(c)) ? 'text' : 'unicode',
    keyword: (text.split(/\s/)[0] ?? '').toUpperCase(),
    'message-timestamp': new Date().toISOString().slice(0, 19).replace('T', ' '),
    ...extra,
  };
}

/** Vonage's `sig` (PROVIDERS.md §5.1): sorted `&key=value` without `sig`, `&`/`=` in values as `_`; md5 with the secret appended, or an HMAC. */
export function sign(params: Record<string, string>, secret: string, method: SignatureMethod): string {
  let query = '';
  for (const key of Object.keys(params).sort()) {
    if (key !== 'sig') query += `&${key}=${params[key]!.replace(/&/g, '_').replace(/=/g, '_')}`;
  }
  if (method === 'md5hash') return createHash('md5').update(query + secret).digest('hex');
  return createHmac(method, secret).update(query).digest('hex').toUpperCase();
}

async function request(url: string, params: Record<string, string>, style: WebhookStyle): Promise<number> {
  if (style === 'get') {
    const target = new URL(url);
    for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
    return (await fetch(target)).status;
  }
  const body = style === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
  const contentType = style === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  return (await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body })).status;
}

function fieldsOf(headers: IncomingHttpHeaders, rawBody: string): Record<string, string> {
  if (String(headers['content-type']).startsWith('application/json')) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(rawBody) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(rawBody));
}
