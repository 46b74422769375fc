import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServers } from './http-fake.js';
import { MetaWebhooks, type SignedDelivery } from './meta-webhooks.js';

/**
 * A local WhatsApp Cloud API (Meta Graph) built from ../shared/channels/PROVIDERS.md §1, sharing no code with our
 * adapter. It serves the Graph paths our adapter calls (send and mark-read, the phone number, media, templates) with
 * Graph's bodies and error envelopes, keeps the 24-hour customer-service window per (number, wa_id), and plays Meta's
 * side of webhooks: the GET verification handshake, then signed POSTs (X-Hub-Signature-256 over the exact bytes, in
 * Meta's escaped-unicode form) that it can repeat, batch and reorder.
 */

export type FakeNumber = { phoneNumberId: string; wabaId: string; accessToken: string; displayPhoneNumber: string };
export type RecordedRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; rawBody: string; status: number };
export type GraphError = { code: number; message: string; type?: string; error_subcode?: number; details?: string; httpStatus?: number };
export type FakeTemplate = { name: string; language: string; status: string; category: string; components: unknown[] };

const WINDOW_MS = 24 * 3_600_000;
const MB = 1024 * 1024;
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);
/** The image, audio, video and sticker types the media endpoint takes, with their size limits (PROVIDERS.md §1.8). */
const UPLOAD_LIMITS: Record<string, number> = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500 * 1024,
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
};

