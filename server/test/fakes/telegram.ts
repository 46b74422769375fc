import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Telegram Bot API (PROVIDERS.md §3) for adapter tests and the simulator. It shares no code with our
 * adapter: calls go to `/bot<token>/<method>` with query, form, JSON or multipart parameters and get the real
 * `{ok, result}` / `{ok:false, error_code, description, parameters?}` envelope with the HTTP status equal to
 * `error_code`; files download from `/file/bot<token>/<file_path>`; updates are POSTed to the webhook set with
 * `setWebhook`, carrying `X-Telegram-Bot-Api-Secret-Token`. It can be told to fail, block, rate-limit or
 * redeliver, and it enforces the 48-hour deleteMessage rule against its own clock.
 */

export type TgUser = { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string; language_code?: string };
export type TgChat = { id: number; type: 'private' | 'group' | 'supergroup' | 'channel'; first_name?: string; last_name?: string; username?: string; title?: string };
export type TgMessage = { message_id: number; from?: TgUser; chat: TgChat; date: number; [field: string]: unknown };
export type TgUpdate = { update_id: number; [kind: string]: unknown };
export type TgCall = { method: string; token: string; params: Record<string, unknown>; files: Record<string, { name: string; type: string; size: number }>; status: number; at: number };
export type TgError = { error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };
export type Webhook = { url: string; secret_token?: string; allowed_updates?: string[]; max_connections?: number };

const DELETE_LIMIT_S = 48 * 3600;
const MEDIA_METHODS: Record<string, string> = { sendPhoto: 'photo', sendDocument: 'document', sendVoice: 'voice', sendAudio: 'audio', sendVideo: 'video', sendSticker: 'sticker' };

