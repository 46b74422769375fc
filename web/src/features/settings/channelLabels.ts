import { useTranslation } from 'react-i18next';
import type { Channel } from '../../api';
import { isChannelKind, isKnownReason } from './channelKinds';

export type ChannelLabels = { type: (type: string) => string; status: (status: Channel['status']) => string; reason: (reason: string) => string; statusWithReason: (status: string, reason: string) => string };

/** Channel type, status and disconnect reason in the UI language; an unknown type or reason shows as the server names it. */
export function useChannelLabels(): ChannelLabels {
  const { t } = useTranslation();
  return {
    type: (type) => (isChannelKind(type) ? t(`settings.channels.types.${type}`) : type),
    status: (status) => t(`settings.channels.status.${status}`),
    reason: (reason) => (isKnownReason(reason) ? t(`settings.channels.reasons.${reason}`) : reason),
    statusWithReason: (status, reason) => t('settings.channels.statusWithReason', { status, reason }),
  };
}

/** "Connected", or "Disconnected — token expired" when the server says why. */
export function channelStatusLine(labels: ChannelLabels, channel: Pick<Channel, 'status' | 'statusReason'>): string {
  const status = labels.status(channel.status);
  return channel.statusReason && channel.status !== 'connected' ? labels.statusWithReason(status, labels.reason(channel.statusReason)) : status;
}
