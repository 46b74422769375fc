import { createHmac } from 'node:crypto';
import { parseJsonBody, providerFetch, retryAfterMs } from '../http.js';
import { describeGraphError, graphErrorSchema, httpStatusError } from '../meta/graph-error.js';
import { SendError } from '../types.js';

/**
 * Calls to the Graph API for Messenger and Instagram with the Page (or Instagram) token, and the one mapping from
 * their error codes to what the pipeline does about them (PROVIDERS.md §2.2): fail as "window closed", retry later,
 * fail for good, or disconnect the channel.
 */

export type GraphAccess = { apiBaseUrl: string; apiVersion: string; accessToken: string; appSecret: string };

/**
 * "(#10) This message is sent outside of allowed window." (what production reports) and the docs' own code 1545041;
 * as a subcode of 551, 1545041 is "this person isn't available", not the window.
 */
const WINDOW_SUBCODES = new Set([2018278]);
const WINDOW_CODES = new Set([1545041]);
/** Page-level (613), app (4), user (17) and page (32) call limits. */
const RATE_LIMITED = new Set([4, 17, 32, 613]);
/** Invalid or expired token (190), invalid session (102). */
const TOKEN_REJECTED = new Set([190, 102]);
/** The person is not available (551); no matching user (100/2018001). */
const UNDELIVERABLE = new Set([551]);
const UNDELIVERABLE_SUBCODES = new Set([2018001]);
/** Permission errors name this send (a tag not approved, a thread owned by another app), not the channel. */
const PERMISSION_DENIED = new Set([10, 200, 230]);
/** Graph's own "try again" codes: unknown error, service unavailable. */
const TRANSIENT = new Set([1, 2]);

/** Our cause for a Graph error; unknown codes keep Meta's number. */
function causeOf(code: number, subcode: number | undefined): string {
  if (WINDOW_CODES.has(code) || (subcode !== undefined && WINDOW_SUBCODES.has(subcode))) return 'window_closed';
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (TOKEN_REJECTED.has(code)) return 'token_expired';
  if (UNDELIVERABLE.has(code) || (subcode !== undefined && UNDELIVERABLE_SUBCODES.has(subcode))) return 'undeliverable';
  if (PERMISSION_DENIED.has(code)) return 'permission_denied';
  return `meta_${code}`;
}

/** A refused Graph call as a typed SendError. */
export function sendErrorOf(httpStatus: number, body: unknown, retryAfter: string | null): SendError {
  const parsed = graphErrorSchema.safeParse(body);
  if (!parsed.success) return httpStatusError(httpStatus, retryAfter);
  const { code, error_subcode: subcode, message } = parsed.data.error;
  const cause = causeOf(code, subcode);
  const text = describeGraphError({ code, message });
  if (cause === 'window_closed') return new SendError('window_closed', cause, text);
  if (cause === 'rate_limited') return new SendError('rate_limited', cause, text, { retryAfterMs: retryAfterMs(retryAfter) });
  if (cause === 'token_expired') return new SendError('permanent', cause, text, { credentialsRejected: true });
  if (TRANSIENT.has(code) || httpStatus >= 500) return new SendError('transient', cause, text);
  return new SendError('permanent', cause, text);
}

/**
 * One call under `{apiBaseUrl}/{apiVersion}/{path}`, authenticated the way the Send API documents it: the token as
 * `access_token`, with `appsecret_proof` (HMAC of the token with the app secret) so a leaked token alone is not enough
 * for apps that require it. Returns the JSON of a 2xx answer, or throws the SendError its refusal means.
 */
export async function graphCall(
  access: GraphAccess,
  method: 'GET' | 'POST',
  path: string,
  options: { json?: unknown; form?: FormData; query?: Record<string, string>; timeoutMs: number },
): Promise<unknown> {
  const url = new URL(`${access.apiBaseUrl}/${access.apiVersion}/${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  url.searchParams.set('access_token', access.accessToken);
  url.searchParams.set('appsecret_proof', createHmac('sha256', access.appSecret).update(access.accessToken).digest('hex'));
  const response = await providerFetch(
    'Graph',
    url,
    {
      method,
      headers: options.json === undefined ? {} : { 'Content-Type': 'application/json' },
      body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
    },
    options.timeoutMs,
  );
  const json = parseJsonBody(response.body);
  if (response.status < 200 || response.status >= 300) throw sendErrorOf(response.status, json, response.headers.get('retry-after'));
  return json;
}
