/** Shapes the API answers with (see /api/openapi.json and server/src/domain/** presenters). Ids are strings. */

export type Locale = 'en' | 'es' | 'pt-BR';
export type Role = 'owner' | 'manager' | 'agent';
/** WS-3: which contacts an agent sees. */
export type Visibility = 'all' | 'team' | 'assigned';

export type Workspace = { id: string; name: string; timezone: string; language: Locale };

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  visibility: Visibility;
  /** null: the workspace language. */
  language: Locale | null;
  avatarUrl: string | null;
};

/** A user in GET /users: with their teams. */
export type Member = User & { teamIds: string[] };

export type Actor = {
  kind: 'user' | 'api';
  userId: string | null;
  role: Role;
  visibility: Visibility;
  teamIds: string[];
  /** The language the server answers this actor in. */
  locale: Locale;
};

export type Me = { actor: Actor; workspace: Workspace };

export type Team = { id: string; name: string; memberIds: string[] };

/** What a message's file is shown as (an agent's file: by its MIME type; voice notes and stickers come in only). */
export type AttachmentType = 'image' | 'audio' | 'voice' | 'video' | 'document' | 'sticker';

export type Channel = {
  id: string;
  type: string;
  name: string;
  status: 'connected' | 'disconnected' | 'error';
  /** Why it is not connected: a provider code such as `token_expired`. */
  statusReason: string | null;
  statusChangedAt: string | null;
  lastWebhookAt: string | null;
  createdAt: string;
  inboundUrl: string;
  /** Web chat: names the channel in the widget's embed snippet. */
  publicKey?: string;
  /** Owners and Managers only. */
  config?: Record<string, unknown>;
  capabilities: {
    /** false: a deleted message stays on the contact's side; `maxAgeMs` null: no age limit. */
    deleteForContact: false | { maxAgeMs: number | null };
    /** Free text only this long after the contact last wrote (WhatsApp: 24 h); null: no window. */
    replyWindowMs: number | null;
    /** The files it can send: the most bytes per attachment type; `{}`: it sends no files. */
    files: Partial<Record<AttachmentType, number>>;
    /** File types it sends without a caption (WhatsApp audio): such a file goes without text. */
    uncaptionedFiles: AttachmentType[];
  };
};

/** GET /inbox/counts: open conversations per standard inbox, and per team inbox the actor may open (by team id). */
export type InboxCounts = { all: number; mine: number; unassigned: number; teams: Record<string, number> };

/** The inbox views the API knows: `all`, `mine`, `unassigned`, `team:<id>`. */
export type InboxView = 'all' | 'mine' | 'unassigned' | `team:${string}`;

export type Page<T> = { items: T[]; nextCursor?: string | null };
export type List<T> = { items: T[] };

/** One row of an inbox list (GET /inbox): a contact with its conversation and latest message (IN-0, IN-5). */
export type InboxRow = {
  /** The contact as GET /contacts/{id} shows it. */
  contact: import('./messages').Contact;
  conversation: {
    id: string;
    status: 'open' | 'closed' | 'snoozed';
    assigneeId: string | null;
    teamId: string | null;
    snoozedUntil: string | null;
    openedAt: string;
    closedAt: string | null;
  } | null;
  lastMessage: {
    id: string;
    direction: 'in' | 'out';
    senderKind: string;
    channelId: string | null;
    text: string | null;
    /** What it carries besides text (`text` for a plain message): the list names a file or a location without a caption. */
    kind: string;
    status: string;
    createdAt: string;
    deleted: boolean;
  } | null;
  lastActivityAt: string;
  /** When the conversation entered its status: the longest/shortest sort key. */
  statusChangedAt: string | null;
  lastChannelId: string | null;
  unreadCount: number;
  unansweredCount: number;
};
