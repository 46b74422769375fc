import { parseJsonBody, providerFetch, retryAfterMs, type ProviderResponse } from '../http.js';
import { SendError } from '../types.js';
import { API_VERSION, restErrorSchema, type TwilioConfig } from './payloads.js';

/**
 * Calls to Twilio's REST API (HTTP Basic with the Account SID and Auth Token, form-encoded bodies) and the one mapping
 * from Twilio error codes to what the pipeline does about them (PROVIDERS.md §4.4): retry later, fail for good, fail as
 * "window closed", or disconnect the channel. The same codes name why a status callback reports a message failed.
 */

/** Our cause for the codes that mean something here, and a readable text for the ones a status callback names bare. */
const ERRORS: Record<number, { cause?: string; text: string }> = {
  20003: { cause: 'token_rejected', text: 'Authentication failed: the Account SID or Auth Token is wrong' },
  20429: { cause: 'rate_limited', text: 'Too many requests' },
  14107: { cause: 'rate_limited', text: 'Reply rate limit hit: over 30 messages between the same two numbers in 30 seconds' },
  63016: { cause: 'window_closed', text: 'Outside the 24-hour WhatsApp window: only an approved template can be sent' },
  63017: { cause: 'rate_limited', text: 'Account rate limit hit (2,000 messages per second)' },
  63018: { cause: 'rate_limited', text: 'Rate limit hit for this WhatsApp sender' },
  21211: { cause: 'invalid_number', text: "Invalid 'To' phone number" },
  21614: { cause: 'invalid_number', text: "'To' number is not a valid mobile number" },
  21610: { cause: 'contact_opted_out', text: 'The contact replied STOP: messages to them are blocked until they reply START' },
  30003: { cause: 'unreachable', text: 'Unreachable destination handset' },
  30005: { cause: 'unknown_destination', text: 'Unknown destination handset' },
  30006: { cause: 'landline', text: 'Landline or unreachable carrier' },
  30007: { cause: 'filtered', text: 'Message filtered by the carrier' },
  30008: { text: 'Unknown error' },
};
const RATE_LIMITED = new Set([20429, 14107, 63017, 63018]);
/** 14107 blocks further replies between the pair for 30 seconds (§4.4). */
const PAIR_LIMIT_MS = 30_000;
/** Twilio's own "try again": internal error, service unavailable. */
const TRANSIENT = new Set([20500, 20503]);

/** Our error for a Twilio code: its cause (or `twilio_<code>`), and `<code> - <text>` so the number stays visible. */
export function errorOf(code: number, text?: string): { code: string; message: string } {
  const known = ERRORS[code];
  return { code: known?.cause ?? `twilio_${code}`, message: `${code} - ${text ?? known?.text ?? 'Twilio error'}`.slice(0, 1000) };
}

/** The text Twilio's catalogue above gives a code, if any (status callbacks usually carry the bare code). */
export const knownText = (code: number): string | undefined => ERRORS[code]?.text;

/** A refused REST call as a typed SendError. */
export function sendErrorOf(httpStatus: number, body: unknown, retryAfter: string | null): SendError {
  const parsed = restErrorSchema.safeParse(body);
  if (!parsed.success) {
    if (httpStatus === 401) return new SendError('permanent', 'token_rejected', 'Twilio answered HTTP 401.', { credentialsRejected: true });
    if (httpStatus === 429) return new SendError('rate_limited', 'rate_limited', 'Twilio answered HTTP 429.', { retryAfterMs: retryAfterMs(retryAfter) });
    const kind = httpStatus >= 500 || httpStatus === 408 ? 'transient' : 'permanent';
    return new SendError(kind, `http_${httpStatus}`, `Twilio answered HTTP ${httpStatus}.`);
  }
  const { code, message } = parsed.data;
  const error = errorOf(code, message);
  if (code === 20003 || httpStatus === 401) return new SendError('permanent', ERRORS[20003]!.cause!, error.message, { credentialsRejected: true });
  if (RATE_LIMITED.has(code) || httpStatus === 429) {
    const wait = retryAfterMs(retryAfter) ?? (code === 14107 ? PAIR_LIMIT_MS : undefined);
    return new SendError('rate_limited', 'rate_limited', error.message, { retryAfterMs: wait });
  }
  if (code === 63016) return new SendError('window_closed', error.code, error.message);
  if (TRANSIENT.has(code) || httpStatus >= 500) return new SendError('transient', error.code, error.message);
  return new SendError('permanent', error.code, error.message);
}

export const authorization = (config: TwilioConfig) => `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;

/** A path under the account: `/Messages.json` → `{apiBaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json`. */
export const accountUrl = (config: TwilioConfig, path = '') => `${config.apiBaseUrl}/${API_VERSION}/Accounts/${config.accountSid}${path}`;

/** One authenticated request; `form` is sent `application/x-www-form-urlencoded`. */
export function twilioRequest(
  config: TwilioConfig,
  method: 'GET' | 'POST',
  url: string | URL,
  options: { form?: URLSearchParams; timeoutMs: number },
): Promise<ProviderResponse> {
  return providerFetch(
    'Twilio',
    url,
    {
      method,
      headers: {
        Authorization: authorization(config),
        Accept: 'application/json',
        ...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: options.form?.toString(),
    },
    options.timeoutMs,
  );
}

/** The JSON of a 2xx answer, or the SendError its refusal means. */
export async function twilioJson(config: TwilioConfig, method: 'GET' | 'POST', url: string | URL, options: Parameters<typeof twilioRequest>[3]): Promise<unknown> {
  const response = await twilioRequest(config, method, url, options);
  const json = parseJsonBody(response.body);
  if (response.status < 200 || response.status >= 300) throw sendErrorOf(response.status, json, response.headers.get('retry-after'));
  return json;
}
