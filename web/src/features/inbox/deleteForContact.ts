import type { Channel } from '../../api';

/**
 * Whether deleting a message also removes it for the contact (IN-12), from the channel's capabilities: never on
 * WhatsApp, on Telegram only while the message is younger than 48 hours, always on web chat.
 */
export function deleteForContact(
  channel: { capabilities: Pick<Channel['capabilities'], 'deleteForContact'> } | undefined,
  sentAt: string,
  now: number,
): { state: 'no' } | { state: 'yes' | 'tooOld'; hours: number | null } {
  const capability = channel?.capabilities.deleteForContact;
  if (!capability) return { state: 'no' };
  const hours = capability.maxAgeMs === null ? null : Math.round(capability.maxAgeMs / 3_600_000);
  if (capability.maxAgeMs !== null && now - Date.parse(sentAt) > capability.maxAgeMs) return { state: 'tooOld', hours };
  return { state: 'yes', hours };
}
