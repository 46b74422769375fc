import { AppError } from '../../http/errors.js';
import type { Attachment, ChannelNote, InboundContact, InboundEvent, MessageContent } from '../types.js';
import { validated, webhookJson } from '../webhook-body.js';
import { messagingItemSchema, webhookSchema, type MessagingItem, type MetaAttachment, type MetaMessage } from './payloads.js';

export type MetaProduct = 'messenger' | 'instagram';

/** The `object` each product's webhooks carry (§2.1). */
const OBJECT: Record<MetaProduct, string> = { messenger: 'page', instagram: 'instagram' };

/**
 * A Messenger or Instagram webhook as normalised events (PROVIDERS.md §2.1). Every entry and every `messaging[]` and
 * `standby[]` item is walked; only entries for this channel's account are ours. An item of a shape we do not know is
 * noted rather than refused: a refused webhook is retried by Meta, and after an hour the app is unsubscribed.
 */
export function parseMetaWebhook(product: MetaProduct, accountId: string, rawBody: Buffer): InboundEvent[] {
  const envelope = validated(webhookSchema, webhookJson(rawBody));
  if (envelope.object !== OBJECT[product]) {
    throw new AppError('invalid_payload', [{ path: 'body.object', message: `must be "${OBJECT[product]}" on a ${product} channel` }]);
  }
  const events: InboundEvent[] = [];
  envelope.entry.forEach((entry, e) => {
    if (entry.id !== accountId) {
      events.push({ kind: 'notice', code: 'other_account', message: `entry ${entry.id} is not this channel's account (${accountId})` });
      return;
    }
    for (const list of ['messaging', 'standby'] as const) {
      entry[list]?.forEach((raw, i) => {
        const item = messagingItemSchema.safeParse(raw);
        if (item.success) events.push(...itemEvents(item.data, accountId));
        else {
          const problems = item.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
          events.push({ kind: 'notice', code: 'invalid_event', message: `entry.${e}.${list}.${i}: ${problems}` });
        }
      });
    }
    for (const change of entry.changes ?? []) {
      events.push({ kind: 'notice', code: 'ignored_field', message: `field "${change.field ?? '?'}" is not handled` });
    }
  });
  return events;
}

function itemEvents(item: MessagingItem, accountId: string): InboundEvent[] {
  const at = item.timestamp === undefined ? undefined : new Date(item.timestamp);
  const when = at ? { at } : {};
  // Echoes go from the business to the contact (sender = the account); everything else comes from the contact.
  const fromBusiness = item.message?.is_echo === true || item.sender?.id === accountId;
  const contactId = fromBusiness ? item.recipient?.id : item.sender?.id;
  const keys = Object.keys(item).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k));
  if (!contactId) return [{ kind: 'notice', code: 'no_participant', message: `an event (${keys.join(', ')}) names no contact` }];
  const contact: InboundContact = { externalId: contactId };
  const { message, postback, reaction, delivery, read, message_edit: edit } = item;
  if (message) {
    // Instagram: the contact unsent a message (§2.1).
    if (message.is_deleted) return [{ kind: 'revoked', contact, targetExternalId: message.mid, ...when }];
    return [messageEvent(message, contact, at, fromBusiness)];
  }
  if (fromBusiness) return [{ kind: 'notice', code: 'business_event', message: `an event (${keys.join(', ')}) of the account itself` }];
  if (postback) {
    const title = postback.title ?? postback.payload ?? '';
    return [
      {
        kind: 'message',
        // Older postbacks carry no mid: the contact, the time and the payload name it the same on every redelivery.
        externalId: postback.mid ?? `postback:${contactId}:${item.timestamp ?? 0}:${postback.payload ?? ''}`,
        contact,
        text: title,
        content: { kind: 'choice', choice: { kind: 'button', id: postback.payload ?? null, title } },
        ...(postback.referral ? { notes: [{ type: 'referral', data: postback.referral }] } : {}),
        ...(at ? { sentAt: at } : {}),
      },
    ];
  }
  if (reaction) {
    const emoji = reaction.action === 'unreact' ? null : (reaction.emoji ?? reaction.reaction ?? null);
    return [
      {
        kind: 'message',
        externalId: `reaction:${contactId}:${reaction.mid}:${item.timestamp ?? 0}`,
        contact,
        content: { kind: 'reaction', reaction: { emoji, targetExternalId: reaction.mid } },
        replyToExternalId: reaction.mid,
        ...(at ? { sentAt: at } : {}),
      },
    ];
  }
  if (delivery) {
    // Everything sent before the watermark was delivered; `mids` may be absent (§2.1).
    const watermark = new Date(delivery.watermark);
    return [{ kind: 'watermark', contact, status: 'delivered', upTo: { at: watermark }, externalIds: delivery.mids ?? [], at: at ?? watermark }];
  }
  if (read?.watermark !== undefined) {
    const watermark = new Date(read.watermark);
    return [{ kind: 'watermark', contact, status: 'read', upTo: { at: watermark }, at: at ?? watermark }];
  }
  // Instagram's messaging_seen names the last message seen instead of a time (§2.1).
  if (read?.mid) return [{ kind: 'watermark', contact, status: 'read', upTo: { externalId: read.mid }, ...when }];
  if (edit) return [{ kind: 'edited', contact, targetExternalId: edit.mid, ...(edit.text === undefined ? {} : { text: edit.text }), ...when }];
  return [{ kind: 'notice', code: 'ignored_event', message: `event ${keys.join(', ') || '(empty)'} is not handled` }];
}

