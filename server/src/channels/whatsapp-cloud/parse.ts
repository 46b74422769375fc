import type { ChannelNote, InboundContact, InboundEvent, MessageContent } from '../types.js';
import type { Attachment } from '../types.js';
import { validated, webhookJson } from '../webhook-body.js';
import { errorOf } from './graph.js';
import {
  messagesValueSchema,
  webhookSchema,
  type InboundMessage,
  type MessageBody,
  type MessagesValue,
  type WhatsappConfig,
} from './payloads.js';

/**
 * A WhatsApp webhook as normalised events (PROVIDERS.md §1.3-1.5). Every level is an array (entries, changes,
 * messages, statuses) and each is walked. Only `messages` changes for this channel's number are ours; others are noted.
 */
export function parseWhatsappWebhook(config: WhatsappConfig, rawBody: Buffer): InboundEvent[] {
  const envelope = validated(webhookSchema, webhookJson(rawBody));
  const events: InboundEvent[] = [];
  envelope.entry.forEach((entry, e) =>
    entry.changes.forEach((change, c) => {
      if (change.field !== 'messages') {
        events.push({ kind: 'notice', code: 'ignored_field', message: `field "${change.field}" is not handled` });
        return;
      }
      const value = validated(messagesValueSchema, change.value, ['body', 'entry', String(e), 'changes', String(c), 'value']);
      if (value.metadata.phone_number_id !== config.phoneNumberId) {
        events.push({
          kind: 'notice',
          code: 'other_number',
          message: `phone_number_id ${value.metadata.phone_number_id} is not this channel's number (${config.phoneNumberId})`,
        });
        return;
      }
      events.push(...valueEvents(value));
    }),
  );
  return events;
}

function valueEvents(value: MessagesValue): InboundEvent[] {
  const names = new Map((value.contacts ?? []).flatMap((c) => (c.wa_id && c.profile?.name ? [[c.wa_id, c.profile.name] as const] : [])));
  const events: InboundEvent[] = [];
  for (const message of value.messages ?? []) {
    const contact: InboundContact = { externalId: message.from, phone: `+${message.from}`, ...(names.has(message.from) ? { name: names.get(message.from) } : {}) };
    events.push(messageEvent(message, contact));
  }
  for (const status of value.statuses ?? []) {
    // `played` (a voice message was first played) implies it was read.
    const reported = status.status === 'played' ? 'read' : status.status;
    if (reported !== 'sent' && reported !== 'delivered' && reported !== 'read' && reported !== 'failed') {
      events.push({ kind: 'notice', code: 'unknown_status', message: `status "${status.status}" of ${status.id}` });
      continue;
    }
    const error = reported === 'failed' && status.errors?.[0] ? errorOf(status.errors[0]) : undefined;
    events.push({ kind: 'status', message: { externalId: status.id }, status: reported, error, at: timeOf(status.timestamp) });
  }
  for (const error of value.errors ?? []) {
    const { code, message } = errorOf(error);
    events.push({ kind: 'notice', code, message });
  }
  return events;
}

