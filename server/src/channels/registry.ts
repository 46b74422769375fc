import { AppError } from '../http/errors.js';
import { apiAdapter } from './api/api.adapter.js';
import { emailAdapter } from './email/email.adapter.js';
import { messagebirdAdapter } from './messagebird/messagebird.adapter.js';
import { instagramAdapter, messengerAdapter } from './meta-messaging/meta-messaging.adapter.js';
import { telegramAdapter } from './telegram/telegram.adapter.js';
import { twilioSmsAdapter, twilioWhatsappAdapter } from './twilio/twilio.adapter.js';
import type { ChannelAdapter } from './types.js';
import { vonageAdapter } from './vonage/vonage.adapter.js';
import { webchatAdapter } from './webchat/webchat.adapter.js';
import { whatsappCloudAdapter } from './whatsapp-cloud/whatsapp-cloud.adapter.js';

export type ChannelRegistry = {
  get(type: string): ChannelAdapter;
  types(): string[];
};

/** Maps a channel type to its adapter; the only place that knows which providers exist. */
export function createChannelRegistry(adapters: ChannelAdapter<any>[] = [apiAdapter, whatsappCloudAdapter, messengerAdapter, instagramAdapter, telegramAdapter, webchatAdapter, twilioSmsAdapter, twilioWhatsappAdapter, emailAdapter, vonageAdapter, messagebirdAdapter]): ChannelRegistry {
  const byType = new Map(adapters.map((a) => [a.type, a]));
  return {
    get(type) {
      const adapter = byType.get(type);
      if (!adapter) throw new AppError('not_found');
      return adapter;
    },
    types: () => [...byType.keys()],
  };
}
