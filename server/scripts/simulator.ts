import { FakeTelegram } from '../test/fakes/telegram.js';
import { FakeWhatsApp, inboundPayload, mediaMessage, status, statusPayload, textMessage, type FakeNumber } from '../test/fakes/whatsapp-cloud.js';

/**
 * The simulator's core, without the prompt (`simulate.ts` adds it): the WhatsApp and Telegram fakes on 127.0.0.1, one
 * channel of each on a running Conversa pointed at them, and customers' messages sent through the fakes exactly as the
 * providers would send them (signed webhooks, secret tokens, media to download). Agents' replies reach the fakes and
 * are handed to `onAgentMessage`.
 */

export type SimulatorOptions = {
  /** The running Conversa, e.g. http://localhost:3000. */
  url: string;
  email: string;
  password: string;
  /** 0 picks a free port; a fixed port lets a restarted simulator reuse the channels it connected before. */
  whatsappPort: number;
  telegramPort: number;
};
export type AgentMessage = { channel: 'WhatsApp' | 'Telegram'; to: string; text: string };
type Channel = { id: string; type: string; inboundUrl: string; config?: { apiBaseUrl?: string } };

// Fixed credentials: the fakes accept them on every run, so channels saved with them keep working after a restart.
const WHATSAPP_NUMBER = { phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'EAAG-conversa-simulator', displayPhoneNumber: '15550783881' };
const WHATSAPP_APP_SECRET = 'conversa-simulator-app-secret';
const WHATSAPP_VERIFY_TOKEN = 'conversa-simulator';
const TELEGRAM_BOT_TOKEN = '5000000001:AAH-conversa-simulator';
/** A 48×48 JPEG (a white speech bubble): the format both providers deliver photos in. */
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABQODxIPDRQSEBIXFRQYHjIhHhwcHj0sLiQySUBMS0dARkVQWnNiUFVtVkVGZIhlbXd7gYKBTmCNl4x9lnN+gXz/2wBDARUXFx4aHjshITt8U0ZTfHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHz/wAARCAAwADADASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAYEBf/EACUQAAIBAwMDBQEAAAAAAAAAAAABAgMFEQQhMQYUMkGRo8HhE//EABkBAAMBAQEAAAAAAAAAAAAAAAABAwQCBf/EABsRAQEAAgMBAAAAAAAAAAAAAAEAAhEDEyFR/9oADAMBAAIRAxEAPwDKAa9Bbq2vk/54jCPlJ8I6vMBXRZAd5dNbb6r4/wBD6a221Xx/ot1OnP5cEGvX26toJpVMShLxkuGZB00R0wrLFFRtdJrmTk37tfRJlBYLhSjR7WrJQknmDb2afoJrcKGXt3QE8rKDeFlittzr7FStdVvmLi17pfZJlBf7hTlR7WlJTk3mbT2WPQnxli5kcvIAB0YAAiAAIv/Z',
  'base64',
);

export class Simulator {
  /** The last reply an agent sent on WhatsApp: the one `status()` reports on (Telegram tells bots nothing of the kind). */
  private lastWhatsAppReply: { wamid: string; waId: string } | undefined;
  private photosSent = 0;

  private constructor(
    readonly whatsapp: FakeWhatsApp,
    readonly telegram: FakeTelegram,
    private readonly number: FakeNumber,
    readonly channels: { whatsapp: Channel; telegram: Channel },
  ) {}

  /** Starts the fakes, signs in and connects (or reconnects) the two channels; stops the fakes if any step fails. */
  static async start(options: SimulatorOptions, onAgentMessage: (message: AgentMessage) => void): Promise<Simulator> {
    const started: { close(): Promise<void> }[] = [];
    try {
      const whatsapp = await FakeWhatsApp.start(WHATSAPP_APP_SECRET, { port: options.whatsappPort });
      started.push(whatsapp);
      // Milliseconds since 1970: above every message id an earlier run gave (one per millisecond at most).
      const telegram = await FakeTelegram.start(TELEGRAM_BOT_TOKEN, { port: options.telegramPort, firstMessageId: Date.now() });
      started.push(telegram);
      const number = whatsapp.addNumber(WHATSAPP_NUMBER);
      const api = await signIn(options);
      const channels = {
        whatsapp: await connect(api, 'whatsapp_cloud', 'WhatsApp (simulator)', whatsapp.channelConfig(number, WHATSAPP_VERIFY_TOKEN)),
        telegram: await connect(api, 'telegram', 'Telegram (simulator)', { botToken: TELEGRAM_BOT_TOKEN, apiBaseUrl: telegram.url }),
      };
      // Meta delivers nothing until the callback URL has answered its GET handshake.
      const handshake = await whatsapp.subscribe(number.phoneNumberId, channels.whatsapp.inboundUrl, WHATSAPP_VERIFY_TOKEN);
      if (handshake.status !== 200) throw new Error(`WhatsApp verification of ${channels.whatsapp.inboundUrl} failed: ${handshake.status} ${handshake.body}`);
      const simulator = new Simulator(whatsapp, telegram, number, channels);
      whatsapp.onAccepted = ({ wamid, body }) => {
        simulator.lastWhatsAppReply = { wamid, waId: String(body.to).replace(/\D/g, '') };
        const text = body.type === 'text' ? body.text.body : `[${body.type}${body.template ? ` ${body.template.name}` : ''}]`;
        onAgentMessage({ channel: 'WhatsApp', to: body.to, text });
      };
      telegram.onSent = (message) => onAgentMessage({ channel: 'Telegram', to: String(message.chat.id), text: String(message.text ?? message.caption ?? '[file]') });
      return simulator;
    } catch (err) {
      await Promise.all(started.map((fake) => fake.close()));
      throw err;
    }
  }

