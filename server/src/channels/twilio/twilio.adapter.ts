import { e164Phone } from '../start-address.js';
import { AppError } from '../../http/errors.js';
import { parseJsonBody, providerFetch } from '../http.js';
import { SendError, type ChannelAdapter, type ChannelRow, type OutboundMessage, type ProviderTemplate } from '../types.js';
import { contentVariables, templateOf } from './content.js';
import { parseTwilioWebhook } from './parse.js';
import {
  accountSchema,
  contentPageSchema,
  DEFAULT_API_BASE_URL,
  DEFAULT_CONTENT_API_BASE_URL,
  messageResourceSchema,
  twilioSmsConfigSchema,
  twilioWhatsappConfigSchema,
  type TwilioConfig,
  type TwilioMedium,
} from './payloads.js';
import { accountUrl, authorization, sendErrorOf, twilioJson } from './rest.js';
import { signatureMatches } from './signature.js';

/** WhatsApp's customer-service window, kept by Twilio too (error 63016 outside it). */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3_600_000;
/** MMS media are at most 5 MB and WhatsApp's 100 MB (documents): anything larger is not what Twilio promised. */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
/** Twilio answers a media URL with a redirect to its CDN (one hop in practice). */
const MAX_REDIRECTS = 3;
const MAX_TEMPLATE_PAGES = 50;

/** Inbound webhooks expect TwiML: an empty response sends no reply (answering JSON logs error 12300 at Twilio). */
const EMPTY_TWIML = { contentType: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };

/**
 * Twilio Programmable Messaging (PROVIDERS.md §4), as two channel types: `twilio_sms` (SMS/MMS) and `twilio_whatsapp`
 * (WhatsApp senders, `whatsapp:+E164` addresses, the 24-hour window and Content API templates). Webhooks are signed with
 * the auth token over the URL Twilio called and the sorted parameters; sends go to the Messages resource with their
 * StatusCallback on the channel's webhook URL. Twilio does not deduplicate sends, so one whose outcome is unknown is
 * never retried. Sending files is not offered: Twilio only takes a public `MediaUrl`, and nothing here serves one.
 */
