import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { closeServers, jsonAnswer, recordOf, redeliver, serveFake, type FakeAnswer, type RecordedRequest as HttpRecord } from './http-fake.js';

/**
 * A local Twilio built from ../shared/channels/PROVIDERS.md §4, sharing no code with our adapter. It serves the REST
 * paths our adapter calls (the Account, the Messages resource, message media behind a CDN redirect, the Content API's
 * templates) with Twilio's bodies and error envelope `{code, message, more_info, status}`, checks HTTP Basic auth, keeps
 * WhatsApp's 24-hour window per (sender, contact), and plays Twilio's side of webhooks: form-encoded inbound messages to
 * a sender's configured URL and status callbacks to each message's StatusCallback, all signed with X-Twilio-Signature
 * (HMAC-SHA1 of the URL called + the sorted parameters, keyed with the account's auth token). It can fail, rate-limit and
 * redeliver on request.
 */

export type FakeAccount = { accountSid: string; authToken: string; status: 'active' | 'suspended' | 'closed' };
export type FakeSender = { account: FakeAccount; medium: 'sms' | 'whatsapp'; number: string; webhookUrl?: string };
export type RecordedRequest = HttpRecord & { form: URLSearchParams };
export type TwilioError = { code: number; message: string; status: number; retryAfter?: string };
export type FakeContent = {
  sid: string;
  friendly_name: string;
  language: string;
  variables: Record<string, string>;
  types: Record<string, Record<string, unknown>>;
  approval?: { name: string; category: string; status: string; rejection_reason?: string };
};
/** A message the Messages resource accepted (201). */
export type AcceptedMessage = { sid: string; account: FakeAccount; form: URLSearchParams; from: string; to: string; statusCallback: string | null };

const API = '2010-04-01';
const WINDOW_MS = 24 * 3_600_000;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Error bodies as Twilio sends them (fixtures error_20003_401.json, error_21211_400.json). */
export const twilioErrors = {
  authenticate: { code: 20003, message: 'Authenticate', status: 401 },
  invalidTo: (to: string): TwilioError => ({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 }),
  tooManyRequests: { code: 20429, message: 'Too Many Requests', status: 429, retryAfter: '1' },
  pairLimit: { code: 14107, message: 'Reply rate limit hit replying to +14155238886 from +15017122661 over 30 seconds.', status: 400 },
  outsideWindow: {
    code: 63016,
    message: 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
    status: 400,
  },
  internal: { code: 20500, message: 'Internal Server Error', status: 500 },
  unsubscribed: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 },
} satisfies Record<string, TwilioError | ((to: string) => TwilioError)>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const newSid = (prefix: string) => `${prefix}${hex(16)}`;

export class FakeTwilio {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly accepted: AcceptedMessage[] = [];
  /** Webhook POSTs the fake made (inbound messages and status callbacks), with our server's answer. */
  readonly posted: { url: string; params: [string, string][]; status: number; contentType: string | null; body: string }[] = [];
  readonly contents = new Map<string, FakeContent[]>();
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly senders: FakeSender[] = [];
  private readonly services = new Map<string, { account: FakeAccount; senders: FakeSender[] }>();
  private readonly media = new Map<string, { account: FakeAccount; bytes: Buffer; contentType: string }>();
  private readonly lastInbound = new Map<string, number>();
  private readonly failures: TwilioError[] = [];
  /** SIDs to give the next accepted messages (a fixture's status callback names one). */
  readonly nextSids: string[] = [];

  private constructor(
    private readonly server: Server,
    base: string,
    /** Twilio's media CDN: another host, where redirected downloads land (never sent credentials). */
    private readonly cdnServer: Server,
    readonly cdnUrl: string,
  ) {
    this.baseUrl = base;
  }

