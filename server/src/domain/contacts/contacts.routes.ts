import { z } from 'zod';
import type { Context } from '../../context.js';
import { idParam, idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { idempotencyKeyHeader } from '../idempotency/idempotency.js';
import { tagNames } from '../tags/tag-names.js';
import * as contactChannels from './contact-channels.service.js';
import * as contactProfile from './contact-profile.service.js';
import * as contacts from './contacts.service.js';

// Empty text clears a field, like null.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || null)
    .nullable()
    .optional();

const contactFields = {
  firstName: text(100),
  lastName: text(100),
  displayName: text(200),
  email: z.email().max(254).nullable().optional(),
  // Validated and normalised to E.164 by the service (422 invalid_phone).
  phone: z.string().trim().min(1).max(40).nullable().optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'ISO 3166 alpha-2 country code')
    .transform((code) => code.toUpperCase())
    .nullable()
    .optional(),
  language: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'language tag such as es or pt-BR')
    .nullable()
    .optional(),
  // Checked against the workspace's definitions by the service; null removes a key.
  customFields: z.record(z.string().max(50), z.unknown()).optional(),
};

const tagsBody = z.object({ tags: tagNames.min(1) });

export function contactRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/contacts',
    {
      schema: {
        tags: ['contacts'],
        headers: z.looseObject({ 'idempotency-key': idempotencyKeyHeader.optional() }),
        body: z.object({ ...contactFields, tags: tagNames.optional() }),
      },
    },
    async (request, reply) => {
      const { contact, replayed } = await contacts.createContact(ctx, request.actor, request.body, request.headers['idempotency-key']);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(contact);
    },
  );

  app.get(
    '/api/v1/contacts',
    {
      schema: {
        tags: ['contacts'],
        querystring: z.object({
          q: z.string().max(200).optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        }),
      },
    },
    async (request) => contacts.listContacts(ctx, request.actor, request.query),
  );

  app.get('/api/v1/contacts/:id', { schema: { tags: ['contacts'], params: idParams } }, async (request) =>
    contacts.getContact(ctx, request.actor, toId(request.params.id)),
  );

  app.get(
    '/api/v1/contacts/:id/avatar',
    {
      schema: {
        tags: ['contacts'],
        summary: "The contact's picture (its `avatarUrl`), stored from the channel's profile (CT-1)",
        description: 'Messenger and Instagram profile pictures are downloaded when the contact first writes, as Meta\'s links expire. 404 when none is stored.',
        params: idParams,
      },
    },
    async (request, reply) => {
      const picture = await contactProfile.openContactAvatar(ctx, request.actor, toId(request.params.id));
      reply.header('content-type', picture.mimeType).header('content-length', picture.size).header('x-content-type-options', 'nosniff');
      return reply.header('cache-control', 'private, max-age=86400').send(picture.stream);
    },
  );

  app.get(
    '/api/v1/contacts/:id/channels',
    {
      schema: {
        tags: ['contacts'],
        summary: "The contact's channels: active, inactive, unavailable (CT-3; the IN-11 channel picker)",
        description:
          'Every working channel of the workspace, each with a `state`. `active`: the contact has an identity there ' +
          '(`externalId`, `connectedAt`, `conversationUrl` to the provider\'s own view where one exists, e.g. Messenger, else ' +
          'null). `inactive`: the business can write first, at the contact\'s phone or email (`startsWith`); `externalId` is ' +
          'the address a first message would use: send it with this `channelId` to start the channel. `unavailable`: ' +
          '`unavailableReason` says why (`contact_starts`: only the contact can start it; `no_phone`/`no_email`; ' +
          '`address_in_use`: another contact has that address there). Active and inactive items carry `usable` and ' +
          '`replyWindow`: null on channels without one, else `{open, closesAt}` (WhatsApp: free text only within 24 hours of ' +
          'the contact\'s last message, templates always; `closesAt` null when the contact never wrote there).',
        params: idParams,
      },
    },
    async (request) => contactChannels.listContactChannels(ctx, request.actor, toId(request.params.id)),
  );

  app.delete(
    '/api/v1/contacts/:id/channels/:channelId',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Remove a channel from the contact (CT-4, Owner/Manager)',
        description:
          'Removes the contact\'s identity on the channel; its messages and conversations stay. A later message from that ' +
          'address starts a new contact. 404 when the contact has no identity on the channel.',
        params: z.object({ id: idParam, channelId: idParam }),
      },
    },
    async (request, reply) => {
      await contactChannels.removeContactChannel(ctx, request.actor, toId(request.params.id), toId(request.params.channelId));
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        params: idParams,
        body: z.object(contactFields).refine((body) => Object.values(body).some((v) => v !== undefined), 'nothing to update'),
      },
    },
    async (request) => contacts.updateContact(ctx, request.actor, toId(request.params.id), request.body),
  );

  app.delete('/api/v1/contacts/:id', { schema: { tags: ['contacts'], params: idParams } }, async (request, reply) => {
    await contacts.deleteContact(ctx, request.actor, toId(request.params.id));
    return reply.status(204).send();
  });

  app.post('/api/v1/contacts/:id/tags', { schema: { tags: ['contacts'], params: idParams, body: tagsBody } }, async (request) =>
    contacts.addContactTags(ctx, request.actor, toId(request.params.id), request.body.tags),
  );

  app.delete('/api/v1/contacts/:id/tags', { schema: { tags: ['contacts'], params: idParams, body: tagsBody } }, async (request) =>
    contacts.removeContactTags(ctx, request.actor, toId(request.params.id), request.body.tags),
  );
}
