import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServers } from './http-fake.js';
import { MetaWebhooks, type SignedDelivery } from './meta-webhooks.js';

/**
 * A local Messenger and Instagram messaging platform (Meta Graph) built from ../shared/channels/PROVIDERS.md §2,
 * sharing no code with our adapter. It serves the Send API (`/{id}/messages`, JSON, form-encoded or multipart with
 * `filedata`) with Graph's answers and error envelopes, `subscribed_apps`, the User Profile API (`GET /{PSID|IGSID}`,
 * with Meta's refusals), and a CDN for attachment and profile picture URLs; it keeps the
 * 24-hour window (7 days with the HUMAN_AGENT tag) per (account, contact) from the messages it delivered; and it plays
 * Meta's side of webhooks: the GET handshake, signed POSTs (X-Hub-Signature-256 over the exact escaped-unicode bytes)
 * that it can repeat, and echoes of accepted sends posted before or after the send is answered.
 */

export type FakeAccount = {
  product: 'messenger' | 'instagram';
  /** `entry[].id` of its webhooks: the Page id, or the Instagram professional account id. */
  id: string;
  /** The node its sends are posted to: the Page (Messenger, or Instagram linked to a Page) or the Instagram account. */
  sender: string;
  accessToken: string;
  /** Instagram linked to a Facebook Page. */
  pageId?: string;
};
export type RecordedRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; rawBody: Buffer; status: number; body?: Record<string, any> };
export type GraphError = { code: number; message: string; type?: string; error_subcode?: number; httpStatus?: number };
export type SentFile = { filename: string; mimeType: string; bytes: Buffer };
/**
 * A person's profile as the User Profile API shows it to the account: Messenger's first and last name, Instagram's name
 * (null when never set) and username; the picture served from the CDN, or a link that has expired.
 */
export type FakeProfile = {
  first_name?: string;
  last_name?: string;
  name?: string | null;
  username?: string;
  picture?: { bytes: Buffer; mimeType: string } | 'expired';
};
/** A send Graph accepted: the account, its parsed body (form fields JSON-decoded) and the uploaded file. */
export type Accepted = { mid: string; account: FakeAccount; body: Record<string, any>; file?: SentFile };

const HOUR = 3_600_000;
const STANDARD_WINDOW_MS = 24 * HOUR;
const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;
/** Tags that return error 100 from April 27, 2026 (§2.2). */
const RETIRED_TAGS = new Set(['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE']);
const ATTACHMENT_TYPES = new Set(['image', 'audio', 'video', 'file']);
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** The User Profile API fields each product documents; asking for another is Graph's "nonexisting field" error. */
const PROFILE_FIELDS = {
  messenger: new Set(['id', 'name', 'first_name', 'last_name', 'profile_pic', 'locale', 'timezone', 'gender']),
  instagram: new Set(['id', 'name', 'username', 'profile_pic', 'follower_count', 'is_user_follow_business', 'is_business_follow_user', 'is_verified_user']),
};
/** The app id our echoes of accepted sends carry. */
export const FAKE_APP_ID = 1517776481860111;

