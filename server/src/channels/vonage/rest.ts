import { parseJsonBody, providerFetch, retryAfterMs, type ProviderResponse } from '../http.js';
import { SendError } from '../types.js';
import { accountErrorSchema, balanceSchema, sendResponseSchema, type VonageConfig } from './payloads.js';

/**
 * Calls to the Vonage SMS API (`rest.nexmo.com`, PROVIDERS.md §5.1) with the account's key and secret, and the one
 * mapping from its refusals to what the pipeline does about them. A send is answered HTTP 200 even when refused: each
 * part of the text has its own `status`, "0" when accepted.
 */

export type SmsRequest = { from: string; to: string; text: string; type: 'text' | 'unicode'; 'client-ref': string; callback?: string };

/** Sends one SMS; returns Vonage's id for its first part (a long text is split in several, each with its own id). */
export async function sendSms(config: VonageConfig, sms: SmsRequest, timeoutMs: number): Promise<string> {
  const response = await providerFetch(
    'Vonage',
    `${config.apiBaseUrl}/sms/json`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ api_key: config.apiKey, api_secret: config.apiSecret, ...sms }),
    },
    timeoutMs,
  );
  if (response.status !== 200) throw httpError(response);
  const parsed = sendResponseSchema.safeParse(parseJsonBody(response.body));
  // An answer we cannot read may still mean "sent": it is not retried.
  if (!parsed.success) throw new SendError('permanent', 'invalid_response', 'Vonage answered the send without its messages list.');
  const parts = parsed.data.messages;
  const refused = parts.find((part) => part.status !== '0');
  if (!refused) {
    const id = parts[0]!['message-id'];
    if (!id) throw new SendError('permanent', 'invalid_response', 'Vonage accepted the message without a message id.');
    return id;
  }
  const error = statusError(refused.status, refused['error-text']);
  const accepted = parts.filter((part) => part.status === '0').length;
  // Some parts already left: sending again would repeat them to the contact.
  if (accepted > 0) throw new SendError('permanent', 'partially_sent', `${accepted} of ${parts.length} parts were sent, then: ${error.message}`);
  throw error;
}

/** The connect-time check: the balance endpoint answers only to a valid key and secret. */
export async function getBalance(config: VonageConfig, timeoutMs: number): Promise<number> {
  const url = new URL(`${config.apiBaseUrl}/account/get-balance`);
  url.searchParams.set('api_key', config.apiKey);
  url.searchParams.set('api_secret', config.apiSecret);
  const response = await providerFetch('Vonage', url, { method: 'GET', headers: { Accept: 'application/json' } }, timeoutMs);
  if (response.status !== 200) throw httpError(response);
  const balance = balanceSchema.safeParse(parseJsonBody(response.body));
  if (!balance.success) throw new SendError('permanent', 'invalid_response', 'Vonage answered the balance request in an unknown shape.');
  return balance.data.value;
}

/** A refused part of a send (the SMS API's status codes, §5.1): nothing was sent for it. */
export function statusError(status: string, errorText: string | undefined): SendError {
  const message = `(status ${status}) ${errorText ?? 'refused'}`;
  switch (status) {
    case '1': // Throttled: faster than the account's limit; nothing was sent.
      return new SendError('rate_limited', 'rate_limited', message);
    case '4': // Invalid credentials
    case '14': // Invalid signature
      return new SendError('permanent', 'credentials_rejected', message, { credentialsRejected: true });
    case '8': // Partner account barred: the account is suspended.
      return new SendError('permanent', 'account_barred', message, { credentialsRejected: true });
    case '5': // Internal error
    case '10': // Too many existing binds: back off and retry
      return new SendError('transient', `vonage_${status}`, message, { notSent: true });
    case '9':
      return new SendError('permanent', 'insufficient_credit', message);
    case '6': // Invalid message: e.g. an unrecognised number prefix
    case '34': // Invalid or missing MSISDN
      return new SendError('permanent', 'invalid_number', message);
    case '3': // Invalid parameters: the text names which one
      return new SendError('permanent', /\bto\b|msisdn|number|destination/i.test(errorText ?? '') ? 'invalid_number' : 'vonage_3', message);
    case '7':
      return new SendError('permanent', 'number_barred', message);
    case '15':
      return new SendError('permanent', 'invalid_sender', message);
    default:
      return new SendError('permanent', `vonage_${status}`, message);
  }
}

/** A refusal of the request as a whole (not a per-part status). */
function httpError(response: ProviderResponse): SendError {
  const label = accountErrorSchema.safeParse(parseJsonBody(response.body));
  const message = `Vonage answered HTTP ${response.status}${label.success && label.data['error-code-label'] ? `: ${label.data['error-code-label']}` : '.'}`;
  if (response.status === 401 || response.status === 403) return new SendError('permanent', 'credentials_rejected', message, { credentialsRejected: true });
  if (response.status === 429) return new SendError('rate_limited', 'rate_limited', message, { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  if (response.status >= 500 || response.status === 408) return new SendError('transient', `http_${response.status}`, message);
  return new SendError('permanent', `http_${response.status}`, message);
}
