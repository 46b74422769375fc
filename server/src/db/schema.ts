import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Ids are bigints (compact, ordered indexes at tens of millions of rows); the API presents them as strings.
const id = () => bigserial('id', { mode: 'number' }).primaryKey();
const ref = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  language: text('language').notNull().default('en'),
  // Last realtime event sequence, bumped by the sequencer under this row's lock (events/sequencer.ts).
  eventSeq: ref('event_seq').notNull().default(0),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['owner', 'manager', 'agent'] }).notNull(),
    visibility: text('visibility', { enum: ['all', 'team', 'assigned'] }).notNull().default('all'),
    language: text('language'),
    avatarUrl: text('avatar_url'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`), index('users_workspace_idx').on(t.workspaceId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: ref('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [uniqueIndex('sessions_token_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdBy: ref('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_token_key').on(t.tokenHash), index('api_tokens_workspace_idx').on(t.workspaceId)],
);

export const loginThrottles = pgTable('login_throttles', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: at('window_started_at').notNull().defaultNow(),
  lockedUntil: at('locked_until'),
});

export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_name_key').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    teamId: ref('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
    userId: ref('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'manager', 'agent'] }).notNull(),
    visibility: text('visibility', { enum: ['all', 'team', 'assigned'] }).notNull(),
    teamIds: jsonb('team_ids').$type<number[]>().notNull().default([]),
    tokenHash: text('token_hash').notNull(),
    invitedBy: ref('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
  },
  (t) => [uniqueIndex('invitations_token_key').on(t.tokenHash), index('invitations_workspace_idx').on(t.workspaceId)],
);

export const closingCategories = pgTable(
  'closing_categories',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('closing_categories_name_key').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ['text', 'number', 'date', 'list', 'checkbox', 'email', 'phone', 'url'] }).notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('custom_field_definitions_key').on(t.workspaceId, t.key)],
);

export const tags = pgTable(
  'tags',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_name_key').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const channels = pgTable(
  'channels',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    // Shared secret for webhook signatures (HMAC needs the plain value on our side).
    secret: text('secret').notNull(),
    // CH-6 health: `disconnected` when the provider refused our credentials (`statusReason` says why).
    status: text('status', { enum: ['connected', 'disconnected', 'error'] }).notNull().default('connected'),
    statusReason: text('status_reason'),
    statusChangedAt: at('status_changed_at'),
    lastWebhookAt: at('last_webhook_at'),
    // Names the channel to browsers (web chat: the widget's `data-key`); null for provider channels.
    publicKey: text('public_key'),
    createdAt: createdAt(),
    removedAt: at('removed_at'),
  },
  (t) => [index('channels_workspace_idx').on(t.workspaceId), uniqueIndex('channels_public_key').on(t.publicKey)],
);

/**
 * A contact is also its inbox row: the fields the list shows are kept here, written with each change,
 * so one indexed query renders a page.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    firstName: text('first_name'),
    lastName: text('last_name'),
    displayName: text('display_name'),
    avatarUrl: text('avatar_url'),
    // The picture stored from the channel's profile (Messenger, Instagram), served at our own URL: providers' links expire.
    avatarFile: jsonb('avatar_file').$type<NonNullable<Attachment['file']>>(),
    email: text('email'),
    phone: text('phone'),
    country: text('country'),
    language: text('language'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    // Lower-cased, accent-stripped name/email/phone, searched with a trigram index.
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    lastInteractionAt: at('last_interaction_at'),
    blockedAt: at('blocked_at'),
    // Inbox state (denormalised from the current conversation and the last message).
    conversationId: ref('conversation_id'),
    conversationStatus: text('conversation_status', { enum: ['open', 'closed', 'snoozed'] }),
    statusChangedAt: at('status_changed_at'),
    assigneeId: ref('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: ref('team_id').references(() => teams.id, { onDelete: 'set null' }),
    lastMessageId: ref('last_message_id'),
    lastMessageAt: at('last_message_at'),
    lastInboundAt: at('last_inbound_at'),
    lastChannelId: ref('last_channel_id'),
    unreadCount: integer('unread_count').notNull().default(0),
    unansweredCount: integer('unanswered_count').notNull().default(0),
  },
  (t) => [
    index('contacts_inbox_newest_idx')
      .on(t.workspaceId, t.conversationStatus, t.lastMessageAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    index('contacts_inbox_age_idx')
      .on(t.workspaceId, t.conversationStatus, t.statusChangedAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    index('contacts_inbox_assignee_idx')
      .on(t.workspaceId, t.assigneeId, t.conversationStatus, t.lastMessageAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    index('contacts_inbox_team_idx')
      .on(t.workspaceId, t.teamId, t.conversationStatus, t.lastMessageAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    // Mine and team views sorted by time in status (longest/shortest): without these, a short list was found by
    // walking the whole status in age order (3 s for an agent with no closed contact among 1M, bench B2 full).
    index('contacts_inbox_assignee_age_idx')
      .on(t.workspaceId, t.assigneeId, t.conversationStatus, t.statusChangedAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    index('contacts_inbox_team_age_idx')
      .on(t.workspaceId, t.teamId, t.conversationStatus, t.statusChangedAt, t.id)
      .where(sql`${t.conversationStatus} is not null`),
    // Inbox counts (IN-2) read only this index: a count over every open contact without visiting the table rows
    // (177 ms for 49,000 open contacts before it, bench B2 full).
    index('contacts_inbox_counts_idx')
      .on(t.workspaceId, t.conversationStatus, t.teamId, t.assigneeId)
      .where(sql`${t.conversationStatus} is not null`),
    index('contacts_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('contacts_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_phone_idx').on(t.workspaceId, t.phone),
    index('contacts_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
  ],
);

export const contactTags = pgTable(
  'contact_tags',
  {
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    tagId: ref('tag_id').notNull().references(() => tags.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.tagId] }), index('contact_tags_tag_idx').on(t.tagId)],
);

/** A contact's identity on one channel (phone number, chat id, PSID, visitor id…). */
export const contactChannels = pgTable(
  'contact_channels',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    channelId: ref('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    // The contact's last message on this channel: opens the channel's reply window (WhatsApp: 24 hours).
    lastInboundAt: at('last_inbound_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('contact_channels_external_key').on(t.channelId, t.externalId),
    index('contact_channels_contact_idx').on(t.contactId),
  ],
);

/** A period of conversation with a contact (opened → closed); holds the times reports are made of. */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'closed', 'snoozed'] }).notNull(),
    assigneeId: ref('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: ref('team_id').references(() => teams.id, { onDelete: 'set null' }),
    snoozedUntil: at('snoozed_until'),
    openedAt: at('opened_at').notNull().defaultNow(),
    openedByKind: text('opened_by_kind').notNull(),
    openedById: ref('opened_by_id'),
    firstAssignedAt: at('first_assigned_at'),
    firstResponseAt: at('first_response_at'),
    lastResponseAt: at('last_response_at'),
    closedAt: at('closed_at'),
    closedByKind: text('closed_by_kind'),
    closedById: ref('closed_by_id'),
    closingCategoryId: ref('closing_category_id').references(() => closingCategories.id, { onDelete: 'set null' }),
    closingSummary: text('closing_summary'),
  },
  (t) => [
    // P1/IN-0: at most one open (or snoozed) conversation per contact.
    uniqueIndex('conversations_one_open_key').on(t.contactId).where(sql`${t.status} <> 'closed'`),
    index('conversations_contact_idx').on(t.contactId, t.openedAt),
    index('conversations_workspace_opened_idx').on(t.workspaceId, t.openedAt),
  ],
);

/** A file of a message; `file` once its bytes are stored (inbound media is fetched from the provider by a job). */
export type Attachment = {
  type: 'image' | 'audio' | 'voice' | 'video' | 'document' | 'sticker';
  mimeType: string | null;
  filename?: string;
  caption?: string;
  providerMediaId?: string;
  sha256?: string;
  animated?: boolean;
  file?: { key: string; size: number; mimeType: string };
  /** Why the file could not be fetched (the message itself is kept). */
  fetchError?: { code: string; message: string };
};

export type MessageKind =
  | 'text'
  | 'image'
  | 'audio'
  | 'voice'
  | 'video'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'choice'
  | 'reaction'
  | 'order'
  | 'template'
  | 'unsupported';

/** What a message carries besides its text, normalised across channels (absent on plain text messages). */
export type MessageContent = {
  kind: MessageKind;
  attachments?: Attachment[];
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  /** Contact cards shared by the contact, kept as the provider sent them (names, phones, emails…). */
  contacts?: Record<string, unknown>[];
  /** A tap on a button or list row we offered: `template_button` for a template quick reply. */
  choice?: { kind: 'button' | 'list' | 'template_button' | 'form'; id: string | null; title: string; description?: string; response?: unknown };
  /** An emoji on the message `replyToId` points at; `null` when the contact removed their reaction. */
  reaction?: { emoji: string | null; targetExternalId: string };
  order?: { catalogId: string | null; text: string | null; items: { productId: string; quantity: number; price: number | null; currency: string | null }[] };
  template?: { name: string; language: string; components?: unknown[] };
  /** The provider's own type, for `unsupported` messages. */
  providerType?: string;
  forwarded?: 'forwarded' | 'frequently_forwarded';
  referredProduct?: { catalogId: string; productRetailerId: string };
  /** A provider error that came with the message (unsupported type, media too large…). */
  error?: { code: string; message: string };
  /**
   * An email's envelope and formatting (email channel). The message `text` is the plain-text body without the quoted
   * history of earlier mails, which is kept in `quotedText`; `html` is the HTML body sanitised for display (no scripts,
   * styles or forms; remote images kept only as `data-remote-src` so nothing loads until asked; inline `cid:` images as
   * `data-cid-index`, the index of their attachment). Ids keep their angle brackets, as in the headers.
   */
  email?: {
    subject: string | null;
    html?: string;
    quotedText?: string;
    messageId: string;
    inReplyTo?: string;
    references?: string[];
  };
};

export type StatusTimes = Partial<Record<'pending' | 'sent' | 'delivered' | 'read' | 'failed', string>>;

export const messages = pgTable(
  'messages',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    conversationId: ref('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    channelId: ref('channel_id').references(() => channels.id, { onDelete: 'set null' }),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    senderKind: text('sender_kind', {
      enum: ['contact', 'user', 'workflow', 'bot', 'api', 'broadcast', 'echo'],
    }).notNull(),
    senderUserId: ref('sender_user_id').references(() => users.id, { onDelete: 'set null' }),
    externalId: text('external_id'),
    replyToId: ref('reply_to_id'),
    text: text('text'),
    content: jsonb('content').$type<MessageContent>(),
    status: text('status', { enum: ['received', 'pending', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
    statusTimes: jsonb('status_times').$type<StatusTimes>().notNull().default({}),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    sendAttempts: integer('send_attempts').notNull().default(0),
    createdAt: createdAt(),
    deletedAt: at('deleted_at'),
    deletedById: ref('deleted_by_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    // P1: a provider's message id is stored once per channel.
    uniqueIndex('messages_external_key').on(t.channelId, t.externalId).where(sql`${t.externalId} is not null`),
    index('messages_contact_created_idx').on(t.contactId, t.createdAt, t.id),
  ],
);

/** Structured timeline events (IN-7), rendered per locale by clients. */
export const conversationEvents = pgTable(
  'conversation_events',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    conversationId: ref('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    type: text('type').notNull(),
    actorKind: text('actor_kind', { enum: ['user', 'contact', 'api', 'system', 'workflow', 'bot'] }).notNull(),
    actorId: ref('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_events_contact_created_idx').on(t.contactId, t.createdAt, t.id)],
);

export type EventAudience =
  | { kind: 'workspace' }
  | { kind: 'managers' }
  | { kind: 'user'; userId: number }
  | { kind: 'contact'; states: { assigneeId: number | null; teamId: number | null }[] };

/** The transactional outbox: every change's realtime event, numbered per workspace, replayable on reconnect. */
export const events = pgTable(
  'events',
  {
    // Insertion order: a sequencing run numbers a workspace's committed events in this order.
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    // Null from the writer's commit until the sequencer numbers it (moments later); readers only see numbered events.
    seq: ref('seq'),
    type: text('type').notNull(),
    audience: jsonb('audience').$type<EventAudience>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('events_workspace_seq').on(t.workspaceId, t.seq),
    index('events_unnumbered').on(t.workspaceId, t.id).where(sql`${t.seq} is null`),
  ],
);

/** Raw provider webhooks, stored before they are acknowledged so nothing accepted is lost. */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: ref('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
    processedAt: at('processed_at'),
    error: text('error'),
  },
  (t) => [index('webhook_receipts_pending_idx').on(t.receivedAt).where(sql`${t.processedAt} is null`)],
);

/** A part's message as its channel normalised it (`sentAt` as ISO text), kept until its whole message is recorded. */
export type KeptPart = {
  contact: { externalId: string; name?: string; phone?: string; email?: string };
  text?: string;
  content?: MessageContent;
  sentAt?: string;
};

/**
 * The parts of long inbound messages (concatenated SMS), one row per part by the provider's id for it. A part waits
 * (`recordedAt` null) with the others of its message, (channel, contact, group, total), until they are all here or the
 * wait ends; then they are recorded as one message and their `part` cleared. The row stays, so a provider's late
 * retry of a part is known and not recorded again.
 */
export const inboundParts = pgTable(
  'inbound_parts',
  {
    id: id(),
    channelId: ref('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    contactExternalId: text('contact_external_id').notNull(),
    group: text('group_ref').notNull(),
    total: integer('total').notNull(),
    index: integer('part_index').notNull(),
    externalId: text('external_id').notNull(),
    part: jsonb('part').$type<KeptPart>(),
    receivedAt: at('received_at').notNull().defaultNow(),
    recordedAt: at('recorded_at'),
  },
  (t) => [
    uniqueIndex('inbound_parts_external_key').on(t.channelId, t.externalId),
    index('inbound_parts_waiting_idx').on(t.channelId, t.contactExternalId, t.group, t.total).where(sql`${t.recordedAt} is null`),
  ],
);

/**
 * Channels read over a long-lived connection instead of webhooks (email: IMAP): where reading resumes (`cursor`, the
 * adapter's own position, e.g. UIDVALIDITY and last UID), and which node holds the connection. The holder keeps a
 * lease (`heldUntil`) that it renews while connected, so one node reads each mailbox and another takes over once it
 * stops renewing.
 */
export const channelWatches = pgTable('channel_watches', {
  channelId: ref('channel_id').primaryKey().references(() => channels.id, { onDelete: 'cascade' }),
  cursor: jsonb('cursor').$type<Record<string, unknown>>(),
  holder: text('holder'),
  heldUntil: at('held_until'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** A channel's message templates as last synced from the provider (WhatsApp: the only messages allowed outside the window). */
export const channelTemplates = pgTable(
  'channel_templates',
  {
    id: id(),
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: ref('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    language: text('language').notNull(),
    status: text('status').notNull(),
    category: text('category'),
    components: jsonb('components').$type<unknown[]>().notNull().default([]),
    syncedAt: at('synced_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('channel_templates_key').on(t.channelId, t.name, t.language)],
);

/**
 * A one-time code mailed to a user to confirm an irreversible action on `subjectId` (CH-5: removing a channel).
 * One live code per (user, purpose, subject): asking again replaces it (at most once a minute). Only its hash is kept.
 */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    userId: ref('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['channel.remove'] }).notNull(),
    subjectId: ref('subject_id').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.purpose, t.subjectId] })],
);

/** Idempotency-Key replays (API-2): the first response is stored with the change it made. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: ref('workspace_id').notNull().references(() => workspaces.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    response: jsonb('response').$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.scope, t.key] })],
);
