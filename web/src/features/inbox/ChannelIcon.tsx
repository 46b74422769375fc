import { Icon, type IconName } from '../../components';

const byType: Record<string, IconName> = {
  api: 'api',
  webchat: 'globe',
  whatsapp_cloud: 'whatsapp',
  // WhatsApp through Twilio is WhatsApp to the agent: the provider does not change what the contact uses.
  twilio_whatsapp: 'whatsapp',
  twilio_sms: 'sms',
  vonage_sms: 'sms',
  messagebird_sms: 'sms',
  telegram: 'telegram',
  messenger: 'messenger',
  instagram: 'instagram',
  email: 'mail',
};

/** The icon of a channel type. Decorative. */
export function ChannelIcon({ type, size = 12 }: { type: string; size?: number }) {
  return <Icon name={byType[type] ?? 'messages'} size={size} />;
}
