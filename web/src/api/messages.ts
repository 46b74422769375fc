/** Messages module calls: contacts, their timeline, sending, conversation actions, tags, custom fields (IN-*, CT-1). */
import { http } from './client';
import type { AttachmentType, InboxRow, List, Page } from './types';

export type ContactTag = { id: string; name: string };

/** A contact as GET /contacts/{id} and the inbox row's `contact` show it (CT-1). */
export type Contact = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  name: string | null;
  avatarUrl: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  customFields: Record<string, unknown>;
  tags: ContactTag[];
  assigneeId: string | null;
  teamId: string | null;
  conversationStatus: 'open' | 'closed' | 'snoozed' | null;
  blocked: boolean;
  createdAt: string;
  lastInteractionAt: string | null;
};

export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type SenderKind = 'contact' | 'user' | 'workflow' | 'bot' | 'api' | 'broadcast' | 'echo';

/** A message (IN-6): the time of each status reached, the error cause when failed, deletion for audit. */
export type Message = {
  id: string;
  contactId: string;
  conversationId: string | null;
  channelId: string | null;
  direction: 'in' | 'out';
  senderKind: SenderKind;
  senderUserId: string | null;
  externalId: string | null;
  replyToId: string | null;
  text: string | null;
  /** What it carries besides text: the template it was sent as, its files (`text` is then their caption). */
  content?: {
    kind: string;
    template?: TemplateSend;
    attachments?: MessageAttachment[];
    email?: EmailInfo;
    /** What went wrong with the message as it arrived (an unsupported type, a part of a long SMS that never came). */
    error?: { code: string; message: string };
  } | null;
  status: MessageStatus;
  statusTimes: Partial<Record<MessageStatus, string>>;
  error: { code: string; message: string | null } | null;
  createdAt: string;
  deletedAt: string | null;
  deletedById: string | null;
};

/**
 * An email's envelope and formatting: `text` holds the body without quoted history (kept in `quotedText`); `html` is
 * sanitised by the server, with remote images only in `data-remote-src` and inline ones as `data-cid-index` (the index
 * of their attachment).
 */
export type EmailInfo = { subject: string | null; html?: string; quotedText?: string; messageId: string; inReplyTo?: string; references?: string[] };

/** A file of a message: `url` (our download route) is null until its bytes are stored, or when fetching them failed. */
export type MessageAttachment = {
  type: AttachmentType;
  mimeType: string | null;
  filename?: string;
  size: number | null;
  url: string | null;
  fetchError?: { code: string; message: string };
};

/** A structured conversation event (IN-7), rendered in the user's language by the client. */
export type TimelineEvent = {
  id: string;
  contactId: string;
  conversationId: string | null;
  type: string;
  actor: { kind: 'user' | 'api' | 'contact' | 'system' | string; id: string | null };
  data: Record<string, unknown>;
  createdAt: string;
};

export type TimelineItem = ({ kind: 'message' } & Message) | ({ kind: 'event' } & TimelineEvent);

/**
 * A workspace channel as one contact sees it (CT-3): `active` the contact has an identity there; `inactive` the business
 * can write first, at the contact's phone or email; `unavailable` it cannot (`unavailableReason` says why).
 */
export type ContactChannel = {
  channelId: string;
  channelType: string;
  channelName: string;
  state: 'active' | 'inactive' | 'unavailable';
  /** The contact's id on the channel; for an inactive channel, the address a first message would use; null when unavailable. */
  externalId: string | null;
  /** A message can be sent on it now (active on a working channel, or inactive). */
  usable: boolean;
  /** The address the channel can be started with by the business; null: only the contact can start it. */
  startsWith: 'phone' | 'email' | null;
  connectedAt: string | null;
  /** The provider's own view of the conversation (Messenger), when one can be linked. */
  conversationUrl: string | null;
  lastInboundAt: string | null;
  /** Channels with a reply window (WhatsApp): `closesAt` null when the contact never wrote on it; null without a window. */
  replyWindow: { open: boolean; closesAt: string | null } | null;
  unavailableReason: 'contact_starts' | 'no_phone' | 'no_email' | 'address_in_use' | null;
};
/** A provider template as synced (WhatsApp): `components` are the provider's (HEADER, BODY, FOOTER, BUTTONS). */
export type Template = { name: string; language: string; status: string; category: string | null; components: TemplateComponent[]; syncedAt: string };
export type TemplateComponent = { type: string; format?: string; text?: string; buttons?: { type: string; text?: string; url?: string }[]; friendlyName?: string | null };
/** What POST /contacts/{id}/messages takes for a template: its name, language and the values of its variables. */
export type TemplateSend = { name: string; language: string; components?: { type: string; parameters: TemplateParameter[] }[] };
/** A variable's value: positional (`{{1}}`, by order) or named (`{{first_name}}`, by `parameter_name`). */
export type TemplateParameter = { type: 'text'; text: string; parameter_name?: string };
export type CustomFieldType = 'text' | 'number' | 'date' | 'list' | 'checkbox' | 'email' | 'phone' | 'url';
export type CustomField = { id: string; key: string; label: string; type: CustomFieldType; options: string[]; position: number };
export type Tag = { id: string; name: string; contactCount: number };
export type ClosingCategory = { id: string; name: string; position: number };