/** Graph error bodies as Meta sends them (fixtures graph_error_*.json). */
export const graphErrors = {
  reengagement: {
    code: 131047,
    message: '(#131047) Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  rateLimit: { code: 130429, message: '(#130429) Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  pairRateLimit: { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit', details: 'Too many messages sent to this phone number.' },
  undeliverable: { code: 131026, message: '(#131026) Message Undeliverable', details: 'Unable to deliver message.' },
  somethingWentWrong: { code: 131000, message: '(#131000) Something went wrong', httpStatus: 500 },
  tokenExpired: {
    code: 190,
    error_subcode: 463,
    httpStatus: 401,
    message: 'Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT. The current time is Sunday, 28-Apr-24 03:40:10 PDT.',
  },
} satisfies Record<string, GraphError>;

/** The item of `statuses[].errors[]` for a message refused outside the window (fixture status_failed_131047_errors_item.json). */
export const reengagementStatusError = {
  code: 131047,
  title: 'Re-engagement message',
  message: 'Re-engagement message',
  error_data: { details: graphErrors.reengagement.details },
  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
};

export class FakeWhatsApp {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];
  /** Files uploaded to `/{phoneNumberId}/media`, with the media id Graph gave each. */
  readonly uploads: { id: string; phoneNumberId: string; mimeType: string; filename: string; bytes: Buffer }[] = [];
  /** Messages Graph accepted, with the wamid it gave each. */
  readonly accepted: { wamid: string; phoneNumberId: string; body: Record<string, any> }[] = [];
  readonly templates = new Map<string, FakeTemplate[]>();
  private readonly numbers = new Map<string, FakeNumber>();
  private readonly media = new Map<string, { bytes: Buffer; mimeType: string; staleOnce: boolean }>();
  private readonly lastUserMessageAt = new Map<string, number>();
  private readonly failures: GraphError[] = [];
  private readonly expiredTokens = new Set<string>();
  private readonly webhooks: MetaWebhooks;
  private wamidSeq = 0;
  /**
   * Numbers Meta knows under another wa_id (digits sent → wa_id): Brazil and Mexico numbers may be rewritten (§1.7), e.g.
   * a Mexican mobile sent to as 52 55… is wa_id 521 55…, which the send answer's `contacts[].wa_id` and webhooks carry.
   */
  readonly waIds = new Map<string, string>();
  /** Non-template sends outside the window: an async `failed` status (what Meta does in practice) or a sync 400. */
  windowMode: 'async' | 'sync' = 'async';
  /** Called with each message Graph accepts, as it is accepted (the simulator prints agents' replies live). */
  onAccepted: ((message: FakeWhatsApp['accepted'][number]) => void) | undefined;

  private constructor(
    private readonly server: Server,
    base: string,
    /** The app secret Meta signs webhooks with. */
    readonly appSecret: string,
  ) {
    this.baseUrl = base;
    this.webhooks = new MetaWebhooks(appSecret);
  }

  /** `port` 0 picks a free one; the simulator passes a fixed one so its channels still point here after a restart. */
  static async start(appSecret = `fake-app-secret-${randomBytes(8).toString('hex')}`, options: { port?: number } = {}): Promise<FakeWhatsApp> {
    let fake!: FakeWhatsApp;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const bytes = Buffer.concat(chunks);
        const rawBody = bytes.toString('utf8');
        const answer = await fake.handle(req.method ?? '', url, req.headers, bytes);
        fake.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, status: answer.status });
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
    // A port in use rejects here rather than crashing the process.
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
    fake = new FakeWhatsApp(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, appSecret);
    return fake;
  }

  /** A business number this fake serves, reachable with `accessToken`. */
  addNumber(number: Partial<FakeNumber> = {}): FakeNumber {
    const n: FakeNumber = {
      phoneNumberId: number.phoneNumberId ?? String(100000000000000 + this.numbers.size),
      wabaId: number.wabaId ?? String(200000000000000 + this.numbers.size),
      accessToken: number.accessToken ?? `EAAG${randomBytes(16).toString('hex')}`,
      displayPhoneNumber: number.displayPhoneNumber ?? '15550783881',
    };
    this.numbers.set(n.phoneNumberId, n);
    return n;
  }

  /** The channel config that points our adapter at this fake for `number`. */
  channelConfig(number: FakeNumber, verifyToken = 'vibecoding') {
    return { phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, accessToken: number.accessToken, appSecret: this.appSecret, verifyToken, apiBaseUrl: this.baseUrl };
  }

  addMedia(mediaId: string, bytes: Buffer, mimeType: string, options: { staleUrlOnce?: boolean } = {}): void {
    this.media.set(mediaId, { bytes, mimeType, staleOnce: options.staleUrlOnce ?? false });
  }

  /** The next `count` Graph calls to /messages fail with `error`. */
  failNext(error: GraphError, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  /** Calls with this token are refused with code 190 from now on. */
  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  /** Send requests (mark-read excluded), parsed. */
  sends(): Record<string, any>[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => JSON.parse(r.rawBody)).filter((b) => b.status !== 'read');
  }

  markedRead(): string[] {
    return this.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && r.status === 200)
      .map((r) => JSON.parse(r.rawBody))
      .filter((b) => b.status === 'read')
      .map((b) => b.message_id);
  }

  close(): Promise<void> {
    return closeServers(this.server);
  }

  // ---- Meta's side of webhooks ----

  /** Sets the callback URL as the App Dashboard does: Meta first verifies it with the GET handshake. */
  subscribe(phoneNumberId: string, callbackUrl: string, verifyToken: string): Promise<{ status: number; body: string }> {
    return this.webhooks.subscribe(phoneNumberId, callbackUrl, verifyToken);
  }

  /**
   * POSTs a webhook to the number's callback URL, signed with the app secret over the exact bytes sent; `times` > 1
   * redelivers the same bytes (Meta retries and duplicates), concurrently when `concurrent`.
   */
  async deliver(phoneNumberId: string, payload: unknown, options: SignedDelivery = {}): Promise<number[]> {
    this.noteUserMessages(payload);
    return this.webhooks.deliver(phoneNumberId, payload, options);
  }

  /** The window opens when the user writes: inbound messages the fake delivers are remembered per (number, wa_id). */
  private noteUserMessages(payload: any): void {
    for (const entry of payload?.entry ?? []) {
      for (const change of entry.changes ?? []) {
        for (const m of change.value?.messages ?? []) {
          const key = `${change.value.metadata?.phone_number_id}:${m.from}`;
          this.lastUserMessageAt.set(key, Math.max(this.lastUserMessageAt.get(key) ?? 0, Number(m.timestamp) * 1000));
        }
      }
    }
  }

  // ---- Graph ----

  private async handle(method: string, url: URL, headers: IncomingHttpHeaders, bytes: Buffer) {
    const rawBody = bytes.toString('utf8');
    const parts = url.pathname.split('/').filter(Boolean);
    if (method === 'GET' && url.pathname === '/whatsapp_business/attachments/') return this.download(url, headers);
    const [version, id, edge] = parts;
    if (!version || !/^v\d+\.\d+$/.test(version) || !id || parts.length > 3) return graphError({ code: 2500, message: `Unknown path components: ${url.pathname}`, type: 'OAuthException', httpStatus: 400 });
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!token) return graphError({ code: 2500, message: 'An active access token must be used to query information about the current user.', type: 'OAuthException', httpStatus: 400 });
    if (this.expiredTokens.has(token)) return graphError(graphErrors.tokenExpired);
    const number = this.numbers.get(id) ?? [...this.numbers.values()].find((n) => n.wabaId === id);
    if (number && number.accessToken !== token) return graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', httpStatus: 401 });
    if (method === 'GET' && edge === undefined && this.media.has(id)) return this.mediaUrl(id, url);
    if (!number || !this.tokenKnown(token)) return graphError(unknownObject(id));
    if (method === 'GET' && edge === undefined && number.phoneNumberId === id) {
      return json(200, { verified_name: 'Lucky Shrub', display_phone_number: number.displayPhoneNumber, id, quality_rating: 'GREEN', platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' } });
    }
    if (method === 'GET' && edge === 'message_templates' && number.wabaId === id) return this.templatePage(id, url);
    if (method === 'POST' && edge === 'messages' && number.phoneNumberId === id) return this.messages(number, headers, rawBody);
    if (method === 'POST' && edge === 'media' && number.phoneNumberId === id) return this.upload(number, headers, bytes);
    return graphError(unknownObject(id));
  }

  private tokenKnown(token: string): boolean {
    return [...this.numbers.values()].some((n) => n.accessToken === token);
  }

  private messages(number: FakeNumber, headers: IncomingHttpHeaders, rawBody: string) {
    let body: any;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return graphError({ code: 100, message: '(#100) Invalid parameter', httpStatus: 400 });
    }
    if (!String(headers['content-type']).startsWith('application/json') || body?.messaging_product !== 'whatsapp') {
      return graphError({ code: 100, message: '(#100) The parameter messaging_product is required.', httpStatus: 400 });
    }
    const failure = this.failures.shift();
    if (failure) return graphError(failure);
    if (body.status === 'read') {
      return typeof body.message_id === 'string' ? json(200, { success: true }) : graphError({ code: 100, message: '(#100) Invalid parameter', httpStatus: 400 });
    }
    const to = typeof body.to === 'string' ? body.to : '';
    const digits = to.replace(/[^\d]/g, '');
    const waId = this.waIds.get(digits) ?? digits;
    if (!to.startsWith('+') || waId.length < 8) return graphError({ code: 131009, message: '(#131009) Parameter value is not valid', details: 'Invalid phone number', httpStatus: 400 });
    if (body.type === 'text' && typeof body.text?.body !== 'string') return graphError({ code: 131008, message: '(#131008) Required parameter is missing', details: 'text.body', httpStatus: 400 });
    if (body.type === 'template') {
      const known = (this.templates.get(number.wabaId) ?? []).find((t) => t.name === body.template?.name && t.language === body.template?.language?.code);
      if (known?.status !== 'APPROVED') return graphError({ code: 132001, message: '(#132001) Template name does not exist in the translation', httpStatus: 404 });
    } else if (MEDIA_TYPES.has(body.type)) {
      const refused = this.mediaObjectProblem(body.type, body[body.type]);
      if (refused) return graphError({ code: 131009, message: '(#131009) Parameter value is not valid', details: refused, httpStatus: 400 });
    } else if (body.type !== 'text') {
      return graphError({ code: 131009, message: '(#131009) Parameter value is not valid', details: `type ${body.type} is not supported by this fake`, httpStatus: 400 });
    }
    const last = this.lastUserMessageAt.get(`${number.phoneNumberId}:${waId}`);
    const windowClosed = body.type !== 'template' && (last === undefined || Date.now() - last > WINDOW_MS);
    if (windowClosed && this.windowMode === 'sync') return graphError({ ...graphErrors.reengagement, httpStatus: 400 });
    const wamid = `wamid.${Buffer.from(`${number.phoneNumberId}:${waId}:${++this.wamidSeq}:${randomBytes(4).toString('hex')}`).toString('base64')}`;
    this.accepted.push({ wamid, phoneNumberId: number.phoneNumberId, body });
    this.onAccepted?.({ wamid, phoneNumberId: number.phoneNumberId, body });
    // Accepted is not delivered: outside the window Meta reports the failure afterwards, as a status.
    if (windowClosed) {
      setTimeout(() => {
        void this.deliver(number.phoneNumberId, statusPayload(number, [status(wamid, 'failed', waId, { errors: [reengagementStatusError] })])).catch(() => {});
      }, 20);
    }
    return json(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id: wamid }] });
  }

  /** A media object names an uploaded id (or a link); `caption` is not for audio or stickers, `filename` only for documents (§1.7). */
  private mediaObjectProblem(type: string, media: any): string | undefined {
    if (typeof media?.id === 'string') {
      if (!this.media.has(media.id)) return `media id ${media.id} does not exist`;
    } else if (typeof media?.link !== 'string') {
      return `${type}.id or ${type}.link is required`;
    }
    if (media.caption !== undefined && (type === 'audio' || type === 'sticker')) return `caption is not allowed for ${type}`;
    if (media.filename !== undefined && type !== 'document') return `filename is only allowed for documents`;
    return undefined;
  }

  /** `POST /{phoneNumberId}/media`, multipart with `messaging_product=whatsapp` and the file (§1.8); the type and size limits of §1.7. */
  private async upload(number: FakeNumber, headers: IncomingHttpHeaders, bytes: Buffer) {
    let form: FormData;
    try {
      form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(headers['content-type']) }, body: new Uint8Array(bytes) }).formData();
    } catch {
      return graphError({ code: 100, message: '(#100) The parameter file is required.', httpStatus: 400 });
    }
    const file = form.get('file');
    if (form.get('messaging_product') !== 'whatsapp') return graphError({ code: 100, message: '(#100) The parameter messaging_product is required.', httpStatus: 400 });
    if (!(file instanceof Blob)) return graphError({ code: 100, message: '(#100) The parameter file is required.', httpStatus: 400 });
    const mimeType = file.type.split(';')[0]!.trim().toLowerCase();
    // Any other type is a document (§1.8 lists no document types); other images, audio and video are refused.
    const limit = UPLOAD_LIMITS[mimeType] ?? (/^(image|audio|video)\//.test(mimeType) ? undefined : 100 * MB);
    if (limit === undefined) return graphError({ code: 131053, message: '(#131053) Media upload error', details: `Unsupported file type ${mimeType}`, httpStatus: 400 });
    if (file.size > limit) return graphError({ code: 131053, message: '(#131053) Media upload error', details: `File size exceeds the ${limit} byte limit`, httpStatus: 400 });
    const id = String(700000000000000 + this.uploads.length + Math.floor(Math.random() * 1e6) * 1000);
    const content = Buffer.from(await file.arrayBuffer());
    this.uploads.push({ id, phoneNumberId: number.phoneNumberId, mimeType, filename: file instanceof File ? file.name : '', bytes: content });
    this.media.set(id, { bytes: content, mimeType, staleOnce: false });
    return json(200, { id });
  }

  private mediaUrl(id: string, url: URL) {
    const media = this.media.get(id)!;
    const sha256 = createHmac('sha256', '').update(media.bytes).digest('base64');
    const link = `${this.baseUrl}/whatsapp_business/attachments/?mid=${id}&ext=${Date.now()}&hash=${randomBytes(6).toString('hex')}`;
    const phoneNumberId = url.searchParams.get('phone_number_id');
    if (phoneNumberId && !this.numbers.has(phoneNumberId)) return graphError(unknownObject(phoneNumberId));
    return json(200, { messaging_product: 'whatsapp', url: link, mime_type: media.mimeType, sha256, file_size: String(media.bytes.length), id });
  }

  private download(url: URL, headers: IncomingHttpHeaders) {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!token || !this.tokenKnown(token) || this.expiredTokens.has(token)) return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' };
    const media = this.media.get(url.searchParams.get('mid') ?? '');
    if (!media) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    if (media.staleOnce) {
      media.staleOnce = false;
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'URL expired' };
    }
    return { status: 200, headers: { 'content-type': media.mimeType, 'content-length': String(media.bytes.length) }, body: media.bytes };
  }

  private templatePage(wabaId: string, url: URL) {
    const all = this.templates.get(wabaId) ?? [];
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 100);
    const start = Number(Buffer.from(url.searchParams.get('after') ?? '', 'base64url').toString() || 0);
    const data = all.slice(start, start + limit).map((t, i) => ({ ...t, id: String(900000 + start + i) }));
    const end = start + data.length;
    const cursors = { before: Buffer.from(String(start)).toString('base64url'), after: Buffer.from(String(end)).toString('base64url') };
    const next = end < all.length ? { next: `https://graph.facebook.com/v25.0/${wabaId}/message_templates?limit=${limit}&after=${cursors.after}` } : {};
    return json(200, { data, paging: { cursors, ...next } });
  }
}

