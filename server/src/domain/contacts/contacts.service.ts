import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound } from '../../http/errors.js';
import { validateCustomFieldValues } from '../custom-fields/custom-field-values.js';
import { listDefinitions } from '../custom-fields/custom-fields.repo.js';
import { requestHash, withIdempotency } from '../idempotency/idempotency.js';
import { findTagsByName } from '../tags/tags.repo.js';
import { ensureTags } from '../tags/tags.service.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { contactCursor } from './contact-cursor.js';
import { presentContact, type ContactRow, type PresentedContact } from './contact.presenter.js';
import * as repo from './contacts.repo.js';
import { normalisePhone } from './phone.js';
import { contactSearchText, searchPattern } from './search-text.js';

/** The CT-1 fields a user or the API edits; null clears a field (and, in `customFields`, removes a key). */
export type ContactFields = {
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  email?: string | null;
  phone?: string | null;
  country?: string | null;
  language?: string | null;
  customFields?: Record<string, unknown>;
};
export type CreateContactInput = ContactFields & { tags?: string[] };

const plainFields = ['firstName', 'lastName', 'displayName', 'email', 'country', 'language'] as const;

/** E.164 or 422 `invalid_phone`; a number in national format is read in `countryHint`'s numbering plan. */
function phoneOrThrow(phone: string, countryHint: string | null | undefined) {
  const normalised = normalisePhone(phone, countryHint);
  if (!normalised) {
    throw new AppError('invalid_phone', [{ path: 'body.phone', message: 'not a valid phone number with its country code' }]);
  }
  return normalised;
}

/** Custom field values checked against the workspace's definitions and merged onto `current`; null removes a key. */
async function mergeCustomFields(db: Executor, workspaceId: number, current: Record<string, unknown>, changes: Record<string, unknown>) {
  const validated = validateCustomFieldValues(await listDefinitions(db, workspaceId), changes);
  const merged = { ...current, ...validated };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  return merged;
}

const audienceOf = (row: Pick<ContactRow, 'assigneeId' | 'teamId'>) => ({
  kind: 'contact' as const,
  states: [{ assigneeId: row.assigneeId, teamId: row.teamId }],
});

async function presentOne(db: Executor, row: ContactRow) {
  const tags = await repo.loadContactTags(db, row.workspaceId, [row.id]);
  return presentContact(row, tags.get(row.id)!);
}

/** Presents the contact as it now is and tells the clients that may see it. */
export async function announce(uow: Uow, type: 'contact.created' | 'contact.updated', row: ContactRow) {
  const contact = await presentOne(uow.tx, row);
  uow.emit({ workspaceId: row.workspaceId, type, audience: audienceOf(row), payload: { contact } });
  return contact;
}

/**
 * CT-1: a new contact, unassigned. With an `Idempotency-Key` (API-2) a retry of the same request answers the
 * first response again (`replayed`) instead of creating a second contact.
 */
export async function createContact(
  ctx: Context,
  actor: Actor,
  input: CreateContactInput,
  idempotencyKey?: string,
): Promise<{ contact: PresentedContact; replayed: boolean }> {
  authorize(actor, 'contact.create');
  return transact(ctx, async (uow) => {
    if (idempotencyKey === undefined) return { contact: await insertNewContact(uow, actor, input), replayed: false };
    const request = { workspaceId: actor.workspaceId, scope: 'contacts.create', key: idempotencyKey, requestHash: requestHash(input) };
    const { response, replayed } = await withIdempotency(uow.tx, request, () => insertNewContact(uow, actor, input));
    return { contact: response, replayed };
  });
}

async function insertNewContact(uow: Uow, actor: Actor, input: CreateContactInput) {
  const phone = input.phone ? phoneOrThrow(input.phone, input.country) : undefined;
  const fields = {
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    displayName: input.displayName ?? null,
    email: input.email ?? null,
    phone: phone?.e164 ?? null,
    country: input.country ?? phone?.country ?? null,
    language: input.language ?? null,
  };
  const row = await repo.insertContact(uow.tx, {
    ...fields,
    workspaceId: actor.workspaceId,
    customFields: await mergeCustomFields(uow.tx, actor.workspaceId, {}, input.customFields ?? {}),
    searchText: contactSearchText(fields),
  });
  const tags = await ensureTags(uow, actor.workspaceId, input.tags ?? []);
  await repo.addContactTags(uow.tx, actor.workspaceId, row.id, tags.map((t) => t.id));
  return announce(uow, 'contact.created', row);
}

