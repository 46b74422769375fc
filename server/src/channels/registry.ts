import { AppError } from '../http/errors.js';
import { apiAdapter } from './api/api.adapter.js';
import { telegramAdapter } from './telegram/telegram.adapter.js';
import type { ChannelAdapter } from './types.js';
import { webchatAdapter } from './webchat/webchat.adapter.js';
import { whatsappCloudAdapter } from './whatsapp-cloud/whatsapp-cloud.adapter.js';

export type ChannelRegistry = {
  get(type: string): ChannelAdapter;
  types(): string[];
};

/** Maps a channel type to its adapter; the only place that knows which providers exist. */
export function createChannelRegistry(adapters: ChannelAdapter<any>[] = [apiAdapter, whatsappCloudAdapter, telegramAdapter, webchatAdapter]): ChannelRegistry {
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
