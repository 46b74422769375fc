import { AppError } from '../../http/errors.js';
import { webhookJson } from '../webhook-body.js';

/**
 * The fields of an SMS provider's callback, as strings: a JSON object (a POST with a JSON body) or form-encoded pairs
 * (a GET's query string or a POST form, which encode alike; `+` is a space). Providers send whichever the account chose.
 * A repeated name keeps its first value; numbers and booleans of a JSON body are read as their text.
 */
export function webhookParams(payload: Buffer): Record<string, string> {
  const text = payload.toString('utf8');
  const params: Record<string, string> = {};
  if (text.trimStart().startsWith('{')) {
    const json = webhookJson(payload) as Record<string, unknown>;
    for (const [key, value] of Object.entries(json)) {
      if (typeof value === 'string') params[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
      else if (value !== null) throw new AppError('invalid_payload', [{ path: `body.${key}`, message: 'must be a string' }]);
    }
    return params;
  }
  for (const [key, value] of new URLSearchParams(text)) if (!(key in params)) params[key] = value;
  return params;
}

/** The query string of a URL, as a callback's fields (for providers that call with a GET). */
export function queryOf(url: string | undefined): Buffer {
  return Buffer.from(url ? new URL(url).search.slice(1) : '');
}
