import type { z } from 'zod';
import type { channels } from '../db/schema.js';
import type { Attachment, MessageContent } from '../db/schema.js';

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
      /**
       * Sent by the business, not the contact (Meta's `is_echo`): from the provider's own inbox or app, or the
       * provider's copy of one of our sends. `contact` is then the recipient. It is recorded once as an outbound
       * message (sender `echo`, status sent) unless it is one of our sends (same provider id), and never sent again.
       */
      echo?: true;
      /**
       * One part of a long message the provider delivers in pieces (a concatenated SMS): part `index` (from 1) of
       * `total`, `group` naming the message among the contact's (the SMS concatenation reference). Parts are kept (each
       * once, by `externalId`) until all `total` have come, then recorded as one message: their texts joined in index
       * order, under the first part's `externalId`. When the others have not come within INBOUND_PARTS_WAIT_SECONDS (or a
       * later message under the same group takes a waiting part's place), the parts that did are recorded, marked with
       * `content.error` `parts_missing`. Of a part, its contact, text, content and sentAt are kept.
       */
      part?: { group: string; index: number; total: number };
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
  /**
   * The contact's app received or read everything sent to them up to a point (Messenger's `delivery` and `read`
   * watermarks, Instagram's `messaging_seen`): each outbound message to the contact on the channel sent at or before
   * `upTo` (a time, or a message by the provider's id) moves forward to `status`, as do the `externalIds` named outright.
   */
  | {
      kind: 'watermark';
      contact: InboundContact;
      status: 'delivered' | 'read';
      upTo: { at: Date } | { externalId: string };
      externalIds?: string[];
      at?: Date;
    }
  /** The contact's identity on the channel changed (a new phone number): later messages come from `newExternalId`. */
  | { kind: 'identity_changed'; contact: InboundContact; newExternalId: string; data: Record<string, unknown>; at?: Date }
  /** Something the provider reported that changes nothing here; it is noted on the stored webhook. */
  | { kind: 'notice'; code: string; message: string };

export type TemplateRef = { name: string; language: string; components?: unknown[] };

/** A file an agent sends; its bytes are read from the file store when the send job runs. */
export type OutboundFile = { type: Attachment['type']; mimeType: string; filename: string; bytes: Buffer };

export type OutboundMessage = {
  /** Our message id; adapters pass it to providers that accept an idempotency key. */
  id: number;
  text: string;
  contactExternalId: string;
  replyToExternalId?: string;
  /** A pre-approved provider template instead of free text (channels with `templates`). */
  template?: TemplateRef;
  /** One file (channels with `capabilities.files`); `text` is then its caption, possibly empty. */
  file?: OutboundFile;
  /**
   * The contact's message this one answers, with what was stored of it: the quoted one, else on channels with
   * `capabilities.threadsReplies` the contact's newest message on the channel (email builds In-Reply-To from it).
   */
  parent?: { externalId: string; content: MessageContent | null };
  /** The channel's webhook URL, for providers told with each message where to report its statuses (Twilio's StatusCallback). */
  webhookUrl?: string;
};

/** What a provider accepted: its id for the message, and what else the send settled. */
export type SentMessage = {
  externalId: string;
  /** The contact's id as the provider now names them, when it differs from the one sent to (WhatsApp's rewritten numbers). */
  contactExternalId?: string;
  /** What the send made of the message that the console shows, merged into its content (an email's subject and headers). */
  content?: Pick<MessageContent, 'email'>;
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
  /**
   * The URL the provider called, as it wrote it: PUBLIC_URL followed by the raw path and query (what MessageBird signs).
   * The webhook route always sets it.
   */
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
};

/** What a watched channel read: events to record, and the position to resume from once they are recorded. */
export type WatchBatch = { events: InboundEvent[]; cursor: Record<string, unknown> };

/** What the node that holds a watched channel gives its adapter. */
export type WatchOptions = {
  /** Where the last reading stopped, as a batch left it; null when the channel was never read. */
  cursor: Record<string, unknown> | null;
  /** Records the events (a message once per external id), then saves the cursor; a throw saves nothing. */
  deliver(batch: WatchBatch): Promise<void>;
  /** Whether a message with this external id is already recorded (it is then not downloaded again). */
  known(externalId: string): Promise<boolean>;
  /** Stores an inbound file; its attachment then carries `file` instead of a provider media id. */
  storeFile(bytes: Buffer): Promise<{ key: string; size: number }>;
};

