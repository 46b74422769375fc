import { parseJsonBody, providerFetch, retryAfterMs, type ProviderResponse } from '../http.js';
import { SendError } from '../types.js';
import { balanceSchema, errorsSchema, messageObjectSchema, type MessagebirdConfig } from './payloads.js';

/**
 * Calls to MessageBird's REST API (`rest.messagebird.com`, PROVIDERS.md §5.2) with `Authorization: AccessKey <key>`,
 * and the one mapping from its error envelope to what the pipeline does about it.
 */

export type MessageRequest = { originator: string; recipients: string[]; body: string; reference: string; reportUrl?: string; datacoding: 'auto' };

/** Sends one SMS; returns MessageBird's message id (what its status reports name). */
export async function createMessage(config: MessagebirdConfig, message: MessageRequest, timeoutMs: number): Promise<string> {
  const response = await call(config, 'POST', '/messages', message, timeoutMs);
  if (response.status !== 201 && response.status !== 200) throw errorOf(response);
  const created = messageObjectSchema.safeParse(parseJsonBody(response.body));
  if (!created.success) throw new SendError('permanent', 'invalid_response', 'MessageBird accepted the message without its id.');
  return created.data.id;
}

/** The connect-time check: the balance answers only to a valid access key. */
export async function getBalance(config: MessagebirdConfig, timeoutMs: number): Promise<number> {
  const response = await call(config, 'GET', '/balance', undefined, timeoutMs);
  if (response.status !== 200) throw errorOf(response);
  const balance = balanceSchema.safeParse(parseJsonBody(response.body));
  if (!balance.success) throw new SendError('permanent', 'invalid_response', 'MessageBird answered the balance request in an unknown shape.');
  return balance.data.amount;
}

function call(config: MessagebirdConfig, method: 'GET' | 'POST', path: string, json: unknown, timeoutMs: number): Promise<ProviderResponse> {
  return providerFetch(
    'MessageBird',
    `${config.apiBaseUrl}${path}`,
    {
      method,
      headers: { Authorization: `AccessKey ${config.accessKey}`, Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    },
    timeoutMs,
  );
}

/** MessageBird's error codes: 2 request not allowed (access key), 9 missing and 10 invalid parameters, 20 not found, 21 bad request, 25 not enough balance, 98 API not found, 99 internal error. */
export function errorOf(response: ProviderResponse): SendError {
  const status = response.status;
  const envelope = errorsSchema.safeParse(parseJsonBody(response.body));
  const first = envelope.success ? envelope.data.errors[0]! : undefined;
  const message = first
    ? `(code ${first.code}) ${first.description ?? 'refused'}${first.parameter ? ` [${first.parameter}]` : ''}`
    : `MessageBird answered HTTP ${status}.`;
  if (status === 401 || first?.code === 2) return new SendError('permanent', 'credentials_rejected', message, { credentialsRejected: true });
  if (status === 429) return new SendError('rate_limited', 'rate_limited', message, { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  if (status >= 500 || status === 408 || first?.code === 99) return new SendError('transient', first ? `messagebird_${first.code}` : `http_${status}`, message);
  if (first?.code === 25) return new SendError('permanent', 'insufficient_balance', message);
  if ((first?.code === 9 || first?.code === 10 || first?.code === 21) && /^recipients?$/.test(first.parameter ?? '')) {
    return new SendError('permanent', 'invalid_number', message);
  }
  return new SendError('permanent', first ? `messagebird_${first.code}` : `http_${status}`, message);
}
