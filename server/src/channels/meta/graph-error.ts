import { z } from 'zod';
import { retryAfterMs } from '../http.js';
import { SendError } from '../types.js';

/** Graph's error envelope on a refused request, for every Meta product (PROVIDERS.md §1.6, §2.2). */
export const graphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number(),
    error_subcode: z.number().optional(),
    // An object with `details` on WhatsApp; anything else is ignored rather than refusing the whole envelope.
    error_data: z.looseObject({ details: z.string().optional() }).optional().catch(undefined),
  }),
});

/** `(#131047) Re-engagement message: Message failed to send because…`: the code stays visible next to our cause. */
export function describeGraphError(item: { code: number; title?: string; message?: string; details?: string }): string {
  const title = item.title ?? item.message ?? 'Error';
  const head = title.startsWith(`(#${item.code})`) ? title : `(#${item.code}) ${title}`;
  return (item.details && item.details !== title ? `${head}: ${item.details}` : head).slice(0, 1000);
}

/** A refusal without Graph's envelope (a proxy, an outage page): the HTTP status alone says what to do. */
export function httpStatusError(httpStatus: number, retryAfter: string | null): SendError {
  if (httpStatus === 401) return new SendError('permanent', 'token_expired', 'Graph answered HTTP 401.', { credentialsRejected: true });
  if (httpStatus === 429) return new SendError('rate_limited', 'rate_limited', 'Graph answered HTTP 429.', { retryAfterMs: retryAfterMs(retryAfter) });
  const kind = httpStatus >= 500 || httpStatus === 408 ? 'transient' : 'permanent';
  return new SendError(kind, `http_${httpStatus}`, `Graph answered HTTP ${httpStatus}.`);
}
