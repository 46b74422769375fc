import { io, type Socket } from 'socket.io-client';

export type Attachment = { type: string; mimeType: string; filename: string | null; size: number; url: string };
export type Message = {
  id: string;
  clientId: string | null;
  from: 'visitor' | 'agent';
  author: { name: string; avatarUrl: string | null } | null;
  text: string | null;
  attachments: Attachment[];
  status: string | null;
  createdAt: string;
  deleted: boolean;
};
export type Channel = { name: string; greeting: string | null; preChatForm: boolean; color: string | null };
export type Session = { token: string; visitor: { name: string | null; email: string | null; identified: boolean }; channel: Channel };
export type Page = { url: string; title?: string };

/** A refused request: the API's machine code and its message in the visitor's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The widget API of one channel, on the server the script came from. */
export function widgetApi(base: string, key: string, language: string) {
  let token: string | undefined;
  const root = `${base}/widget/v1/${encodeURIComponent(key)}`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': language };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    const res = await fetch(root + path, {
      method,
      headers,
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      credentials: 'omit',
    });
    const json = await res.json().catch(() => undefined);
    if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'http_error', json?.error?.message ?? res.statusText);
    return json as T;
  }

  return {
    fileUrl: (url: string) => base + url,
    async startSession(input: Record<string, unknown>) {
      const session = await call<Session>('POST', '/sessions', input);
      token = session.token;
      return session;
    },
    messages: (query: string) => call<{ items: Message[]; nextCursor: string | null }>('GET', `/messages?${query}`),
    send: (body: { clientId: string; text?: string; page?: Page }, file?: File) => {
      if (!file) return call<Message>('POST', '/messages', body);
      const form = new FormData();
      form.set('clientId', body.clientId);
      if (body.text) form.set('text', body.text);
      if (body.page) form.set('page', JSON.stringify(body.page));
      form.set('file', file, file.name);
      return call<Message>('POST', '/messages', form);
    },
    page: (page: Page) => call<{ recorded: boolean }>('POST', '/pages', page),
    receipts: (status: 'delivered' | 'read', upTo: string) => call<{ updated: number }>('POST', '/receipts', { status, upTo }),
    /** The visitor's live feed: `ready` once listening (then catch up from the history), `message` per change. */
    connect(handlers: { ready(): void; message(m: Message): void }): Socket {
      const socket = io(`${base}/widget`, { path: '/socket.io', transports: ['websocket'], auth: { key, token } });
      socket.on('ready', handlers.ready);
      socket.on('message', handlers.message);
      return socket;
    },
  };
}

export type WidgetApi = ReturnType<typeof widgetApi>;
