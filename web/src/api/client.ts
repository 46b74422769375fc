/**
 * The one way the web app talks to the API: same origin, the httpOnly session cookie (never a stored token),
 * JSON both ways (a FormData body goes as multipart), `Accept-Language` from the UI language so server errors come back translated, and the error
 * envelope `{"error":{"code","message","details"}}` turned into an ApiError.
 */

export type ApiErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** Machine code from the server (`validation_failed`, `unauthenticated`, `email_taken`…) or `network_error`. */
    readonly code: string,
    /** Human message, already in the user's language: show it as is. */
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** `details` when the server sends an object instead of field errors (e.g. `{provider: {code, message}}`). */
    readonly info: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthenticated() {
    return this.status === 401;
  }

  /**
   * Field errors keyed by form field: `body.email` → `email`, `body.contact.name` → `contact.name`.
   * Only the first message per field is kept.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const field = d.path.replace(/^(body|query|querystring)\.?/, '');
      if (field && !(field in out)) out[field] = d.message;
    }
    return out;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** The language sent as Accept-Language; set by the i18n module when the UI language changes. */
let acceptLanguage = 'en';
export function setApiLanguage(language: string) {
  acceptLanguage = language;
}

/** Message for a failure that never reached the server; set by the i18n module (translated). */
let networkErrorMessage = () => 'The server could not be reached. Check your connection and try again.';
export function setNetworkErrorMessage(message: () => string) {
  networkErrorMessage = message;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

function withQuery(path: string, query?: Query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

type Envelope = { error?: { code?: unknown; message?: unknown; details?: unknown } };

function toApiError(status: number, body: unknown, statusText: string): ApiError {
  const error = (body as Envelope | null)?.error;
  if (error && typeof error.code === 'string') {
    const details = Array.isArray(error.details)
      ? error.details.filter((d): d is ApiErrorDetail => typeof d?.path === 'string' && typeof d?.message === 'string')
      : [];
    const info = error.details && typeof error.details === 'object' && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : {};
    return new ApiError(status, error.code, typeof error.message === 'string' ? error.message : error.code, details, info);
  }
  return new ApiError(status, `http_${status}`, statusText || `HTTP ${status}`);
}

/** Low-level call: `api('GET', '/api/v1/users')`. Resolves to the parsed JSON (undefined for 204). */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage, ...options.headers };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal };
  if (options.body instanceof FormData) {
    // multipart: the browser writes the Content-Type with its boundary.
    init.body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), init);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', networkErrorMessage());
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) throw toApiError(response.status, body, response.statusText);
  return body as T;
}

export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => api<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => api<T>('DELETE', path, options),
};