function messageEvent(message: InboundMessage, contact: InboundContact): InboundEvent {
  const at = timeOf(message.timestamp);
  if (message.type === 'revoke' && message.revoke) {
    return { kind: 'revoked', contact, targetExternalId: message.revoke.original_message_id, at };
  }
  if (message.type === 'edit' && message.edit) {
    const edited = message.edit.message ? bodyOf({ type: inferType(message.edit.message), ...message.edit.message }) : {};
    return { kind: 'edited', contact, targetExternalId: message.edit.original_message_id, ...edited, at };
  }
  if (message.type === 'system' && message.system?.new_wa_id) {
    const { body, type } = message.system;
    return { kind: 'identity_changed', contact, newExternalId: message.system.new_wa_id, data: { body: body ?? null, reason: type ?? null }, at };
  }
  const body = bodyOf(message);
  // A system notice without a new number (e.g. the contact's security code changed) keeps its wording as text.
  const text = message.type === 'system' ? message.system?.body : body.text;
  const content = body.content;
  const context = message.context;
  const flags: Partial<MessageContent> = {
    ...(context?.frequently_forwarded ? { forwarded: 'frequently_forwarded' as const } : context?.forwarded ? { forwarded: 'forwarded' as const } : {}),
    ...(context?.referred_product
      ? { referredProduct: { catalogId: context.referred_product.catalog_id, productRetailerId: context.referred_product.product_retailer_id } }
      : {}),
  };
  const withFlags = Object.keys(flags).length > 0 ? { ...(content ?? { kind: 'text' as const }), ...flags } : content;
  const replyTo = message.type === 'reaction' ? message.reaction?.message_id : context?.id;
  const notes: ChannelNote[] = message.referral ? [{ type: 'ad_referral', data: referralData(message.referral) }] : [];
  return {
    kind: 'message',
    externalId: message.id,
    contact,
    ...(text === undefined ? {} : { text }),
    ...(withFlags ? { content: withFlags } : {}),
    ...(replyTo ? { replyToExternalId: replyTo } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    sentAt: at,
  };
}

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/** The text and content of one message body, whatever its type; unknown types are kept as `unsupported`. */
function bodyOf(message: MessageBody): { text?: string; content?: MessageContent } {
  const error = message.errors?.[0] ? { error: errorOf(message.errors[0]) } : {};
  const type = message.type;
  if (type === 'text' && message.text) return { text: message.text.body, ...(message.errors ? { content: { kind: 'text', ...error } } : {}) };
  if ((MEDIA_TYPES as readonly string[]).includes(type) && message[type as (typeof MEDIA_TYPES)[number]]) {
    const m = message[type as (typeof MEDIA_TYPES)[number]]!;
    const kind = type === 'audio' && m.voice ? 'voice' : (type as Attachment['type']);
    const attachment: Attachment = {
      type: kind,
      mimeType: m.mime_type ?? null,
      providerMediaId: m.id,
      ...(m.filename ? { filename: m.filename } : {}),
      ...(m.caption ? { caption: m.caption } : {}),
      ...(m.sha256 ? { sha256: m.sha256 } : {}),
      ...(m.animated !== undefined ? { animated: m.animated } : {}),
    };
    return { ...(m.caption ? { text: m.caption } : {}), content: { kind, attachments: [attachment], ...error } };
  }
  if (type === 'location' && message.location) {
    const { latitude, longitude, name, address, url } = message.location;
    return {
      ...(name || address ? { text: [name, address].filter(Boolean).join(', ') } : {}),
      content: { kind: 'location', location: { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}), ...(url ? { url } : {}) } },
    };
  }
  if (type === 'contacts' && message.contacts) return { content: { kind: 'contacts', contacts: message.contacts } };
  if (type === 'interactive' && message.interactive) {
    const { button_reply, list_reply, nfm_reply } = message.interactive;
    if (button_reply) return { text: button_reply.title, content: { kind: 'choice', choice: { kind: 'button', id: button_reply.id, title: button_reply.title } } };
    if (list_reply) {
      const description = list_reply.description ? { description: list_reply.description } : {};
      return { text: list_reply.title, content: { kind: 'choice', choice: { kind: 'list', id: list_reply.id, title: list_reply.title, ...description } } };
    }
    if (nfm_reply) {
      const title = nfm_reply.body ?? nfm_reply.name ?? 'Form';
      return { text: title, content: { kind: 'choice', choice: { kind: 'form', id: nfm_reply.name ?? null, title, response: parseJsonText(nfm_reply.response_json) } } };
    }
  }
  if (type === 'button' && message.button) {
    const { payload, text } = message.button;
    return { text, content: { kind: 'choice', choice: { kind: 'template_button', id: payload ?? null, title: text } } };
  }
  if (type === 'reaction' && message.reaction) {
    const emoji = message.reaction.emoji ? message.reaction.emoji : null;
    return { content: { kind: 'reaction', reaction: { emoji, targetExternalId: message.reaction.message_id } } };
  }
  if (type === 'order' && message.order) {
    const { catalog_id, text, product_items } = message.order;
    const items = product_items.map((p) => ({
      productId: p.product_retailer_id,
      quantity: Number(p.quantity),
      price: p.item_price === undefined ? null : Number(p.item_price),
      currency: p.currency ?? null,
    }));
    return { ...(text ? { text } : {}), content: { kind: 'order', order: { catalogId: catalog_id ?? null, text: text ?? null, items } } };
  }
  const providerType = type === 'unsupported' ? (message.unsupported?.type ?? 'unsupported') : type;
  return { content: { kind: 'unsupported', providerType, ...error } };
}

/** An edit's inner message may omit `type`: it is the one content key present. */
function inferType(body: Partial<MessageBody>): string {
  return body.type ?? ['text', ...MEDIA_TYPES, 'location', 'contacts'].find((key) => key in body) ?? 'unsupported';
}

/** Click-to-WhatsApp ad data (PROVIDERS.md §1.4), camel-cased; keys Meta adds later are kept as sent. */
function referralData(referral: Record<string, unknown>): Record<string, unknown> {
  const renamed: Record<string, string> = {
    source_url: 'sourceUrl',
    source_id: 'sourceId',
    source_type: 'sourceType',
    media_type: 'mediaType',
    image_url: 'imageUrl',
    video_url: 'videoUrl',
    thumbnail_url: 'thumbnailUrl',
    ctwa_clid: 'ctwaClid',
    welcome_message: 'welcomeMessage',
  };
  return Object.fromEntries(Object.entries(referral).map(([key, value]) => [renamed[key] ?? key, value]));
}

const timeOf = (seconds: string) => new Date(Number(seconds) * 1000);

function parseJsonText(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

