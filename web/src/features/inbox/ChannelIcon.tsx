import { Icon, type IconName } from '../../components';

const byType: Record<string, IconName> = { api: 'api', webchat: 'globe', whatsapp_cloud: 'whatsapp', telegram: 'telegram', email: 'mail', sms: 'phone' };

/** The icon of a channel type. Decorative. */
export function ChannelIcon({ type, size = 12 }: { type: string; size?: number }) {
  return <Icon name={byType[type] ?? 'messages'} size={size} />;
}
