import { phoneDigits } from '../start-address.js';
import { AppError } from '../../http/errors.js';
import type { ChannelAdapter, ChannelRow } from '../types.js';
import { queryOf, webhookParams } from '../sms/callback-params.js';
import { referenceOf } from '../sms/reference.js';
import { isGsm7 } from './encoding.js';
import { parseVonageWebhook } from './parse.js';
import { vonageConfigSchema, type VonageConfig } from './payloads.js';
import { getBalance, sendSms } from './rest.js';
import { signatureMatches } from './signature.js';

const configOf = (channel: ChannelRow) => vonageConfigSchema.parse(channel.config);

/**
 * Vonage SMS (the SMS API, PROVIDERS.md §5.1). Inbound messages and delivery receipts come as GET queries, forms or
 * JSON, signed with the account's signature secret (`sig`); sends go to `/sms/json` with the key and secret and are
 * not deduplicated by Vonage, so a send whose outcome is unknown is never retried. SMS carries no files, cannot be
 * deleted, and has no reply window.
 */
export const vonageAdapter: ChannelAdapter<VonageConfig> = {
  type: 'vonage_sms',
  configSchema: vonageConfigSchema,
  capabilities: { idempotentSend: false, deleteForContact: false },
  webhookGet: true,
  // Contacts are named by their MSISDN (digits, no `+`), which is also what a first SMS is sent to.
  startsWith: { address: 'phone', externalId: phoneDigits },

  async checkCredentials(config, timeoutMs) {
    await getBalance(config, timeoutMs);
  },

  // The `timestamp` is not checked for freshness: Vonage retries an unacknowledged SMS for 24 hours with the time of its
  // first push, and a replay changes nothing (a message is stored once per messageId, statuses never move back).
  verifyWebhook(channel, request) {
    const { signatureSecret, signatureMethod } = configOf(channel);
    const params = webhookParams(request.rawBody.length > 0 ? request.rawBody : queryOf(request.url));
    if (!signatureMatches(params, signatureSecret, signatureMethod)) throw new AppError('invalid_signature');
  },

  parseWebhook(channel, payload) {
    return parseVonageWebhook(channel.id, payload);
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    const externalId = await sendSms(
      config,
      {
        from: config.from,
        to: message.contactExternalId,
        text: message.text,
        type: isGsm7(message.text) ? 'text' : 'unicode',
        'client-ref': referenceOf(channel.id, message.id),
        // Receipts of this message go to this channel's URL, whatever the account's default receipt URL is.
        ...(message.webhookUrl ? { callback: message.webhookUrl } : {}),
      },
      timeoutMs,
    );
    return { externalId };
  },
};
