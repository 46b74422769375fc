import { z } from 'zod';
import { notFound } from '../../http/errors.js';
import type { ChannelAdapter } from '../types.js';
import { domainPattern } from './origin.js';

export const webchatConfigSchema = z.object({
  /** Host names whose pages may embed the widget (`*.example.com` for subdomains); empty = any site. */
  allowedDomains: z.array(domainPattern).max(100).default([]),
  /** Only visitors identified by `identifier` + `identifierHash` may chat (a signed-in area). */
  identityVerification: z.boolean().default(false),
  /** Ask the visitor's name and email before the first message. */
  preChatForm: z.boolean().default(false),
  /** Shown at the top of the conversation. */
  greeting: z.string().trim().max(500).optional(),
  /** The bubble and header colour. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb')
    .optional(),
});

export type WebchatConfig = z.infer<typeof webchatConfigSchema>;

const ANY_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * Web chat (CH-1): the provider is our own widget. Visitors write through the widget API (`domain/widget`), which
 * records their messages with `ingestInbound` like any channel's webhook job; an agent's reply is already committed
 * with its `message.created` event, which reaches the visitor's socket, so `send` only names the delivery.
 */
export const webchatAdapter: ChannelAdapter<WebchatConfig> = {
  type: 'webchat',
  configSchema: webchatConfigSchema,
  // Deleting a message hides it in the widget at once (`message.updated` reaches the visitor): no provider to ask.
  // Files are served to the visitor by the widget API itself: no limit beyond what an agent may upload.
  capabilities: { idempotentSend: true, deleteForContact: {}, publicKey: true, files: { image: ANY_SIZE, audio: ANY_SIZE, video: ANY_SIZE, document: ANY_SIZE } },
  verifyWebhook() {
    // The widget API is this channel's intake: there is no provider webhook.
    throw notFound();
  },
  parseWebhook() {
    throw notFound();
  },
  async send(_channel, message) {
    return { externalId: `out-${message.id}` };
  },
};