function twilioAdapter(medium: TwilioMedium): ChannelAdapter<TwilioConfig> {
  const configSchema = medium === 'whatsapp' ? twilioWhatsappConfigSchema : twilioSmsConfigSchema;
  const configOf = (channel: ChannelRow): TwilioConfig => configSchema.parse(channel.config);
  const prefix = medium === 'whatsapp' ? 'whatsapp:' : '';

  const adapter: ChannelAdapter<TwilioConfig> = {
    type: medium === 'whatsapp' ? 'twilio_whatsapp' : 'twilio_sms',
    configSchema,
    capabilities: {
      idempotentSend: false,
      // Deleting a Message resource only removes Twilio's log: the contact keeps what was delivered (§4.4).
      deleteForContact: false,
      ...(medium === 'whatsapp' ? { replyWindowMs: CUSTOMER_SERVICE_WINDOW_MS } : {}),
    },
    webhookAnswer: EMPTY_TWIML,
    // Contacts are named by their E.164 number (the `whatsapp:` prefix is the channel's); a business may write first
    // (on WhatsApp with a template: the window is closed until the contact answers).
    startsWith: { address: 'phone', externalId: e164Phone },

    async checkCredentials(config, timeoutMs) {
      const account = accountSchema.safeParse(await twilioJson(config, 'GET', accountUrl(config, '.json'), { timeoutMs }));
      if (!account.success) throw new SendError('permanent', 'invalid_response', 'Twilio answered the Account request in an unknown shape.');
      if (account.data.status && account.data.status !== 'active') {
        throw new SendError('permanent', 'account_inactive', `The Twilio account is ${account.data.status}.`);
      }
    },

    verifyWebhook(channel, request) {
      const header = request.headers['x-twilio-signature'];
      if (typeof header !== 'string' || !request.url || !signatureMatches(configOf(channel).authToken, request.url, request.rawBody, header)) {
        throw new AppError('invalid_signature');
      }
    },

    parseWebhook(_channel, rawBody) {
      return parseTwilioWebhook(medium, rawBody);
    },

    async send(channel, message, timeoutMs) {
      const config = configOf(channel);
      const response = await twilioJson(config, 'POST', accountUrl(config, '/Messages.json'), { form: sendForm(config, message), timeoutMs });
      const created = messageResourceSchema.safeParse(response);
      if (!created.success) throw new SendError('permanent', 'invalid_response', 'Twilio accepted the message without a Message SID.');
      return { externalId: created.data.sid };
    },

    async fetchMedia(channel, mediaUrl, timeoutMs) {
      const config = configOf(channel);
      let url = throughApiBase(config, new URL(mediaUrl));
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        // The credentials go to Twilio only, never to the CDN it redirects to.
        const ours = isTwilioHost(config, url);
        const response = await providerFetch('Twilio', url, { method: 'GET', headers: ours ? { Authorization: authorization(config) } : {} }, timeoutMs);
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          url = new URL(location, url);
          continue;
        }
        if (response.status === 404) throw new SendError('permanent', 'media_not_found', 'Twilio no longer has this file (404).');
        if (response.status === 401 && !ours) throw new SendError('permanent', 'media_refused', `The media host refused the download (HTTP 401).`);
        if (response.status < 200 || response.status >= 300) throw sendErrorOf(response.status, parseJsonBody(response.body), response.headers.get('retry-after'));
        if (response.body.length > MAX_MEDIA_BYTES) throw new SendError('permanent', 'media_too_large', `The file is over ${MAX_MEDIA_BYTES} bytes.`);
        return { body: response.body, mimeType: response.headers.get('content-type') ?? 'application/octet-stream' };
      }
      throw new SendError('permanent', 'too_many_redirects', `The media URL redirected more than ${MAX_REDIRECTS} times.`);
    },

    ...(medium === 'whatsapp'
      ? {
          async listTemplates(channel: ChannelRow, timeoutMs: number) {
            const config = configOf(channel);
            const byKey = new Map<string, ProviderTemplate>();
            let page: Record<string, string> | undefined = { PageSize: '100' };
            for (let i = 0; page && i < MAX_TEMPLATE_PAGES; i++) {
              const url = new URL(`${contentBaseUrl(config)}/v1/ContentAndApprovals`);
              for (const [key, value] of Object.entries(page)) url.searchParams.set(key, value);
              const parsed = contentPageSchema.safeParse(await twilioJson(config, 'GET', url, { timeoutMs }));
              if (!parsed.success) throw new SendError('permanent', 'invalid_response', 'Twilio answered the content list in an unknown shape.');
              for (const content of parsed.data.contents) {
                const template = templateOf(content);
                byKey.set(`${template.name}/${template.language}`, template);
              }
              page = nextPage(parsed.data.meta?.next_page_url);
            }
            return [...byKey.values()];
          },
        }
      : {}),
  };

  /** The Messages resource's form (§4.4): the sender, then a text or a content template; statuses come back to our webhook. */
  function sendForm(config: TwilioConfig, message: OutboundMessage): URLSearchParams {
    const form = new URLSearchParams({ To: `${prefix}${message.contactExternalId}` });
    if (config.phoneNumber) form.set('From', `${prefix}${config.phoneNumber}`);
    if (config.messagingServiceSid) form.set('MessagingServiceSid', config.messagingServiceSid);
    if (message.template) {
      form.set('ContentSid', message.template.name);
      const variables = contentVariables(message.template);
      if (Object.keys(variables).length > 0) form.set('ContentVariables', JSON.stringify(variables));
    } else {
      form.set('Body', message.text);
    }
    if (message.webhookUrl) form.set('StatusCallback', message.webhookUrl);
    return form;
  }

  return adapter;
}

/** Media links Twilio gives are on api.twilio.com: like every other call they go through `apiBaseUrl` when it is set (a proxy, a test double). */
function throughApiBase(config: TwilioConfig, url: URL): URL {
  if (url.origin !== DEFAULT_API_BASE_URL || config.apiBaseUrl === DEFAULT_API_BASE_URL) return url;
  return new URL(`${config.apiBaseUrl}${url.pathname}${url.search}`);
}

/** The account's API host (or the one configured instead), or any twilio.com host: never a CDN it redirects to. */
function isTwilioHost(config: TwilioConfig, url: URL): boolean {
  return url.origin === new URL(config.apiBaseUrl).origin || (url.protocol === 'https:' && (url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com')));
}

/** The Content API's host: configured, else Twilio's, else the REST API's replacement (one fake or proxy serving both). */
function contentBaseUrl(config: TwilioConfig): string {
  return config.contentApiBaseUrl ?? (config.apiBaseUrl === DEFAULT_API_BASE_URL ? DEFAULT_CONTENT_API_BASE_URL : config.apiBaseUrl);
}

/** The next page's query, read from `next_page_url`: the credentials are only sent to our own base URL, never to a link. */
function nextPage(nextPageUrl: string | null | undefined): Record<string, string> | undefined {
  if (!nextPageUrl) return undefined;
  const query = new URL(nextPageUrl, DEFAULT_CONTENT_API_BASE_URL).searchParams;
  const token = query.get('PageToken');
  if (!token) return undefined;
  return { PageSize: query.get('PageSize') ?? '100', PageToken: token, ...(query.get('Page') ? { Page: query.get('Page')! } : {}) };
}

export const twilioSmsAdapter = twilioAdapter('sms');
export const twilioWhatsappAdapter = twilioAdapter('whatsapp');
