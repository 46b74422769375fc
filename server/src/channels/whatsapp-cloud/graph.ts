import { parseJsonBody, providerFetch, retryAfterMs, type ProviderResponse } from '../http.js';
import { describeGraphError as describe, graphErrorSchema, httpStatusError } from '../meta/graph-error.js';
import { SendError } from '../types.js';
import type { GraphErrorItem, WhatsappConfig } from './payloads.js';

/**
 * Calls to the Graph API with the channel's token, and the one mapping from Graph error codes to what the pipeline
 * does about them (PROVIDERS.md §1.6): retry later, fail for good, fail as "window closed", or disconnect the channel.
 */

const WINDOW_CLOSED = new Set([131047]);
/** Throughput (130429), pair (131056), WABA (80007) limits, a number being upgraded (131057), app-level call limits (4). */
const RATE_LIMITED = new Set([130429, 131056, 80007, 131057, 4]);
const UNDELIVERABLE = new Set([131026]);
/** Graph's own "try again" codes: unknown, service unavailable, something went wrong. */
const TRANSIENT = new Set([1, 2, 131000, 131016]);
const TOKEN_REJECTED = new Set([190]);
/** The token works but may not act on this number or account. */
const PERMISSION_DENIED = new Set([10, 200, 131005]);

/** Our cause for a Graph error code, shown as the message's error code; unknown codes keep the provider's number. */
export function causeOf(code: number): string {
  if (WINDOW_CLOSED.has(code)) return 'window_closed';
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (UNDELIVERABLE.has(code)) return 'undeliverable';
  if (TOKEN_REJECTED.has(code)) return 'token_expired';
  if (PERMISSION_DENIED.has(code)) return 'permission_denied';
  return `whatsapp_${code}`;
}

/** An error item of a failed status or an inbound message, as our error. */
export function errorOf(item: GraphErrorItem): { code: string; message: string } {
  return { code: causeOf(item.code), message: describe({ ...item, details: item.error_data?.details ?? item.details }) };
}

/** A refused Graph call as a typed SendError. */
export function sendErrorOf(httpStatus: number, body: unknown, retryAfter: string | null): SendError {
  const parsed = graphErrorSchema.safeParse(body);
  if (!parsed.success) return httpStatusError(httpStatus, retryAfter);
  const { code, message, error_data } = parsed.data.error;
  const text = describe({ code, message, details: error_data?.details });
  const cause = causeOf(code);
  if (WINDOW_CLOSED.has(code)) return new SendError('window_closed', cause, text);
  if (RATE_LIMITED.has(code)) return new SendError('rate_limited', cause, text, { retryAfterMs: retryAfterMs(retryAfter) });
  if (TOKEN_REJECTED.has(code) || PERMISSION_DENIED.has(code)) return new SendError('permanent', cause, text, { credentialsRejected: true });
  if (TRANSIENT.has(code) || httpStatus >= 500) return new SendError('transient', cause, text);
  return new SendError('permanent', cause, text);
}

/** One authenticated request; `path` is under `{apiBaseUrl}/{apiVersion}`, or an absolute URL Graph gave us (media). */
export async function graphRequest(
  config: WhatsappConfig,
  method: 'GET' | 'POST',
  path: string,
  options: { json?: unknown; form?: FormData; timeoutMs: number; query?: Record<string, string> },
): Promise<ProviderResponse> {
  const url = new URL(path.startsWith('http') ? path : `${config.apiBaseUrl}/${config.apiVersion}/${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  return providerFetch(
    'Graph',
    url,
    {
      method,
      headers: {
        Authorization: `Bearer ${config.accessToken}`,
        ...(options.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
    },
    options.timeoutMs,
  );
}

/** The JSON of a 2xx answer, or the SendError its refusal means. */
export async function graphJson(config: WhatsappConfig, method: 'GET' | 'POST', path: string, options: Parameters<typeof graphRequest>[3]): Promise<unknown> {
  const response = await graphRequest(config, method, path, options);
  const json = parseJsonBody(response.body);
  if (response.status < 200 || response.status >= 300) throw sendErrorOf(response.status, json, response.headers.get('retry-after'));
  return json;
}