  static async start(): Promise<FakeTwilio> {
    let fake!: FakeTwilio;
    const api = await serveFake((request) => {
      const form = new URLSearchParams(String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded') ? request.rawBody : '');
      const answer = fake.handle(request.method, request.url, request.headers, form);
      fake.requests.push({ ...recordOf(request, answer), form });
      return answer;
    });
    const cdn = await serveFake((request) => {
      const answer = fake.cdn(request.url);
      const record = recordOf(request, answer);
      fake.requests.push({ ...record, path: `cdn:${record.path}${request.url.search}`, form: new URLSearchParams() });
      return answer;
    });
    fake = new FakeTwilio(api.server, api.baseUrl, cdn.server, cdn.baseUrl);
    return fake;
  }

  addAccount(account: Partial<FakeAccount> = {}): FakeAccount {
    const a: FakeAccount = { accountSid: account.accountSid ?? newSid('AC'), authToken: account.authToken ?? hex(16), status: account.status ?? 'active' };
    this.accounts.set(a.accountSid, a);
    return a;
  }

  /** A number (SMS) or WhatsApp sender of the account; `webhookUrl` is its "A message comes in" setting. */
  addSender(account: FakeAccount, medium: 'sms' | 'whatsapp', number = `+1555${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`): FakeSender {
    const sender: FakeSender = { account, medium, number };
    this.senders.push(sender);
    return sender;
  }

  addMessagingService(account: FakeAccount, senders: FakeSender[], sid = newSid('MG')): string {
    this.services.set(sid, { account, senders });
    return sid;
  }

  /** The channel config that points our adapter at this fake for `sender`. */
  channelConfig(sender: FakeSender, extra: Record<string, unknown> = {}) {
    return { accountSid: sender.account.accountSid, authToken: sender.account.authToken, phoneNumber: sender.number, apiBaseUrl: this.baseUrl, ...extra };
  }

  /** A file Twilio holds for an inbound message: its MediaUrl, under the account's API path. */
  addMedia(account: FakeAccount, messageSid: string, bytes: Buffer, contentType: string): string {
    const mediaSid = newSid('ME');
    this.media.set(mediaSid, { account, bytes, contentType });
    return `${this.baseUrl}/${API}/Accounts/${account.accountSid}/Messages/${messageSid}/Media/${mediaSid}`;
  }

  /** The next `count` calls to the Messages resource fail with `error`. */
  failNext(error: TwilioError, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  /** Calls to the Messages resource, as their forms. */
  sends(): URLSearchParams[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')).map((r) => r.form);
  }

  /** When the contact last wrote to the WhatsApp sender, as the fake's clock has it (tests move it back). */
  setLastInbound(sender: FakeSender, contactNumber: string, at: number): void {
    this.lastInbound.set(`${sender.number}|${contactNumber}`, at);
  }

  close(): Promise<void> {
    return closeServers(this.server, this.cdnServer);
  }

  // ---- Twilio's side of webhooks ----

  /**
   * An inbound message to `sender` from `from` as Twilio posts it to the sender's webhook URL (§4.1): the documented
   * parameters, plus `extra` (media, WhatsApp fields). Redelivered `times` times (concurrently when asked).
   */
  async sendInbound(
    sender: FakeSender,
    from: string,
    body: string,
    extra: Record<string, string> = {},
    options: DeliverOptions = {},
  ): Promise<{ params: [string, string][]; statuses: number[] }> {
    if (!sender.webhookUrl) throw new Error(`no webhook URL set for ${sender.number}`);
    const messageSid = extra.MessageSid ?? newSid(Number(extra.NumMedia ?? 0) > 0 ? 'MM' : 'SM');
    const wa = sender.medium === 'whatsapp' ? 'whatsapp:' : '';
    const params: [string, string][] = [
      ['ToCountry', 'US'],
      ['SmsMessageSid', messageSid],
      ['NumMedia', '0'],
      ...(sender.medium === 'whatsapp' ? ([['ProfileName', 'Contact'], ['MessageType', 'text'], ['WaId', from.slice(1)], ['ReferralNumMedia', '0']] as [string, string][]) : []),
      ['SmsSid', messageSid],
      ['SmsStatus', 'received'],
      ['Body', body],
      ['To', `${wa}${sender.number}`],
      ['NumSegments', '1'],
      ['MessageSid', messageSid],
      ['AccountSid', sender.account.accountSid],
      ['From', `${wa}${from}`],
      ['ApiVersion', API],
    ];
    for (const [key, value] of Object.entries(extra)) {
      const at = params.findIndex(([k]) => k === key);
      if (at >= 0) params[at] = [key, value];
      else params.push([key, value]);
    }
    if (sender.medium === 'whatsapp') this.lastInbound.set(`${sender.number}|${from}`, Date.now());
    const statuses = await this.deliver(sender.webhookUrl, params, { token: sender.account.authToken, ...options });
    return { params, statuses };
  }

  /** A status callback for an accepted message (§4.3), posted to its StatusCallback; `extra` adds ErrorCode and such. */
  async reportStatus(sid: string, status: string, extra: Record<string, string> = {}, options: DeliverOptions = {}): Promise<number[]> {
    const message = this.accepted.find((m) => m.sid === sid);
    if (!message?.statusCallback) throw new Error(`message ${sid} has no StatusCallback`);
    return this.deliver(message.statusCallback, statusParams(message, status, extra), { token: message.account.authToken, ...options });
  }

  /**
   * POSTs `params` form-encoded to `url`, signed as Twilio signs (over `options.signedUrl` when a test wants the
   * signature over another URL, e.g. the public one behind a proxy). `signature: null` leaves the header out.
   */
  async deliver(url: string, params: [string, string][] | Record<string, string>, options: DeliverOptions & { token: string }): Promise<number[]> {
    const list = Array.isArray(params) ? params : Object.entries(params);
    const rawBody = options.rawBody ?? new URLSearchParams(list).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1', ...options.headers };
    if (options.signature !== null) headers['x-twilio-signature'] = options.signature ?? twilioSignature(options.token, options.signedUrl ?? url, list);
    const post = async () => {
      const res = await fetch(url, { method: 'POST', headers, body: rawBody });
      const body = await res.text();
      this.posted.push({ url, params: list, status: res.status, contentType: res.headers.get('content-type'), body });
      return res.status;
    };
    return redeliver(post, options);
  }

  // ---- REST ----

  private handle(method: string, url: URL, headers: IncomingHttpHeaders, form: URLSearchParams) {
    const path = url.pathname;
    const account = this.authenticated(headers);
    const mediaPath = new RegExp(`^/${API}/Accounts/(AC[0-9a-f]{32})/Messages/(?:SM|MM)[0-9a-f]{32}/Media/(ME[0-9a-f]{32})$`).exec(path);
    if (method === 'GET' && mediaPath) return this.mediaRedirect(mediaPath[1]!, mediaPath[2]!, account);
    if (!account) return error(twilioErrors.authenticate);
    if (method === 'GET' && path === '/v1/ContentAndApprovals') return this.contentPage(account, url);
    const accountPath = new RegExp(`^/${API}/Accounts/(AC[0-9a-f]{32})(\\.json|/Messages\\.json)$`).exec(path);
    if (!accountPath || accountPath[1] !== account.accountSid) return error({ code: 20404, message: `The requested resource ${path} was not found`, status: 404 });
    if (method === 'GET' && accountPath[2] === '.json') return this.accountResource(account);
    if (method === 'POST' && accountPath[2] === '/Messages.json') return this.createMessage(account, headers, form);
    return error({ code: 20004, message: 'Method not allowed', status: 405 });
  }

  private authenticated(headers: IncomingHttpHeaders): FakeAccount | undefined {
    const basic = /^Basic (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!basic) return undefined;
    const [sid, token] = Buffer.from(basic, 'base64').toString().split(':');
    const account = this.accounts.get(sid ?? '');
    return account && account.authToken === token ? account : undefined;
  }

  private accountResource(account: FakeAccount) {
    return json(200, {
      sid: account.accountSid,
      owner_account_sid: account.accountSid,
      friendly_name: 'My first Twilio account',
      status: account.status,
      type: 'Full',
      date_created: rfc2822(new Date(Date.now() - 86_400_000)),
      date_updated: rfc2822(new Date()),
      uri: `/${API}/Accounts/${account.accountSid}.json`,
    });
  }

  private createMessage(account: FakeAccount, headers: IncomingHttpHeaders, form: URLSearchParams) {
    if (!String(headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return error({ code: 21602, message: 'Message body is required.', status: 400 });
    }
    const failure = this.failures.shift();
    if (failure) return error(failure);
    const to = form.get('To');
    if (!to) return error({ code: 21604, message: "A 'To' phone number is required.", status: 400 });
    const toChannel = to.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const toNumber = to.replace(/^whatsapp:/, '');
    if (!E164.test(toNumber)) return error(twilioErrors.invalidTo(to));
    const serviceSid = form.get('MessagingServiceSid');
    const service = serviceSid ? this.services.get(serviceSid) : undefined;
    if (serviceSid && service?.account !== account) return error({ code: 21701, message: `The Messaging Service Sid ${serviceSid} is invalid.`, status: 400 });
    const fromParam = form.get('From');
    const sender = fromParam
      ? this.senders.find((s) => s.account === account && `${s.medium === 'whatsapp' ? 'whatsapp:' : ''}${s.number}` === fromParam)
      : service?.senders.find((s) => s.medium === toChannel);
    if (!sender) {
      return error({ code: 21606, message: `The From phone number ${fromParam ?? ''} is not a valid, message-capable Twilio phone number for this account.`, status: 400 });
    }
    if (sender.medium !== toChannel) return error({ code: 21910, message: 'Invalid From and To pair. From and To should be of the same channel', status: 400 });
    const body = form.get('Body');
    const contentSid = form.get('ContentSid');
    if (!body && !contentSid && !form.get('MediaUrl')) return error({ code: 21602, message: 'Message body is required.', status: 400 });
    if (body && body.length > 1600) return error({ code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.', status: 400 });
    if (contentSid) {
      const content = (this.contents.get(account.accountSid) ?? []).find((c) => c.sid === contentSid);
      if (!content) return error({ code: 21655, message: 'The ContentSid is Invalid.', status: 400 });
      const variables = form.get('ContentVariables');
      if (variables !== null && !isJsonObject(variables)) return error({ code: 21656, message: 'The ContentVariables Parameter is invalid.', status: 400 });
    }
    const callback = form.get('StatusCallback');
    if (callback !== null && !/^https?:\/\//.test(callback)) return error({ code: 21609, message: 'Invalid StatusCallback URL', status: 400 });
    const last = this.lastInbound.get(`${sender.number}|${toNumber}`);
    const windowClosed = sender.medium === 'whatsapp' && !contentSid && (last === undefined || Date.now() - last > WINDOW_MS);
    const sid = this.nextSids.shift() ?? newSid(form.get('MediaUrl') ? 'MM' : 'SM');
    const from = `${sender.medium === 'whatsapp' ? 'whatsapp:' : ''}${sender.number}`;
    const message: AcceptedMessage = { sid, account, form, from, to, statusCallback: callback };
    this.accepted.push(message);
    // Outside the window Twilio accepts a free-form WhatsApp message, then reports it failed with 63016.
    if (windowClosed && callback) {
      setTimeout(() => {
        void this.reportStatus(sid, 'failed', { ErrorCode: '63016' }).catch(() => {});
      }, 20);
    }
    const now = rfc2822(new Date());
    return json(201, {
      sid,
      date_created: now,
      date_updated: now,
      date_sent: null,
      account_sid: account.accountSid,
      to,
      from: serviceSid && !fromParam ? null : from,
      messaging_service_sid: serviceSid,
      body: body ?? '',
      status: serviceSid ? 'accepted' : 'queued',
      num_segments: '1',
      num_media: form.getAll('MediaUrl').length.toString(),
      direction: 'outbound-api',
      api_version: API,
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      uri: `/${API}/Accounts/${account.accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/${API}/Accounts/${account.accountSid}/Messages/${sid}/Media.json` },
    });
  }

  /** A media URL answers, to the account's credentials ("HTTP Basic Authentication for media" on), with a redirect to a short-lived CDN link. */
  private mediaRedirect(accountSid: string, mediaSid: string, caller: FakeAccount | undefined) {
    const media = this.media.get(mediaSid);
    if (!media || media.account.accountSid !== accountSid) return error({ code: 20404, message: `The requested resource /Media/${mediaSid} was not found`, status: 404 });
    if (caller !== media.account) return error(twilioErrors.authenticate);
    const link = `${this.cdnUrl}/${media.account.accountSid}/${mediaSid}?Expires=${Math.floor(Date.now() / 1000) + 300}&Signature=${hex(12)}`;
    return { status: 307, headers: { location: link, 'content-type': 'text/plain' }, body: '' };
  }

  private cdn(url: URL): FakeAnswer {
    const media = this.media.get(url.pathname.split('/')[2] ?? '');
    if (!media) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    return { status: 200, headers: { 'content-type': media.contentType, 'content-length': String(media.bytes.length) }, body: media.bytes };
  }

  private contentPage(account: FakeAccount, url: URL) {
    const all = this.contents.get(account.accountSid) ?? [];
    const size = Math.min(Number(url.searchParams.get('PageSize') ?? 50), 1000);
    const start = Number(Buffer.from(url.searchParams.get('PageToken') ?? '', 'base64url').toString() || 0);
    const page = Number(url.searchParams.get('Page') ?? 0);
    const items = all.slice(start, start + size).map(({ approval, ...c }) => ({
      ...c,
      account_sid: account.accountSid,
      date_created: '2025-01-13T23:33:46Z',
      date_updated: '2025-01-13T23:33:46Z',
      approval_requests: approval
        ? { name: approval.name, category: approval.category, content_type: Object.keys(c.types)[0] ?? '', status: approval.status, rejection_reason: approval.rejection_reason ?? '', allow_category_change: false }
        : { name: '', category: '', content_type: '', status: 'unsubmitted', rejection_reason: '', allow_category_change: true },
    }));
    const end = start + items.length;
    const link = (p: number, token?: string) => `https://content.twilio.com/v1/ContentAndApprovals?PageSize=${size}&Page=${p}${token ? `&PageToken=${token}` : ''}`;
    return json(200, {
      contents: items,
      meta: {
        page,
        page_size: size,
        first_page_url: link(0),
        previous_page_url: page > 0 ? link(page - 1) : null,
        url: link(page),
        next_page_url: end < all.length ? link(page + 1, Buffer.from(String(end)).toString('base64url')) : null,
        key: 'contents',
      },
    });
  }
}

export type DeliverOptions = {
  times?: number;
  concurrent?: boolean;
  /** Sign with another token (a forger's). */
  token?: string;
  /** Sign over this URL instead of the one posted to. */
  signedUrl?: string;
  /** A fixed header value, or null for none. */
  signature?: string | null;
  headers?: Record<string, string>;
  /** Post these exact bytes (a fixture's form) instead of encoding the parameters. */
  rawBody?: string;
};

/** The parameters of a status callback (§4.3), in the order Twilio tends to send them. */
function statusParams(message: AcceptedMessage, status: string, extra: Record<string, string>): [string, string][] {
  const serviceSid = message.form.get('MessagingServiceSid');
  const params: [string, string][] = [
    ['SmsSid', message.sid],
    ['SmsStatus', status],
    ['MessageStatus', status],
    ['To', message.to],
    ...(serviceSid ? ([['MessagingServiceSid', serviceSid]] as [string, string][]) : []),
    ['MessageSid', message.sid],
    ['AccountSid', message.account.accountSid],
    ['From', message.from],
    ['ApiVersion', API],
    ...(message.to.startsWith('whatsapp:') ? ([['ChannelPrefix', 'whatsapp'], ['ChannelToAddress', message.to.slice(10)]] as [string, string][]) : []),
  ];
  for (const [key, value] of Object.entries(extra)) params.push([key, value]);
  return params;
}

/** X-Twilio-Signature as the helper libraries compute it (§4.2). */
export function twilioSignature(authToken: string, url: string, params: [string, string][]): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  const names = [...byName.keys()].sort();
  const data = names.reduce((acc, name) => acc + [...byName.get(name)!].sort().map((v) => name + v).join(''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function error(e: TwilioError): FakeAnswer {
  const body = { code: e.code, message: e.message, more_info: `https://www.twilio.com/docs/errors/${e.code}`, status: e.status };
  return { status: e.status, headers: { 'content-type': 'application/json', ...(e.retryAfter ? { 'retry-after': e.retryAfter } : {}) }, body: JSON.stringify(body) };
}

const json = (status: number, body: unknown) => jsonAnswer(status, body, 'application/json; charset=utf-8');
