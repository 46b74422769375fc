import { Icon, type IconName } from '../../components';

const byType: Record<string, IconName> = { api: 'api', email: 'mail', sms: 'phone' };

/** The icon of a channel type (the API channel today; provider channels bring theirs). Decorative. */
export function ChannelIcon({ type, size = 12 }: { type: string; size?: number }) {
  return <Icon name={byType[type] ?? 'messages'} size={size} />;
}