/** What a provider's profile of a contact shows; either part may be missing (hidden, never set). */
export type ContactProfile = {
  name?: string;
  /** The picture, as a media id for `fetchMedia` (Meta: a CDN link that expires within days). */
  avatarMediaId?: string;
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
    /** The files the channel can send, by attachment type, with the provider's size limit in bytes; absent: none. */
    files?: Partial<Record<Attachment['type'], number>>;
    /** File types the provider sends without a caption (WhatsApp audio): text with such a file is refused. */
    uncaptionedFiles?: Attachment['type'][];
    /** Every reply continues the thread of the contact's newest message, quoted or not (email's In-Reply-To/References). */
    threadsReplies?: boolean;
  };
  /**
   * CT-3: the business may write first to a contact who never wrote on this channel, at the contact's phone (E.164) or
   * email. `externalId` turns that address into the id the provider's webhooks name the contact by (helpers in
   * start-address.ts), so their reply reaches the same contact; undefined when the address cannot be used here.
   * Absent: only the contact can start a conversation on this channel (Messenger, Instagram, Telegram, web chat).
   */
  startsWith?: { address: 'phone' | 'email'; externalId(address: string): string | undefined };
  /** CT-3: the provider's own view of the conversation with this contact (Messenger: the Page inbox), when one can be linked. */
  conversationUrl?(channel: ChannelRow, contactExternalId: string): string | null;
  /**
   * The reply window of this channel when its config decides it (Meta's HUMAN_AGENT tag allows 7 days instead of 24
   * hours); `capabilities.replyWindowMs` is then the standard window. Read through `replyWindowMsOf`.
   */
  replyWindowMsFor?(channel: ChannelRow): number;
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
  /**
   * The provider may call the webhook with GET, its fields in the URL query (SMS providers' callbacks): such a request is
   * verified like a POST, and its query string is what is stored and parsed.
   */
  webhookGet?: boolean;
  /** What the provider expects as the webhook's 200 answer instead of `{"ok": true}` (Twilio: empty TwiML). */
  webhookAnswer?: { contentType: string; body: string };
  /** Throws (or rejects with) AppError('invalid_signature' | 'stale_request') when the request is not from the provider. */
  verifyWebhook(channel: ChannelRow, request: WebhookRequest, maxSkewSeconds: number): void | Promise<void>;
  /** Throws AppError('invalid_payload') for a body that does not have the documented shape. */
  parseWebhook(channel: ChannelRow, rawBody: Buffer): InboundEvent[];
  /**
   * Returns the provider's id for the message, or throws SendError. `contactExternalId`: the provider's own id for the
   * recipient when it may differ from `message.contactExternalId` (WhatsApp's wa_id for a number it rewrote); the
   * contact's identity then takes it, so their replies reach the same contact.
   */
  send(channel: ChannelRow, message: OutboundMessage, timeoutMs: number): Promise<SentMessage>;
  deleteMessage?(channel: ChannelRow, externalId: string, timeoutMs: number): Promise<void>;
  /** Downloads an inbound attachment by the provider's media id; throws SendError (its kind says whether to retry). */
  fetchMedia?(channel: ChannelRow, providerMediaId: string, timeoutMs: number): Promise<{ body: Buffer; mimeType: string }>;
  /**
   * The contact's profile on the provider, for a contact its webhooks name by an id only (Messenger's PSID, Instagram's
   * IGSID). Throws SendError: permanent when the provider will not show the profile (privacy settings, no consent).
   */
  fetchProfile?(channel: ChannelRow, contactExternalId: string, timeoutMs: number): Promise<ContactProfile>;
  /** Tells the provider the contact's messages up to this one were read by an agent. */
  markRead?(channel: ChannelRow, externalId: string, timeoutMs: number): Promise<void>;
  /**
   * For channels read over a long-lived connection instead of webhooks (email: IMAP IDLE). Connects, delivers what
   * arrived since `cursor`, then what arrives, until `signal` aborts (resolves) or the connection is lost (rejects:
   * SendError with `credentialsRejected` when the provider refuses the credentials). Called on one node at a time.
   */
  watch?(channel: ChannelRow, options: WatchOptions, signal: AbortSignal): Promise<void>;
  /** The message templates the provider holds for this channel (approved or not). */
  listTemplates?(channel: ChannelRow, timeoutMs: number): Promise<ProviderTemplate[]>;
}
