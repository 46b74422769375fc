import { z } from 'zod';

/**
 * The generic API channel's wire contract with a custom integration (CH-1). Our side of it: these schemas are
 * what we accept and what we expect back; the integrator's side is documented on the webhook route.
 */

export const apiConfigSchema = z.strictObject({
  outboundUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2000),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;

const externalId = z.string().trim().min(1).max(255);

/** An inbound message from the integration: its contact (created on first contact) and the message. */
export const inboundMessageSchema = z.object({
  contact: z.object({
    externalId,
    name: z.string().trim().min(1).max(200).optional(),
    phone: z.string().trim().min(1).max(40).optional(),
    email: z.email().max(254).optional(),
  }),
  message: z.object({
    id: externalId,
    text: z.string().max(65_536).optional(),
    replyToId: externalId.optional(),
  }),
});

/** A delivery status for a message we sent; `messageId` is the id we put in the outbound request. */
export const inboundStatusSchema = z.object({
  status: z.object({
    messageId: z.string().regex(/^\d{1,15}$/, 'must be the messageId Conversa sent'),
    status: z.enum(['delivered', 'read', 'failed']),
    error: z.object({ code: z.string().trim().min(1).max(100), message: z.string().max(1000) }).optional(),
  }),
});

/** What the integration must answer to an accepted outbound message. */
export const sendAcceptedSchema = z.object({ id: z.string().min(1).max(255) });

/** What the integration may answer with a refusal; its message becomes the failure cause shown on the message. */
export const sendRefusedSchema = z.object({ error: z.object({ message: z.string().min(1) }) });

export type OutboundRequestBody = {
  messageId: string;
  contact: { externalId: string };
  text: string;
  replyToId?: string;
};
