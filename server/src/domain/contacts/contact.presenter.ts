import type { contacts } from '../../db/schema.js';
import { idString } from '../../http/ids.js';

export type ContactRow = typeof contacts.$inferSelect;

/** The columns the presenter reads, so a list query (the inbox) may select just these. */
export type PresentableContact = Pick<
  ContactRow,
  | 'id'
  | 'firstName'
  | 'lastName'
  | 'displayName'
  | 'avatarUrl'
  | 'avatarFile'
  | 'email'
  | 'phone'
  | 'country'
  | 'language'
  | 'customFields'
  | 'assigneeId'
  | 'teamId'
  | 'conversationStatus'
  | 'blockedAt'
  | 'createdAt'
  | 'lastInteractionAt'
>;

export type TagRef = { id: number; name: string };

/** A contact as the API and realtime events show it (CT-1); `tags` from `loadContactTags`. */
export function presentContact(row: PresentableContact, tags: TagRef[]) {
  const fullName = [row.firstName, row.lastName].filter(Boolean).join(' ');
  return {
    id: String(row.id),
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    name: fullName || row.displayName || row.phone || row.email,
    // A picture stored from the channel is served by us (GET /api/v1/contacts/{id}/avatar, signed-in users only).
    avatarUrl: row.avatarFile ? `/api/v1/contacts/${row.id}/avatar` : row.avatarUrl,
    email: row.email,
    phone: row.phone,
    country: row.country,
    language: row.language,
    customFields: row.customFields,
    tags: tags.map((t) => ({ id: String(t.id), name: t.name })),
    assigneeId: idString(row.assigneeId),
    teamId: idString(row.teamId),
    conversationStatus: row.conversationStatus,
    blocked: row.blockedAt !== null,
    createdAt: row.createdAt.toISOString(),
    lastInteractionAt: row.lastInteractionAt?.toISOString() ?? null,
  };
}

export type PresentedContact = ReturnType<typeof presentContact>;