function messageEvent(message: MetaMessage, contact: InboundContact, at: Date | undefined, echo: boolean): InboundEvent {
  const { text, content, notes } = bodyOf(message);
  const story = message.reply_to?.story;
  if (story) notes.push({ type: 'story_reply', data: { storyId: story.id ?? null, url: story.url ?? null } });
  if (message.referral) notes.push({ type: 'referral', data: message.referral });
  return {
    kind: 'message',
    externalId: message.mid,
    contact,
    ...(text === undefined ? {} : { text }),
    ...(content ? { content } : {}),
    ...(message.reply_to?.mid ? { replyToExternalId: message.reply_to.mid } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ...(at ? { sentAt: at } : {}),
    ...(echo ? { echo: true as const } : {}),
  };
}

/** Attachment types whose payload URL is the file itself (§2.1); reels are videos. */
const MEDIA_TYPES: Record<string, Attachment['type']> = { image: 'image', audio: 'audio', video: 'video', file: 'document', reel: 'video', ig_reel: 'video' };

/** The text, content and timeline notes of one message, whatever its attachments. */
function bodyOf(message: MetaMessage): { text?: string; content?: MessageContent; notes: ChannelNote[] } {
  const media: Attachment[] = [];
  const others: MetaAttachment[] = [];
  let location: MessageContent['location'];
  for (const attachment of message.attachments ?? []) {
    const payload = attachment.payload ?? {};
    const type = payload.sticker_id !== undefined && attachment.type === 'image' ? 'sticker' : MEDIA_TYPES[attachment.type];
    if (type && payload.url) {
      // The URL is on Meta's CDN and expires: the media job downloads it (fetchMedia takes the URL as the media id).
      media.push({ type, mimeType: null, providerMediaId: payload.url, ...(payload.title ? { caption: payload.title } : {}) });
    } else if (attachment.type === 'location' && payload.coordinates) {
      location = { latitude: payload.coordinates.lat, longitude: payload.coordinates.long, ...(payload.title ? { name: payload.title } : {}), ...(payload.url ? { url: payload.url } : {}) };
    } else {
      others.push(attachment);
    }
  }
  const notes: ChannelNote[] = others
    .filter((a) => a.type === 'story_mention')
    .map((a) => ({ type: 'story_mention', data: { url: a.payload?.url ?? null } }));
  // A shared post or link has no text of its own: its title and address say what it is.
  const shared = others.filter((a) => a.type !== 'story_mention').flatMap((a) => [a.payload?.title, a.payload?.url].filter((v): v is string => Boolean(v)));
  const text = message.text ?? (shared.length > 0 ? shared.join('\n') : undefined);
  let content: MessageContent | undefined;
  if (message.quick_reply) content = { kind: 'choice', choice: { kind: 'button', id: message.quick_reply.payload, title: message.text ?? '' } };
  else if (media.length > 0) content = { kind: media[0]!.type, attachments: media };
  else if (location) content = { kind: 'location', location };
  else if (others.length > 0 || message.is_unsupported) content = { kind: 'unsupported', providerType: others[0]?.type ?? 'unsupported' };
  return { ...(text === undefined ? {} : { text }), ...(content ? { content } : {}), notes };
}