/** Graph error bodies as Meta sends them (§2.2, fixture messenger/graph_error_example.json). */
export const graphErrors = {
  outsideWindow: { code: 10, error_subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' },
  windowClosed: { code: 1545041, message: 'Messaging window closed' },
  rateLimit: { code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' },
  unavailable: { code: 551, error_subcode: 1545041, message: "(#551) This person isn't available right now." },
  retiredTag: { code: 100, message: '(#100) Tag is no longer supported' },
  unexpected: { code: 2, message: 'An unexpected error has occurred. Please retry your request later.', httpStatus: 500 },
  invalidToken: { code: 190, error_subcode: 1234567, message: 'Invalid OAuth access token.' },
  /** Messenger: no profile for this person (an account made with a phone number). */
  noProfile: { code: 100, error_subcode: 2018218, message: '(#100) No profile available for this user.' },
  /** Instagram: the person never messaged the account (a comment alone gives no consent). */
  noConsent: { code: 230, message: 'User consent is required to access user profile.' },
  expiredToken: {
    code: 190,
    error_subcode: 463,
    message: 'Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT. The current time is Sunday, 28-Apr-24 03:40:10 PDT.',
  },
} satisfies Record<string, GraphError>;

export class FakeMeta {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  readonly accepted: Accepted[] = [];
  /** `subscribed_apps` calls that succeeded: the node and its fields. */
  readonly subscribed: { node: string; fields: string[] }[] = [];
  /** How a send outside the window is refused: code 10 / subcode 2018278 (production) or 1545041 (the docs' table). */
  windowError: GraphError = graphErrors.outsideWindow;
  /** The app passed review for the HUMAN_AGENT tag. */
  humanAgentApproved = true;
  /** Echoes of accepted sends (Meta posts them on `message_echoes`, Instagram on `messages`): none, or posted before or after the answer. */
  echoes: 'off' | 'before_answer' | 'after_answer' = 'off';
  /** Awaited after a send is accepted, before it is answered (Meta's webhooks about it can beat the answer). */
  beforeAnswer: ((accepted: Accepted) => Promise<void>) | undefined;
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly lastUserMessageAt = new Map<string, number>();
  private readonly failures: GraphError[] = [];
  private readonly profileFailures = new Map<string, GraphError[]>();
  private readonly profiles = new Map<string, { profile: FakeProfile; pictureUrl?: string }>();
  private profileHold: { waiting: boolean; released: Promise<void> } | undefined;
  private readonly expiredTokens = new Set<string>();
  private readonly cdn = new Map<string, { bytes: Buffer; mimeType: string }>();
  private readonly webhooks: MetaWebhooks;
  private midSeq = 0;

  private constructor(
    private readonly server: Server,
    base: string,
    /** The app secret Meta signs webhooks with. */
    readonly appSecret: string,
  ) {
    this.baseUrl = base;
    this.webhooks = new MetaWebhooks(appSecret);
  }

  static async start(appSecret = `fake-app-secret-${randomBytes(8).toString('hex')}`): Promise<FakeMeta> {
    let fake!: FakeMeta;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const rawBody = Buffer.concat(chunks);
        void fake.handle(req.method ?? '', url, req.headers, rawBody).then((answer) => {
          fake.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, status: answer.status, ...(answer.parsed ? { body: answer.parsed } : {}) });
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          answer.after?.();
        });
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    fake = new FakeMeta(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, appSecret);
    return fake;
  }

  /** A Facebook Page with Messenger. */
  addPage(options: { id?: string; accessToken?: string } = {}): FakeAccount {
    const id = options.id ?? this.newId('1');
    return this.add({ product: 'messenger', id, sender: id, accessToken: options.accessToken ?? `EAAP${randomBytes(16).toString('hex')}` });
  }

  /** An Instagram professional account: through Instagram Login, or linked to a Page (`viaPage`). */
  addInstagram(options: { id?: string; accessToken?: string; viaPage?: boolean } = {}): FakeAccount {
    const id = options.id ?? this.newId('178414');
    const pageId = options.viaPage ? this.newId('1') : undefined;
    return this.add({ product: 'instagram', id, sender: pageId ?? id, accessToken: options.accessToken ?? `IGAA${randomBytes(16).toString('hex')}`, ...(pageId ? { pageId } : {}) });
  }

  /** The channel config that points our adapter at this fake for `account`. */
  channelConfig(account: FakeAccount, extra: Record<string, unknown> = {}) {
    const shared = { appSecret: this.appSecret, verifyToken: 'vibecoding', apiBaseUrl: this.baseUrl, ...extra };
    return account.product === 'messenger'
      ? { pageId: account.id, pageAccessToken: account.accessToken, ...shared }
      : { instagramAccountId: account.id, instagramAccessToken: account.accessToken, ...(account.pageId ? { pageId: account.pageId } : {}), ...shared };
  }

  /** The next `count` sends fail with `error`. */
  failNext(error: GraphError, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  /** The person's profile as `account` may see it; without one, Graph refuses the lookup (Messenger 2018218, Instagram 230). */
  setProfile(account: FakeAccount, personId: string, profile: FakeProfile): void {
    const { picture } = profile;
    const pictureUrl =
      picture === 'expired'
        ? `${this.baseUrl}/cdn/${randomBytes(8).toString('hex')}?oe=${(Math.floor(Date.now() / 1000) - 3600).toString(16)}`
        : picture && this.addCdnFile(picture.bytes, picture.mimeType, { redirect: account.product === 'messenger' });
    this.profiles.set(`${account.id}:${personId}`, { profile, ...(pictureUrl ? { pictureUrl } : {}) });
  }

  /** The next `count` lookups of this person's profile fail with `error`. */
  failNextProfile(personId: string, error: GraphError, count = 1): void {
    this.profileFailures.set(personId, [...(this.profileFailures.get(personId) ?? []), ...Array<GraphError>(count).fill(error)]);
  }

  /** Profile lookups wait until `release` is called; `waiting` tells that one arrived (to act while it is in flight). */
  holdProfiles(): { waiting: () => boolean; release: () => void } {
    let release!: () => void;
    const hold = { waiting: false, released: new Promise<void>((resolve) => (release = resolve)) };
    this.profileHold = hold;
    return { waiting: () => hold.waiting, release: () => { this.profileHold = undefined; release(); } };
  }

  /** User Profile API calls (answered or not) for this person. */
  profileLookups(personId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && r.path.split('/')[2] === personId);
  }

  /** Calls with this token are refused with code 190 from now on. */
  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /** The contact last wrote at `at` as far as Meta knows (the window runs from there). */
  contactWrote(account: FakeAccount, contactId: string, at: number): void {
    this.lastUserMessageAt.set(`${account.id}:${contactId}`, at);
  }

  /** A file on the CDN, as inbound attachment URLs point at (`redirect`: through a lookaside link that redirects). */
  addCdnFile(bytes: Buffer, mimeType: string, options: { redirect?: boolean } = {}): string {
    const key = randomBytes(8).toString('hex');
    this.cdn.set(key, { bytes, mimeType });
    return `${this.baseUrl}/${options.redirect ? 'lookaside' : 'cdn'}/${key}?oh=${randomBytes(6).toString('hex')}`;
  }

  /** Send API calls (accepted or not), parsed. */
  sends(): Record<string, any>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => r.body ?? {});
  }

  close(): Promise<void> {
    return closeServers(this.server);
  }

  // ---- Meta's side of webhooks ----

  /** Sets the callback URL as the App Dashboard does: Meta first verifies it with the GET handshake. */
  subscribe(accountId: string, callbackUrl: string, verifyToken = 'vibecoding'): Promise<{ status: number; body: string }> {
    return this.webhooks.subscribe(accountId, callbackUrl, verifyToken);
  }

  /**
   * POSTs a webhook to the account's callback URL, signed with the app secret over the exact bytes sent; `times` > 1
   * redelivers the same bytes (Meta retries and duplicates), concurrently when `concurrent`.
   */
  async deliver(accountId: string, payload: unknown, options: SignedDelivery = {}): Promise<number[]> {
    this.noteUserMessages(payload);
    return this.webhooks.deliver(accountId, payload, options);
  }

  /** The window opens when the contact writes, clicks a button or reacts (§2.2): remembered per (account, contact). */
  private noteUserMessages(payload: any): void {
    for (const entry of payload?.entry ?? []) {
      for (const item of [...(entry.messaging ?? []), ...(entry.standby ?? [])]) {
        const fromContact = (item.message && !item.message.is_echo) || item.postback || item.reaction;
        if (!fromContact || typeof item.timestamp !== 'number' || item.sender?.id === entry.id) continue;
        const key = `${entry.id}:${item.sender.id}`;
        this.lastUserMessageAt.set(key, Math.max(this.lastUserMessageAt.get(key) ?? 0, item.timestamp));
      }
    }
  }

  // ---- Graph ----

  private async handle(method: string, url: URL, headers: IncomingHttpHeaders, rawBody: Buffer): Promise<Answer> {
    const parts = url.pathname.split('/').filter(Boolean);
    if (method === 'GET' && (parts[0] === 'cdn' || parts[0] === 'lookaside') && parts.length === 2) return this.cdnFile(parts[0], parts[1]!);
    const [version, node, edge] = parts;
    if (!version || !/^v\d+\.\d+$/.test(version) || !node || (!edge && method !== 'GET') || parts.length > 3) {
      return graphError({ code: 2500, message: `Unknown path components: ${url.pathname}`, httpStatus: 400 });
    }
    const token = url.searchParams.get('access_token') ?? /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!token) return graphError({ code: 104, message: 'An access token is required to request this resource.', httpStatus: 400 });
    if (this.expiredTokens.has(token)) return graphError(graphErrors.expiredToken);
    const account = [...this.accounts.values()].find((a) => a.accessToken === token);
    if (!account) return graphError(graphErrors.invalidToken);
    const proof = url.searchParams.get('appsecret_proof');
    if (proof !== null && proof !== createHmac('sha256', this.appSecret).update(token).digest('hex')) {
      return graphError({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument', httpStatus: 400 });
    }
    if (method === 'GET' && !edge && node !== account.sender && node !== 'me') return this.profile(account, node, url.searchParams.get('fields'));
    if (node !== account.sender && node !== 'me') return graphError(unknownObject(node));
    if (method === 'POST' && edge === 'subscribed_apps') {
      const fields = (url.searchParams.get('subscribed_fields') ?? '').split(',').filter(Boolean);
      if (fields.length === 0) return graphError({ code: 100, message: '(#100) The parameter subscribed_fields is required', httpStatus: 400 });
      this.subscribed.push({ node: account.sender, fields });
      return json(200, { success: 'true' });
    }
    if (method === 'POST' && edge === 'messages') {
      const parsed = await parseSendBody(String(headers['content-type'] ?? ''), rawBody);
      if (!parsed) return graphError({ code: 100, message: '(#100) Invalid parameter', httpStatus: 400 });
      return { ...(await this.messages(account, parsed.body, parsed.file)), parsed: parsed.body };
    }
    return graphError(unknownObject(node));
  }

  private async messages(account: FakeAccount, body: Record<string, any>, file: SentFile | undefined): Promise<Answer> {
    const contactId = body.recipient?.id;
    if (typeof contactId !== 'string' || !contactId) return graphError({ code: 100, message: '(#100) The parameter recipient is required', httpStatus: 400 });
    const type = body.messaging_type ?? 'RESPONSE';
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(type)) return graphError({ code: 100, message: '(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}', httpStatus: 400 });
    if (type === 'MESSAGE_TAG' && typeof body.tag !== 'string') return graphError({ code: 100, message: '(#100) Tag is required for MESSAGE_TAG', httpStatus: 400 });
    if (type === 'MESSAGE_TAG' && RETIRED_TAGS.has(body.tag)) return graphError(graphErrors.retiredTag);
    if (type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT' && !this.humanAgentApproved) {
      return graphError({ code: 10, error_subcode: 2018065, message: '(#10) This app has not been approved to use the HUMAN_AGENT tag.' });
    }
    const message = body.message ?? {};
    const attachment = message.attachment;
    if (typeof message.text === 'string') {
      if (!message.text || message.text.length > 2000) return graphError({ code: 100, message: '(#100) Length of param message[text] must be less than or equal to 2000', httpStatus: 400 });
    } else if (attachment && ATTACHMENT_TYPES.has(attachment.type)) {
      if (!file && typeof attachment.payload?.url !== 'string') return graphError({ code: 100, message: '(#100) Upload attachment failure.', httpStatus: 400 });
      if (file && file.bytes.length > MAX_UPLOAD_BYTES) return graphError({ code: 100, error_subcode: 2018047, message: '(#100) Upload attachment failure.', httpStatus: 400 });
    } else {
      return graphError({ code: 100, message: '(#100) Param message must contain text or an attachment', httpStatus: 400 });
    }
    const failure = this.failures.shift();
    if (failure) return graphError(failure);
    const last = this.lastUserMessageAt.get(`${account.id}:${contactId}`);
    const window = type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT' ? HUMAN_AGENT_WINDOW_MS : STANDARD_WINDOW_MS;
    if (last === undefined || Date.now() - last > window) return graphError(this.windowError);
    const mid = `m_${Buffer.from(`${account.id}:${contactId}:${++this.midSeq}:${randomBytes(4).toString('hex')}`).toString('base64url')}`;
    const accepted: Accepted = { mid, account, body, ...(file ? { file } : {}) };
    this.accepted.push(accepted);
    const answer = json(200, { recipient_id: contactId, message_id: mid });
    await this.beforeAnswer?.(accepted);
    if (this.echoes === 'before_answer') await this.echo(accepted);
    if (this.echoes === 'after_answer') answer.after = () => void this.echo(accepted).catch(() => {});
    return answer;
  }

  /**
   * The User Profile API: the person's node with the fields asked for, and `id`. Meta shows it only to an account the
   * person messaged (Instagram says so with code 230) and not for every person (Messenger: 2018218).
   */
  private async profile(account: FakeAccount, personId: string, fieldsParam: string | null): Promise<Answer> {
    const hold = this.profileHold;
    if (hold) {
      hold.waiting = true;
      await hold.released;
    }
    const fields = (fieldsParam ?? 'id').split(',').filter(Boolean);
    const unknown = fields.find((f) => !PROFILE_FIELDS[account.product].has(f));
    if (unknown) return graphError({ code: 100, httpStatus: 400, message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (User)` });
    const failure = this.profileFailures.get(personId)?.shift();
    if (failure) return graphError(failure);
    const key = `${account.id}:${personId}`;
    const known = this.profiles.get(key);
    if (account.product === 'instagram' && (!known || !this.lastUserMessageAt.has(key))) return graphError(graphErrors.noConsent);
    if (!known) return graphError(graphErrors.noProfile);
    const { profile, pictureUrl } = known;
    const node: Record<string, unknown> =
      account.product === 'messenger'
        ? { first_name: profile.first_name, last_name: profile.last_name, profile_pic: pictureUrl }
        : { name: profile.name ?? null, username: profile.username, profile_pic: pictureUrl ?? null };
    const body = Object.fromEntries(fields.filter((f) => node[f] !== undefined).map((f) => [f, node[f]]));
    return json(200, { ...body, id: personId });
  }

  /** The copy of an accepted send Meta posts back: sender = the account, recipient = the contact (§2.1). */
  private async echo({ mid, account, body, file }: Accepted): Promise<void> {
    const content = typeof body.message?.text === 'string'
      ? { text: body.message.text }
      : { attachments: [{ type: body.message.attachment.type, payload: { url: file ? this.addCdnFile(file.bytes, file.mimeType) : body.message.attachment.payload.url } }] };
    const app = account.product === 'messenger' ? { app_id: FAKE_APP_ID } : {};
    const item = { sender: { id: account.id }, recipient: { id: body.recipient.id }, timestamp: Date.now(), message: { mid, is_echo: true, ...app, ...content } };
    await this.deliver(account.id, messagingPayload(account, [item]));
  }

  private cdnFile(kind: string, key: string): Answer {
    const file = this.cdn.get(key);
    if (!file) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'URL signature expired' };
    if (kind === 'lookaside') return { status: 302, headers: { location: `/cdn/${key}` }, body: '' };
    return { status: 200, headers: { 'content-type': file.mimeType, 'content-length': String(file.bytes.length) }, body: file.bytes };
  }

  private add(account: FakeAccount): FakeAccount {
    this.accounts.set(account.id, account);
    return account;
  }

  private newId(prefix: string): string {
    return `${prefix}${String(Date.now()).slice(-8)}${String(this.accounts.size).padStart(3, '0')}${Math.floor(Math.random() * 1000)}`;
  }
}

type Answer = { status: number; headers: Record<string, string>; body: string | Buffer; after?: () => void; parsed?: Record<string, any> };

/** A Send API body: JSON, form-encoded with JSON-string values, or multipart with a `filedata` part (§2.2). */
async function parseSendBody(contentType: string, rawBody: Buffer): Promise<{ body: Record<string, any>; file?: SentFile } | undefined> {
  const decode = (value: string) => {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  };
  try {
    if (contentType.startsWith('application/json')) return { body: JSON.parse(rawBody.toString('utf8')) };
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      return { body: Object.fromEntries([...new URLSearchParams(rawBody.toString('utf8'))].map(([k, v]) => [k, decode(v)])) };
    }
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(rawBody, { headers: { 'content-type': contentType } }).formData();
      const body: Record<string, any> = {};
      let file: SentFile | undefined;
      for (const [key, value] of form) {
        if (typeof value === 'string') body[key] = decode(value);
        else if (key === 'filedata') file = { filename: value.name, mimeType: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
      }
      return { body, ...(file ? { file } : {}) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

// ---- Payload builders (the documented shapes, PROVIDERS.md §2.1) ----

export function messagingPayload(account: FakeAccount, items: Record<string, unknown>[]) {
  return { object: account.product === 'messenger' ? 'page' : 'instagram', entry: [{ id: account.id, time: Date.now(), messaging: items }] };
}

let inboundSeq = 0;
export const newMid = () => `m_IN${++inboundSeq}${randomBytes(6).toString('hex')}`;

/** A message from the contact; `message` adds or overrides keys (attachments, quick_reply, reply_to…). */
export function contactMessage(account: FakeAccount, contactId: string, message: Record<string, unknown>, timestamp = Date.now()) {
  return { sender: { id: contactId }, recipient: { id: account.id }, timestamp, message: { mid: newMid(), ...message } };
}

/** A message the business sent from Meta's own inbox (an echo not made by our app). */
export function inboxEcho(account: FakeAccount, contactId: string, message: Record<string, unknown>, timestamp = Date.now()) {
  return { sender: { id: account.id }, recipient: { id: contactId }, timestamp, message: { mid: newMid(), is_echo: true, ...message } };
}

/** Any other event of the contact (`delivery`, `read`, `postback`, `reaction`…). */
export function contactEvent(account: FakeAccount, contactId: string, event: Record<string, unknown>, timestamp: number | null = Date.now()) {
  return { sender: { id: contactId }, recipient: { id: account.id }, ...(timestamp === null ? {} : { timestamp }), ...event };
}

function unknownObject(id: string): GraphError {
  return {
    code: 100,
    error_subcode: 33,
    type: 'GraphMethodException',
    httpStatus: 400,
    message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  };
}

function graphError(error: GraphError): Answer {
  const { httpStatus, ...rest } = error;
  return json(httpStatus ?? 400, { error: { type: 'OAuthException', ...rest, fbtrace_id: randomBytes(8).toString('base64url') } });
}

function json(status: number, body: unknown): Answer {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
}