/**
 * CT-9: the contacts the actor can see, newest first; `q` matches part of a name, email or phone, ignoring
 * case and accents.
 */
export async function listContacts(ctx: Context, actor: Actor, query: { q?: string; cursor?: string; limit: number }) {
  const after = decodeCursor(query.cursor, contactCursor);
  const pattern = query.q === undefined ? undefined : searchPattern(query.q);
  const rows = await repo.listVisibleContacts(ctx.db, actor, { pattern, after, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const tags = await repo.loadContactTags(ctx.db, actor.workspaceId, page.map((r) => r.id));
  const last = page.at(-1)!;
  return {
    items: page.map((row) => presentContact(row, tags.get(row.id)!)),
    nextCursor: rows.length > query.limit ? encodeCursor({ atMicros: last.createdAtMicros, id: last.id }) : null,
  };
}

export async function getContact(ctx: Context, actor: Actor, id: number) {
  const row = await repo.findVisibleContact(ctx.db, actor, id);
  if (!row) throw notFound();
  return presentOne(ctx.db, row);
}

/**
 * CT-1 edit. A new phone sets the country it belongs to unless the request sets the country too; a phone in
 * national format is read in the request's country, else the contact's.
 */
export async function updateContact(ctx: Context, actor: Actor, id: number, input: ContactFields) {
  authorize(actor, 'contact.edit');
  return transact(ctx, async (uow) => {
    const current = await repo.findVisibleContact(uow.tx, actor, id, { forUpdate: true });
    if (!current) throw notFound();
    const changes: Partial<repo.ContactInsert> = {};
    for (const field of plainFields) if (input[field] !== undefined) changes[field] = input[field];
    if (input.phone === null) changes.phone = null;
    if (input.phone) {
      const phone = phoneOrThrow(input.phone, input.country ?? current.country);
      changes.phone = phone.e164;
      if (input.country === undefined && phone.country) changes.country = phone.country;
    }
    if (input.customFields) {
      changes.customFields = await mergeCustomFields(uow.tx, actor.workspaceId, current.customFields, input.customFields);
    }
    changes.searchText = contactSearchText({ ...current, ...changes });
    const row = await repo.updateContact(uow.tx, actor.workspaceId, id, changes);
    return announce(uow, 'contact.updated', row);
  });
}

/** CT-7 (one contact): Owner/Manager only; the contact's conversations and messages go with it. */
export async function deleteContact(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'contact.delete');
  await transact(ctx, async ({ tx, emit }) => {
    const deleted = await repo.deleteVisibleContact(tx, actor, id);
    if (!deleted) throw notFound();
    // P6: the contact's own timeline is gone with it, so the outbox event is the audit record of who deleted it.
    const deletedBy = { kind: actor.kind, userId: actor.userId === null ? null : String(actor.userId) };
    emit({ workspaceId: actor.workspaceId, type: 'contact.deleted', audience: audienceOf(deleted), payload: { contactId: String(id), deletedBy } });
  });
}

/** CT-2: tags the contact, creating tags that do not exist yet. */
export async function addContactTags(ctx: Context, actor: Actor, id: number, names: string[]) {
  authorize(actor, 'contact.tag');
  return transact(ctx, async (uow) => {
    const current = await repo.findVisibleContact(uow.tx, actor, id, { forUpdate: true });
    if (!current) throw notFound();
    const tags = await ensureTags(uow, actor.workspaceId, names);
    await repo.addContactTags(uow.tx, actor.workspaceId, id, tags.map((t) => t.id));
    return announce(uow, 'contact.updated', await repo.touchContact(uow.tx, actor.workspaceId, id));
  });
}

/** CT-2: untags the contact; names it does not carry (or no tag has) are ignored. */
export async function removeContactTags(ctx: Context, actor: Actor, id: number, names: string[]) {
  authorize(actor, 'contact.tag');
  return transact(ctx, async (uow) => {
    const current = await repo.findVisibleContact(uow.tx, actor, id, { forUpdate: true });
    if (!current) throw notFound();
    const tags = await findTagsByName(uow.tx, actor.workspaceId, names);
    await repo.removeContactTags(uow.tx, actor.workspaceId, id, tags.map((t) => t.id));
    return announce(uow, 'contact.updated', await repo.touchContact(uow.tx, actor.workspaceId, id));
  });
}
