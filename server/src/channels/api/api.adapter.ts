import { AppError } from '../../http/errors.js';
import { parseJsonBody, providerFetch, retryAfterMs } from '../http.js';
import { SendError, type ChannelAdapter, type OutboundMessage, type WebhookRequest } from '../types.js';
import {
  apiConfigSchema,
  inboundMessageSchema,
  inboundStatusSchema,
  sendAcceptedSchema,
  sendRefusedSchema,
  type ApiConfig,
  type OutboundRequestBody,
} from './payloads.js';
import { validated, webhookJson } from '../webhook-body.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureMatches, signatureOf, signedBytes } from './signature.js';

/**
 * The generic API channel (CH-1): a custom integration posts signed webhooks to us and receives our messages as
 * signed POSTs to its `outboundUrl`. It dedupes our retries on `Idempotency-Key`, so a send whose outcome we
 * never learned (a timeout after it accepted) may be retried safely.
 */
export const apiAdapter: ChannelAdapter<ApiConfig> = {
  type: 'api',
  configSchema: apiConfigSchema,
  capabilities: { idempotentSend: true, deleteForContact: false },

  verifyWebhook(channel, request, maxSkewSeconds) {
    const signature = singleHeader(request, SIGNATURE_HEADER);
    const timestamp = singleHeader(request, TIMESTAMP_HEADER);
    if (!signature || !signatureMatches(channel.secret, signedBytes(request.rawBody, timestamp), signature)) {
      throw new AppError('invalid_signature');
    }
    // Checked after the signature, which covers the timestamp: a replayed request cannot move its own clock.
    if (timestamp !== undefined && !isFresh(timestamp, request.now, maxSkewSeconds)) throw new AppError('stale_request');
  },

  parseWebhook(_channel, rawBody) {
    const json = webhookJson(rawBody);
    // The two shapes are told apart by their top-level key, so a bad one gets the errors of the shape it meant.
    if (isObject(json) && 'status' in json) {
      const { status } = validated(inboundStatusSchema, json);
      return [{ kind: 'status', message: { id: Number(status.messageId) }, status: status.status, error: status.error }];
    }
    const { contact, message } = validated(inboundMessageSchema, json);
    return [{ kind: 'message', externalId: message.id, contact, text: message.text, replyToExternalId: message.replyToId }];
  },

  async send(channel, message, timeoutMs) {
    // Validated by configSchema when the channel was connected or edited.
    const { outboundUrl } = channel.config as ApiConfig;
    const body = JSON.stringify(requestBody(message));
    const response = await providerFetch(
      'The integration',
      outboundUrl,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Conversa-Signature': signatureOf(channel.secret, body),
          'Idempotency-Key': String(message.id),
        },
        body,
      },
      timeoutMs,
    );
    return interpretResponse(response.status, response.headers, response.body);
  },
};

function requestBody(message: OutboundMessage): OutboundRequestBody {
  return {
    messageId: String(message.id),
    contact: { externalId: message.contactExternalId },
    text: message.text,
    ...(message.replyToExternalId ? { replyToId: message.replyToExternalId } : {}),
  };
}

function interpretResponse(status: number, headers: Headers, text: Buffer): { externalId: string } {
  if (status >= 200 && status < 300) {
    const accepted = sendAcceptedSchema.safeParse(parseJsonBody(text));
    if (!accepted.success) {
      throw new SendError('permanent', 'invalid_response', `The integration answered HTTP ${status} without a message id.`);
    }
    return { externalId: accepted.data.id };
  }
  const refused = sendRefusedSchema.safeParse(parseJsonBody(text));
  const cause = refused.success ? refused.data.error.message.slice(0, 1000) : `The integration answered HTTP ${status}.`;
  const code = `http_${status}`;
  if (status === 429) throw new SendError('rate_limited', code, cause, { retryAfterMs: retryAfterMs(headers.get('retry-after')) });
  if (status === 408 || status >= 500) throw new SendError('transient', code, cause);
  throw new SendError('permanent', code, cause);
}

function isFresh(timestamp: string, now: Date, maxSkewSeconds: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= maxSkewSeconds;
}

/** A header sent exactly once; a repeated signature header is ambiguous and counts as missing. */
function singleHeader(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

