import { phoneDigits } from '../start-address.js';
import { AppError } from '../../http/errors.js';
import type { ChannelAdapter, ChannelRow } from '../types.js';
import { referenceOf } from '../sms/reference.js';
import { parseMessagebirdWebhook } from './parse.js';
import { messagebirdConfigSchema, type MessagebirdConfig } from './payloads.js';
import { createMessage, getBalance } from './rest.js';
import { SIGNATURE_HEADER, checkSignatureJwt } from './signature.js';

const configOf = (channel: ChannelRow) => messagebirdConfigSchema.parse(channel.config);

/**
 * MessageBird SMS (PROVIDERS.md §5.2). Inbound SMS and status reports come as GETs (or form POSTs) signed with
 * MessageBird-Signature-JWT over the exact URL and body; sends go to `/messages` with the access key and are not
 * deduplicated by MessageBird, so a send whose outcome is unknown is never retried. No files, deletion or reply window.
 */
export const messagebirdAdapter: ChannelAdapter<MessagebirdConfig> = {
  type: 'messagebird_sms',
  configSchema: messagebirdConfigSchema,
  capabilities: { idempotentSend: false, deleteForContact: false },
  // Contacts are named by their MSISDN (digits, no `+`), which is also what a first SMS is sent to.
  startsWith: { address: 'phone', externalId: phoneDigits },
  webhookGet: true,

  async checkCredentials(config, timeoutMs) {
    await getBalance(config, timeoutMs);
  },

  async verifyWebhook(channel, request) {
    const token = request.headers[SIGNATURE_HEADER];
    if (typeof token !== 'string' || !request.url) throw new AppError('invalid_signature');
    const check = await checkSignatureJwt(token, configOf(channel).signingKey, request.url, request.rawBody, request.now);
    if (check === 'stale') throw new AppError('stale_request');
    if (check === 'invalid') throw new AppError('invalid_signature');
  },

  parseWebhook(channel, payload) {
    return parseMessagebirdWebhook(channel.id, payload);
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    const externalId = await createMessage(
      config,
      {
        originator: config.originator,
        recipients: [message.contactExternalId],
        body: message.text,
        // Echoed in status reports; MessageBird sends reports only for messages that carry one.
        reference: referenceOf(channel.id, message.id),
        // Reports of this message go to this channel's URL, whatever the account's default report URL is.
        ...(message.webhookUrl ? { reportUrl: message.webhookUrl } : {}),
        datacoding: 'auto',
      },
      timeoutMs,
    );
    return { externalId };
  },
};