// ---- Payload builders (the documented shapes, PROVIDERS.md §1.3-1.5) ----

export function envelope(number: FakeNumber, values: Record<string, unknown>[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: number.wabaId, changes: values.map((value) => ({ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId }, ...value }, field: 'messages' })) }],
  };
}

let inboundSeq = 0;
export function textMessage(from: string, body: string, extra: Record<string, unknown> = {}) {
  return { from, id: `wamid.IN${++inboundSeq}${randomBytes(6).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body }, ...extra };
}

/** An inbound media message (`type` image, document, audio, video, sticker) naming a media id the fake serves (`addMedia`). */
export function mediaMessage(from: string, type: string, media: { id: string; mime_type: string; caption?: string }) {
  return { from, id: `wamid.IN${++inboundSeq}${randomBytes(6).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: media };
}

export function inboundPayload(number: FakeNumber, from: string, name: string, messages: Record<string, unknown>[]) {
  return envelope(number, [{ contacts: [{ profile: { name }, wa_id: from }], messages }]);
}

export function status(wamid: string, value: 'sent' | 'delivered' | 'read' | 'failed' | 'played', recipient: string, extra: Record<string, unknown> = {}) {
  return { id: wamid, status: value, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient, ...extra };
}

export function statusPayload(number: FakeNumber, statuses: Record<string, unknown>[]) {
  return envelope(number, [{ statuses }]);
}

function unknownObject(id: string): GraphError {
  return {
    code: 100,
    error_subcode: 33,
    type: 'GraphMethodException',
    httpStatus: 400,
    message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  };
}

function graphError(error: GraphError) {
  const { httpStatus, details, ...rest } = error;
  const body = {
    error: {
      type: 'OAuthException',
      ...rest,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: randomBytes(11).toString('base64url'),
    },
  };
  return json(httpStatus ?? 400, body);
}

function json(status: number, body: unknown) {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8' } as Record<string, string>, body: JSON.stringify(body) };
}
