import type { TFunction } from 'i18next';
import type { InboxRow } from '../../api';

const NAMED_KINDS = ['image', 'audio', 'voice', 'video', 'document', 'sticker', 'location', 'contacts', 'template'] as const;
const isNamedKind = (kind: string): kind is (typeof NAMED_KINDS)[number] => (NAMED_KINDS as readonly string[]).includes(kind);

/**
 * The list row's line for the last message: its text, or without text what it carries ("📷 Photo"); kinds without a
 * name of their own say "(attachment)".
 */
export function messagePreview(t: TFunction, message: NonNullable<InboxRow['lastMessage']>): string {
  if (message.deleted) return t('console.deleted');
  if (message.text !== null) return message.text;
  return isNamedKind(message.kind) ? t(`inbox.list.kinds.${message.kind}`) : t('inbox.list.noText');
}