export type ContactInput = {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  country?: string | null;
  language?: string | null;
  customFields?: Record<string, unknown>;
};

const contact = (id: string) => `/api/v1/contacts/${encodeURIComponent(id)}`;

export const getContact = (id: string) => http.get<Contact>(contact(id));
export const createContact = (input: ContactInput, idempotencyKey: string) =>
  http.post<Contact>('/api/v1/contacts', input, { headers: { 'Idempotency-Key': idempotencyKey } });
export const updateContact = (id: string, patch: ContactInput) => http.patch<Contact>(contact(id), patch);
export const listContactChannels = (id: string) => http.get<List<ContactChannel>>(`${contact(id)}/channels`);
/** CT-4 (Owner/Manager): takes the channel off the contact; the history stays. */
export const removeContactChannel = (id: string, channelId: string) => http.delete(`${contact(id)}/channels/${encodeURIComponent(channelId)}`);
export const addContactTags = (id: string, tags: string[]) => http.post<Contact>(`${contact(id)}/tags`, { tags });
export const removeContactTags = (id: string, tags: string[]) => http.delete<Contact>(`${contact(id)}/tags`, { body: { tags } });

export const listTimeline = (id: string, before?: string) =>
  http.get<Page<TimelineItem>>(`${contact(id)}/messages`, { query: { before, limit: 50 } });
export const sendMessage = (id: string, input: { text: string; channelId?: string } | { template: TemplateSend; channelId?: string }, idempotencyKey: string) =>
  http.post<{ id: string; status: MessageStatus }>(`${contact(id)}/messages`, input, { headers: { 'Idempotency-Key': idempotencyKey } });
/** The same send with one file (multipart); `text` is its caption. */
export const sendFileMessage = (id: string, input: { file: File; text?: string; channelId?: string }, idempotencyKey: string) => {
  const form = new FormData();
  if (input.channelId) form.append('channelId', input.channelId);
  if (input.text) form.append('text', input.text);
  form.append('file', input.file, input.file.name);
  return http.post<{ id: string; status: MessageStatus }>(`${contact(id)}/messages`, form, { headers: { 'Idempotency-Key': idempotencyKey } });
};
export const deleteMessage = (messageId: string) => http.delete<Message>(`/api/v1/messages/${encodeURIComponent(messageId)}`);

export const markRead = (id: string) => http.post<InboxRow>(`${contact(id)}/read`);
export const markNoReplyNeeded = (id: string) => http.post<InboxRow>(`${contact(id)}/no-reply-needed`);
export const assignContact = (id: string, target: { userId: string | null; teamId?: string | null }) =>
  http.post<InboxRow>(`${contact(id)}/assignee`, target);
export const closeConversation = (id: string, note: { category?: string; summary?: string }) =>
  http.post<InboxRow>(`${contact(id)}/conversation`, { status: 'closed', ...note });
export const reopenConversation = (id: string) => http.post<InboxRow>(`${contact(id)}/conversation`, { status: 'open' });
export const snoozeContact = (id: string, until: Date) => http.post<InboxRow>(`${contact(id)}/snooze`, { until: until.toISOString() });
export const unsnoozeContact = (id: string) => http.delete<InboxRow>(`${contact(id)}/snooze`);

export const listTemplates = (channelId: string) => http.get<List<Template>>(`/api/v1/channels/${encodeURIComponent(channelId)}/templates`);
export const syncTemplates = (channelId: string) => http.post<List<Template>>(`/api/v1/channels/${encodeURIComponent(channelId)}/templates/sync`);

export const listTags = () => http.get<List<Tag>>('/api/v1/tags');
export const listCustomFields = () => http.get<List<CustomField>>('/api/v1/custom-fields');
export const listClosingCategories = () => http.get<List<ClosingCategory>>('/api/v1/closing-categories');