export const telegramErrors = {
  unauthorized: { error_code: 401, description: 'Unauthorized' },
  blocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  deactivated: { error_code: 403, description: 'Forbidden: user is deactivated' },
  cantInitiate: { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
  chatNotFound: { error_code: 400, description: 'Bad Request: chat not found' },
  cantDelete: { error_code: 400, description: "Bad Request: message can't be deleted" },
  deleteNotFound: { error_code: 400, description: 'Bad Request: message to delete not found' },
  tooLong: { error_code: 400, description: 'Bad Request: message is too long' },
  flood: (retryAfter: number): TgError => ({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }),
  server: { error_code: 502, description: 'Bad Gateway' },
} satisfies Record<string, TgError | ((n: number) => TgError)>;

export class FakeTelegram {
  /** The `apiBaseUrl` of a channel pointed at this fake. */
  readonly url: string;
  readonly bot: TgUser = { id: 5000000001, is_bot: true, first_name: 'Support', username: 'acme_support_bot' };
  /** Every API call, in order, with the status it was answered. */
  readonly calls: TgCall[] = [];
  /** Messages the bot sent, by chat id, in order (deleted ones are removed). */
  readonly sent = new Map<number, TgMessage[]>();
  /** The webhook set by `setWebhook`, if any. */
  webhook: Webhook | undefined;
  /** Unix seconds of the fake's clock; moved forward by tests (deleteMessage's 48 h rule). */
  now = Math.floor(Date.now() / 1000);
  /** When set, more than 1 message/s to a chat or 30/s overall is refused with 429 like the real API. */
  enforceRateLimits = false;
  /** Called with each message the bot sends, as it is sent (the simulator prints agents' replies live). */
  onSent: ((message: TgMessage) => void) | undefined;

  private readonly token: string;
  private readonly failures: { method: string | '*'; error: TgError }[] = [];
  private readonly blockedChats = new Set<number>();
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  private readonly sendTimes: { chatId: number; at: number }[] = [];
  private nextUpdateId = 100_000;
  private nextMessageId = 1;

  private constructor(
    private readonly server: Server,
    base: string,
    token: string,
  ) {
    this.url = base;
    this.token = token;
  }

  /**
   * Starts a bot whose only valid token is `token` (the format BotFather gives: `<bot id>:<secret>`). `port` 0 picks a
   * free one; the simulator passes a fixed one so its channel still points here after a restart, and a `firstMessageId`
   * above those of its earlier runs (Telegram never reuses a chat's message ids; Conversa dedupes on them).
   */
  static async start(token = '5000000001:AAHfake-token_for_tests', options: { port?: number; firstMessageId?: number } = {}): Promise<FakeTelegram> {
    let fake!: FakeTelegram;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void fake.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks)).then(({ status, type, body }) => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': type });
          res.end(body);
        });
      });
    });
    // A port in use rejects here rather than crashing the process.
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
    fake = new FakeTelegram(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token);
    fake.nextMessageId = options.firstMessageId ?? 1;
    return fake;
  }

  get validToken(): string {
    return this.token;
  }

  /** The next call of `method` (or of any method, `'*'`) answers this error instead. */
  failNext(method: string | '*', error: TgError, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push({ method, error });
  }

  /** The user of this private chat blocks the bot: every send to it is refused with 403 from now on. */
  block(chatId: number): void {
    this.blockedChats.add(chatId);
  }

  /** A file the bot can fetch with getFile + the download URL; returns its file_id. */
  addFile(bytes: Buffer, filePath: string, fileId = `file-${this.files.size + 1}-${filePath.replace(/\W/g, '')}`): string {
    this.files.set(fileId, { path: filePath, bytes });
    return fileId;
  }

  /** Calls of one method, with their parameters. */
  callsOf(method: string): TgCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  // ---------- The user's side: updates delivered to the webhook ----------

  /** A user of a private chat. */
  user(id: number, first_name: string, extra: Partial<TgUser> = {}): { from: TgUser; chat: TgChat } {
    const from: TgUser = { id, is_bot: false, first_name, ...extra };
    return { from, chat: { id, type: 'private', first_name, ...(extra.last_name ? { last_name: extra.last_name } : {}), ...(extra.username ? { username: extra.username } : {}) } };
  }

  /** An Update of kind `message` (or `edited_message`, …) with the next update_id and, unless given, message_id. */
  update(kind: string, who: { from: TgUser; chat: TgChat }, fields: Record<string, unknown>): TgUpdate {
    const message = { message_id: this.nextMessageId++, from: who.from, chat: who.chat, date: this.now, ...fields };
    return { update_id: this.nextUpdateId++, [kind]: message };
  }

  /** A fixture or hand-made Update renumbered to the next update_id, so several can be delivered in a row. */
  renumber(update: TgUpdate): TgUpdate {
    return { ...update, update_id: this.nextUpdateId++ };
  }

  /**
   * POSTs one Update to the webhook as Telegram does (JSON, secret header); `times` > 1 redelivers the same bytes.
   * Returns the HTTP statuses our server answered.
   */
  async deliver(update: TgUpdate, options: { times?: number; secret?: string | null } = {}): Promise<number[]> {
    if (!this.webhook) throw new Error('no webhook set: the channel has not called setWebhook');
    const body = JSON.stringify(update);
    const secret = options.secret === undefined ? this.webhook.secret_token : options.secret;
    const statuses: number[] = [];
    for (let i = 0; i < (options.times ?? 1); i++) {
      const res = await fetch(this.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body,
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ---------- The Bot API ----------

  private async handle(httpMethod: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; type: string; body: Buffer | string }> {
    const url = new URL(rawUrl, this.url);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && httpMethod === 'GET') return this.download(file[1]!, decodeURIComponent(file[2]!));
    const call = /^\/bot([^/]*)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!call) return this.answer(undefined, { error_code: 404, description: 'Not Found' });
    const [, token, name] = call as unknown as [string, string, string];
    // Method names are case-insensitive.
    const method = Object.keys(this.methods).find((m) => m.toLowerCase() === name.toLowerCase()) ?? name;
    const { params, files } = await parseParams(httpMethod, url, headers, body);
    const record: TgCall = { method, token, params, files, status: 0, at: Date.now() };
    this.calls.push(record);
    const result = this.invoke(record);
    return this.answer(record, result);
  }

  private invoke(call: TgCall): { result: unknown } | TgError {
    if (!this.sameToken(call.token)) return telegramErrors.unauthorized;
    const i = this.failures.findIndex((f) => f.method === '*' || f.method === call.method);
    if (i >= 0) return this.failures.splice(i, 1)[0]!.error;
    const impl = this.methods[call.method];
    if (!impl) return { error_code: 404, description: 'Not Found: method not found' };
    return impl(call.params, call.files);
  }

  private answer(call: TgCall | undefined, outcome: { result: unknown } | TgError) {
    const status = 'result' in outcome ? 200 : outcome.error_code;
    if (call) call.status = status;
    const body = 'result' in outcome ? { ok: true, result: outcome.result } : { ok: false, ...outcome };
    return { status, type: 'application/json', body: JSON.stringify(body) };
  }

  private download(token: string, filePath: string) {
    const found = [...this.files.values()].find((f) => f.path === filePath);
    if (!this.sameToken(token) || !found) return { status: 404, type: 'application/json', body: JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }) };
    return { status: 200, type: 'application/octet-stream', body: found.bytes };
  }

  private sameToken(token: string): boolean {
    const a = Buffer.from(token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private readonly methods: Record<string, (p: Record<string, unknown>, files: TgCall['files']) => { result: unknown } | TgError> = {
    getMe: () => ({ result: { ...this.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } }),
    setWebhook: (p) => {
      if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) return { error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' };
      const secret = p.secret_token as string | undefined;
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return { error_code: 400, description: 'Bad Request: secret token contains unallowed characters' };
      this.webhook = { url: p.url, secret_token: secret, allowed_updates: asList(p.allowed_updates), max_connections: p.max_connections === undefined ? 40 : Number(p.max_connections) };
      return { result: true };
    },
    deleteWebhook: () => {
      this.webhook = undefined;
      return { result: true };
    },
    getWebhookInfo: () => ({ result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0, max_connections: this.webhook?.max_connections, allowed_updates: this.webhook?.allowed_updates } }),
    sendMessage: (p) => {
      const text = typeof p.text === 'string' ? p.text : '';
      if (text.length === 0) return { error_code: 400, description: 'Bad Request: message text is empty' };
      if (text.length > 4096) return telegramErrors.tooLong;
      return this.send(p, { text });
    },
    ...Object.fromEntries(
      Object.entries(MEDIA_METHODS).map(([method, field]) => [
        method,
        (p: Record<string, unknown>, files: TgCall['files']) => {
          const given = files[field] ?? (typeof p[field] === 'string' ? { name: String(p[field]).split('/').pop() ?? field, type: 'application/octet-stream', size: 0 } : undefined);
          if (!given) return { error_code: 400, description: `Bad Request: there is no ${field} in the request` };
          if (typeof p.caption === 'string' && p.caption.length > 1024) return { error_code: 400, description: 'Bad Request: message caption is too long' };
          const fileId = `sent-${field}-${this.nextMessageId}`;
          const media = field === 'photo' ? [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 800, height: 800, file_size: given.size }] : { file_id: fileId, file_unique_id: `u${fileId}`, file_name: given.name, mime_type: given.type, file_size: given.size };
          return this.send(p, { [field]: media, ...(typeof p.caption === 'string' && p.caption ? { caption: p.caption } : {}) });
        },
      ]),
    ),
    deleteMessage: (p) => {
      const chatId = Number(p.chat_id);
      const messageId = Number(p.message_id);
      const list = this.sent.get(chatId) ?? [];
      const index = list.findIndex((m) => m.message_id === messageId);
      if (index < 0) return telegramErrors.deleteNotFound;
      if (this.now - list[index]!.date >= DELETE_LIMIT_S) return telegramErrors.cantDelete;
      list.splice(index, 1);
      return { result: true };
    },
    getFile: (p) => {
      const found = this.files.get(String(p.file_id));
      if (!found) return { error_code: 400, description: 'Bad Request: invalid file_id' };
      return { result: { file_id: String(p.file_id), file_unique_id: `u${String(p.file_id)}`, file_size: found.bytes.length, file_path: found.path } };
    },
    answerCallbackQuery: (p) => (typeof p.callback_query_id === 'string' ? { result: true } : { error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' }),
  };

  private send(p: Record<string, unknown>, content: Record<string, unknown>): { result: unknown } | TgError {
    const chatId = Number(p.chat_id);
    if (!Number.isSafeInteger(chatId)) return telegramErrors.chatNotFound;
    if (this.blockedChats.has(chatId)) return telegramErrors.blocked;
    const limited = this.rateLimited(chatId);
    if (limited) return limited;
    const list = this.sent.get(chatId) ?? [];
    const replyTo = replyTarget(p);
    const message: TgMessage = {
      message_id: this.nextMessageId++,
      from: this.bot,
      chat: { id: chatId, type: 'private' },
      date: this.now,
      ...content,
      ...(replyTo === undefined ? {} : { reply_to_message: { message_id: replyTo, chat: { id: chatId, type: 'private' }, date: this.now } }),
    };
    list.push(message);
    this.sent.set(chatId, list);
    this.onSent?.(message);
    return { result: message };
  }

  /** ~1 message/s per chat and ~30/s overall (PROVIDERS.md §3.4), over a sliding second of real time. */
  private rateLimited(chatId: number): TgError | undefined {
    if (!this.enforceRateLimits) return undefined;
    const at = Date.now();
    while (this.sendTimes.length > 0 && this.sendTimes[0]!.at <= at - 1000) this.sendTimes.shift();
    if (this.sendTimes.length >= 30 || this.sendTimes.some((s) => s.chatId === chatId)) return telegramErrors.flood(1);
    this.sendTimes.push({ chatId, at });
    return undefined;
  }
}

/** `reply_parameters.message_id`, or the deprecated `reply_to_message_id`. */
function replyTarget(p: Record<string, unknown>): number | undefined {
  const parameters = typeof p.reply_parameters === 'string' ? safeJson(p.reply_parameters) : p.reply_parameters;
  const id = (parameters as { message_id?: unknown } | undefined)?.message_id ?? p.reply_to_message_id;
  return id === undefined ? undefined : Number(id);
}

function asList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? safeJson(value) : value;
  return Array.isArray(list) ? list.map(String) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parameters as the Bot API accepts them: query string, JSON, urlencoded form or multipart (uploads). */
async function parseParams(httpMethod: string, url: URL, headers: IncomingHttpHeaders, body: Buffer) {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: TgCall['files'] = {};
  const type = String(headers['content-type'] ?? '');
  if (httpMethod !== 'POST' || body.length === 0) return { params, files };
  if (type.startsWith('application/json')) {
    Object.assign(params, safeJson(body.toString('utf8')) ?? {});
  } else if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const form = await new Request(url, { method: 'POST', headers: { 'content-type': type }, body }).formData();
    for (const [key, value] of form) {
      if (typeof value === 'string') params[key] = value;
      else files[key] = { name: value.name, type: value.type, size: value.size };
    }
  }
  return { params, files };
}
