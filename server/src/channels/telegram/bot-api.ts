import { parseJsonBody, providerFetch } from '../http.js';
import { SendError } from '../types.js';
import { envelopeSchema, type TelegramConfig } from './payloads.js';

/**
 * Calls to the Bot API (`{apiBaseUrl}/bot<token>/<method>`, PROVIDERS.md §3) and the one mapping from its errors to
 * what the pipeline does about them (§3.4): wait `retry_after`, fail with the user's block as the cause, or
 * disconnect the channel when the token is refused.
 */

/** Parameters as JSON, or a multipart form when a file is uploaded. */
export type BotParams = Record<string, unknown> | FormData;

export async function callBot<T = unknown>(config: TelegramConfig, method: string, params: BotParams, timeoutMs: number): Promise<T> {
  const url = `${config.apiBaseUrl}/bot${config.botToken}/${method}`;
  const response = await providerFetch(
    'Telegram',
    url,
    params instanceof FormData ? { method: 'POST', body: params } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) },
    timeoutMs,
  );
  const envelope = envelopeSchema.safeParse(parseJsonBody(response.body));
  if (!envelope.success) {
    const status = response.status;
    throw new SendError(status >= 500 ? 'transient' : 'permanent', `http_${status}`, `Telegram answered HTTP ${status} without its JSON envelope.`);
  }
  if (envelope.data.ok) return envelope.data.result as T;
  throw botError(envelope.data.error_code, envelope.data.description, envelope.data.parameters?.retry_after);
}

/** A refused call as a typed SendError; the description is Telegram's own, which names the cause exactly. */
export function botError(code: number, description: string, retryAfterSeconds?: number): SendError {
  if (code === 429) return new SendError('rate_limited', 'rate_limited', description, { retryAfterMs: (retryAfterSeconds ?? 1) * 1000 });
  if (code === 401 || code === 404) return new SendError('permanent', 'token_rejected', description, { credentialsRejected: true });
  if (code === 403) return new SendError('permanent', forbiddenCause(description), description);
  if (code >= 500) return new SendError('transient', `telegram_${code}`, description);
  return new SendError('permanent', badRequestCause(description), description);
}

/** 403 strings of §3.4: the user blocked the bot, deleted their account, or never started it. */
function forbiddenCause(description: string): string {
  if (/blocked by the user/i.test(description)) return 'blocked_by_contact';
  if (/deactivated/i.test(description)) return 'contact_deactivated';
  if (/can't initiate/i.test(description)) return 'not_started';
  return 'forbidden';
}

function badRequestCause(description: string): string {
  if (/chat not found/i.test(description)) return 'chat_not_found';
  if (/message is too long/i.test(description)) return 'too_long';
  if (/can't be deleted|to delete not found/i.test(description)) return 'cannot_delete';
  return 'bad_request';
}
