import type { z } from 'zod';
import type { channels } from '../db/schema.js';

export type ChannelRow = typeof channels.$inferSelect;

/** A provider event normalised for the domain; no domain code sees a provider payload. */
export type InboundEvent =
  | {
      kind: 'message';
      externalId: string;
      contact: { externalId: string; name?: string; phone?: string; email?: string };
      text?: string;
      replyToExternalId?: string;
      sentAt?: Date;
    }
  | {
      kind: 'status';
      /** Which message: our own id (channels that echo it back) or the provider's id for it. */
      message: { id: number } | { externalId: string };
      status: 'sent' | 'delivered' | 'read' | 'failed';
      error?: { code: string; message: string };
      at?: Date;
    };

export type OutboundMessage = {
  /** Our message id; adapters pass it to providers that accept an idempotency key. */
  id: number;
  text: string;
  contactExternalId: string;
  replyToExternalId?: string;
};

export type SendErrorKind = 'transient' | 'permanent' | 'window_closed' | 'rate_limited';

/** A failed provider call, typed so the pipeline knows whether to retry. */
export class SendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type WebhookRequest = {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
};

export interface ChannelAdapter<Config = unknown> {
  type: string;
  /** Validates the `config` given when the channel is connected (API-facing fields only). */
  configSchema: z.ZodType<Config>;
  capabilities: {
    /** The provider dedupes a retried send by our message id, so a send whose outcome is unknown may be retried. */
    idempotentSend: boolean;
    /** Messages can be deleted for the contact (IN-12); `maxAgeMs` when the provider limits it. */
    deleteForContact: false | { maxAgeMs?: number };
  };
  /** Throws AppError('invalid_signature' | 'stale_request') when the request is not from the provider. */
  verifyWebhook(channel: ChannelRow, request: WebhookRequest, maxSkewSeconds: number): void;
  /** Throws AppError('invalid_payload') for a body that does not have the documented shape. */
  parseWebhook(channel: ChannelRow, rawBody: Buffer): InboundEvent[];
  /** Returns the provider's id for the message, or throws SendError. */
  send(channel: ChannelRow, message: OutboundMessage, timeoutMs: number): Promise<{ externalId: string }>;
  deleteMessage?(channel: ChannelRow, externalId: string, timeoutMs: number): Promise<void>;
}
