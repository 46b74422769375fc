import type { z } from 'zod';
import type { channels } from '../db/schema.js';
import type { MessageContent } from '../db/schema.js';

export type ChannelRow = typeof channels.$inferSelect;
export type { Attachment, MessageContent } from '../db/schema.js';

/** The contact a provider event comes from, as the provider names it. */
export type InboundContact = { externalId: string; name?: string; phone?: string; email?: string };

/** A fact about the conversation that is not a message (an ad click, a number change…), recorded on the timeline. */
export type ChannelNote = { type: string; data: Record<string, unknown> };

/** A provider event normalised for the domain; no domain code sees a provider payload. */
export type InboundEvent =
  | {
      kind: 'message';
      externalId: string;
      contact: InboundContact;
      text?: string;
      /** What the message carries besides text; absent for a plain text message. */
      content?: MessageContent;
      replyToExternalId?: string;
      /** Recorded on the timeline with the message (once, with it). */
      notes?: ChannelNote[];
      sentAt?: Date;
    }
  | {
      kind: 'status';
      /** Which message: our own id (channels that echo it back) or the provider's id for it. */
      message: { id: number } | { externalId: string };
      status: 'sent' | 'delivered' | 'read' | 'failed';
      error?: { code: string; message: string };
      at?: Date;
    }
  /** The contact deleted (`revoked`) or edited one of their messages. */
  | { kind: 'revoked'; contact: InboundContact; targetExternalId: string; at?: Date }
  | { kind: 'edited'; contact: InboundContact; targetExternalId: string; text?: string; content?: MessageContent; at?: Date }
  /** The contact's identity on the channel changed (a new phone number): later messages come from `newExternalId`. */
  | { kind: 'identity_changed'; contact: InboundContact; newExternalId: string; data: Record<string, unknown>; at?: Date }
  /** Something the provider reported that changes nothing here; it is noted on the stored webhook. */
  | { kind: 'notice'; code: string; message: string };

export type TemplateRef = { name: string; language: string; components?: unknown[] };

export type OutboundMessage = {
  /** Our message id; adapters pass it to providers that accept an idempotency key. */
  id: number;
  text: string;
  contactExternalId: string;
  replyToExternalId?: string;
  /** A pre-approved provider template instead of free text (channels with `templates`). */
  template?: TemplateRef;
};

export type SendErrorKind = 'transient' | 'permanent' | 'window_closed' | 'rate_limited';

/** A failed provider call, typed so the pipeline knows whether to retry and whether the channel still works. */
export class SendError extends Error {
  readonly retryAfterMs?: number;
  /** The provider refused our credentials: the channel is disconnected until they are replaced. */
  readonly credentialsRejected: boolean;
  /** Certainly not received: the request never reached the provider (refused connection, unknown host). */
  readonly notSent: boolean;
  constructor(
    readonly kind: SendErrorKind,
    readonly code: string,
    message: string,
    options: { retryAfterMs?: number; credentialsRejected?: boolean; notSent?: boolean } = {},
  ) {
    super(message);
    this.retryAfterMs = options.retryAfterMs;
    this.credentialsRejected = options.credentialsRejected ?? false;
    this.notSent = options.notSent ?? false;
  }
}

export type WebhookRequest = {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
};

export type ProviderTemplate = { name: string; language: string; status: string; category: string | null; components: unknown[] };

export interface ChannelAdapter<Config = unknown> {
  type: string;
  /** Validates the `config` given when the channel is connected (API-facing fields only). */
  configSchema: z.ZodType<Config>;
  capabilities: {
    /** The provider dedupes a retried send by our message id, so a send whose outcome is unknown may be retried. */
    idempotentSend: boolean;
    /** Messages can be deleted for the contact (IN-12); `maxAgeMs` when the provider limits it. */
    deleteForContact: false | { maxAgeMs?: number };
    /** Free-form replies are only allowed this long after the contact's last message; templates always are. */
    replyWindowMs?: number;
    /** Browsers talk to the channel directly (web chat): it gets a public key on connect to name it by. */
    publicKey?: boolean;
  };
  /**
   * Connect-time check of the credentials in `config` with the provider; throws the provider's refusal as a SendError
   * (transient: the provider could not be asked).
   */
  checkCredentials?(config: Config, timeoutMs: number): Promise<void>;
  /**
   * Points the provider's webhook at `url`, signed with `secret` where the provider supports it (Telegram's
   * setWebhook); called when the channel is connected or its config replaced. Throws SendError; a refusal undoes the change.
   */
  activate?(channel: ChannelRow, webhook: { url: string; secret: string }, timeoutMs: number): Promise<void>;
  /** What the provider expects once an inbound event is recorded (Telegram: answer a button press); best effort. */
  acknowledge?(channel: ChannelRow, event: InboundEvent, timeoutMs: number): Promise<void>;
  /** A provider's GET subscription handshake: returns the text to answer, or throws AppError('verification_failed'). */
  verifyHandshake?(channel: ChannelRow, query: Record<string, unknown>): string;
  /** Throws AppError('invalid_signature' | 'stale_request') when the request is not from the provider. */
  verifyWebhook(channel: ChannelRow, request: WebhookRequest, maxSkewSeconds: number): void;
  /** Throws AppError('invalid_payload') for a body that does not have the documented shape. */
  parseWebhook(channel: ChannelRow, rawBody: Buffer): InboundEvent[];
  /** Returns the provider's id for the message, or throws SendError. */
  send(channel: ChannelRow, message: OutboundMessage, timeoutMs: number): Promise<{ externalId: string }>;
  deleteMessage?(channel: ChannelRow, externalId: string, timeoutMs: number): Promise<void>;
  /** Downloads an inbound attachment by the provider's media id; throws SendError (its kind says whether to retry). */
  fetchMedia?(channel: ChannelRow, providerMediaId: string, timeoutMs: number): Promise<{ body: Buffer; mimeType: string }>;
  /** Tells the provider the contact's messages up to this one were read by an agent. */
  markRead?(channel: ChannelRow, externalId: string, timeoutMs: number): Promise<void>;
  /** The message templates the provider holds for this channel (approved or not). */
  listTemplates?(channel: ChannelRow, timeoutMs: number): Promise<ProviderTemplate[]>;
}
