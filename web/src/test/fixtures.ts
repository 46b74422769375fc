import type { Channel, Contact, ContactChannel, Me, Role } from '../api';

/**
 * API answers for component tests, with every field the type has and neutral values: a test names only the fields
 * it is about.
 */

/** A contact as GET /contacts/{id} shows it: open, untagged, unassigned. */
export const contactOf = (id: string, over: Partial<Contact> = {}): Contact => ({
  id,
  firstName: null,
  lastName: null,
  displayName: null,
  name: `Contact ${id}`,
  avatarUrl: null,
  email: null,
  phone: null,
  country: null,
  language: null,
  customFields: {},
  tags: [],
  assigneeId: null,
  teamId: null,
  conversationStatus: 'open',
  blocked: false,
  createdAt: '2026-03-01T10:00:00.000Z',
  lastInteractionAt: null,
  ...over,
});

type ChannelFields = Partial<Omit<Channel, 'capabilities'>> & { capabilities?: Partial<Channel['capabilities']> };

/** A connected workspace channel as GET /channels lists it: no reply window, no files, no deletion for the contact. */
export const channelOf = (type: string, id: string, { capabilities, ...over }: ChannelFields = {}): Channel => ({
  id,
  type,
  name: `Channel ${type}`,
  status: 'connected',
  statusReason: null,
  statusChangedAt: null,
  lastWebhookAt: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  inboundUrl: `https://inbox.example.com/webhooks/${type}/${id}`,
  ...over,
  capabilities: { deleteForContact: false, replyWindowMs: null, files: {}, uncaptionedFiles: [], ...capabilities },
});

/** A channel as GET /contacts/{id}/channels shows it to one contact: active and usable unless `fields` say otherwise. */
export const contactChannelOf = (fields: Partial<ContactChannel> & Pick<ContactChannel, 'channelId' | 'channelType' | 'channelName'>): ContactChannel => ({
  state: 'active',
  externalId: null,
  usable: true,
  startsWith: null,
  connectedAt: null,
  conversationUrl: null,
  lastInboundAt: null,
  replyWindow: null,
  unavailableReason: null,
  ...fields,
});

/** GET /auth/me for a user of `role` who sees all contacts, in English. */
export const sessionOf = (role: Role, workspace: Partial<Me['workspace']> = {}): Me => ({
  actor: { kind: 'user', userId: '1', role, visibility: 'all', teamIds: [], locale: 'en' },
  workspace: { id: '1', name: 'Aurora', timezone: 'America/Sao_Paulo', language: 'en', ...workspace },
});