  /** A WhatsApp customer (`+5215512345678` or its digits) writes. */
  async whatsappText(phone: string, text: string): Promise<void> {
    const waId = digits(phone);
    await this.whatsappDeliver(waId, textMessage(waId, text));
  }

  /** A WhatsApp customer sends a photo: Conversa downloads it through the media-id flow. */
  async whatsappImage(phone: string, caption?: string): Promise<void> {
    const waId = digits(phone);
    const mediaId = String(Date.now()) + String(++this.photosSent);
    this.whatsapp.addMedia(mediaId, PHOTO, 'image/jpeg');
    await this.whatsappDeliver(waId, mediaMessage(waId, 'image', { id: mediaId, mime_type: 'image/jpeg', ...(caption ? { caption } : {}) }));
  }

  /** Meta reports the last WhatsApp reply `delivered` or `read`; returns who it was sent to. */
  async status(value: 'delivered' | 'read'): Promise<string> {
    const reply = this.lastWhatsAppReply;
    if (!reply) throw new Error('no WhatsApp reply from an agent yet');
    expectAccepted(await this.whatsapp.deliver(this.number.phoneNumberId, statusPayload(this.number, [status(reply.wamid, value, reply.waId)])));
    return `+${reply.waId}`;
  }

  /** A Telegram user (private chat `chatId`) writes to the bot. */
  async telegramText(chatId: number, text: string): Promise<void> {
    await this.telegramDeliver(chatId, { text });
  }

  /** A Telegram user sends a photo: Conversa downloads it with getFile. */
  async telegramPhoto(chatId: number, caption?: string): Promise<void> {
    const fileId = this.telegram.addFile(PHOTO, `photos/file_${++this.photosSent}.jpg`);
    const photo = [{ file_id: fileId, file_unique_id: `u${fileId}`, file_size: PHOTO.length, width: 48, height: 48 }];
    await this.telegramDeliver(chatId, { photo, ...(caption ? { caption } : {}) });
  }

  /** Stops both fakes. The channels stay connected in Conversa, ready for the next run on the same ports. */
  async close(): Promise<void> {
    await Promise.all([this.whatsapp.close(), this.telegram.close()]);
  }

  private async whatsappDeliver(waId: string, message: Record<string, unknown>): Promise<void> {
    expectAccepted(await this.whatsapp.deliver(this.number.phoneNumberId, inboundPayload(this.number, waId, `Customer ${waId.slice(-4)}`, [message])));
  }

  private async telegramDeliver(chatId: number, fields: Record<string, unknown>): Promise<void> {
    // The fake's clock stands still unless moved; updates carry the time they are sent.
    this.telegram.now = Math.floor(Date.now() / 1000);
    const customer = this.telegram.user(chatId, 'Customer', { last_name: String(chatId) });
    expectAccepted(await this.telegram.deliver(this.telegram.update('message', customer, fields)));
  }
}

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

async function signIn(options: SimulatorOptions): Promise<Api> {
  const call = (token?: string): Api => async (method, path, body) => {
    const res = await fetch(`${options.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer: any = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${answer?.error?.message ?? ''} ${JSON.stringify(answer?.error?.details ?? '')}`);
    return answer;
  };
  const { token } = await call()('POST', '/api/v1/auth/login', { email: options.email, password: options.password });
  return call(token);
}

/**
 * The channel of `type` already pointed at this fake is updated with the config, which checks it with the fake again
 * and, for Telegram, calls setWebhook on the freshly started fake; otherwise a new channel is connected.
 */
async function connect(api: Api, type: string, name: string, config: Record<string, unknown> & { apiBaseUrl: string }): Promise<Channel> {
  const { items } = (await api('GET', '/api/v1/channels')) as { items: Channel[] };
  const existing = items.find((c) => c.type === type && c.config?.apiBaseUrl === config.apiBaseUrl);
  return existing ? api('PATCH', `/api/v1/channels/${existing.id}`, { config }) : api('POST', '/api/v1/channels', { type, name, config });
}

function expectAccepted(statuses: number[]): void {
  if (statuses.some((s) => s !== 200)) throw new Error(`Conversa answered the webhook with ${statuses.join(', ')}`);
}

function digits(phone: string): string {
  const waId = phone.replace(/\D/g, '');
  if (waId.length < 8) throw new Error(`not a phone number: ${phone}`);
  return waId;
}
