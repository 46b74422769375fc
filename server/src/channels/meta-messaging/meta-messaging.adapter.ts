import type { z } from 'zod';
import { providerFetch } from '../http.js';
import { answerHubChallenge, verifyHubSignature } from '../meta/hub.js';
import { SendError, type Attachment, type ChannelAdapter, type ChannelRow, type OutboundFile, type OutboundMessage } from '../types.js';
import { graphCall, type GraphAccess } from './graph.js';
import { parseMetaWebhook, type MetaProduct } from './parse.js';
import {
  instagramConfigSchema,
  messengerConfigSchema,
  profileSchema,
  sendResponseSchema,
  successSchema,
  type InstagramConfig,
  type MessengerConfig,
  type MetaProfile,
} from './payloads.js';

const HOUR = 3_600_000;
/** The standard messaging window: 24 hours after the contact's last message (§2.2). */
const STANDARD_WINDOW_MS = 24 * HOUR;
/** With the HUMAN_AGENT tag a person may answer for 7 days (§2.2). */
const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;
const MB = 1024 * 1024;
/** Inbound attachments are at most 25 MB; anything larger is not what Meta promised. */
const MAX_MEDIA_BYTES = 25 * MB;
const MAX_REDIRECTS = 3;

/** One Meta account as the adapter uses it, whichever product and login it is connected with. */
type Account = GraphAccess & {
  /** `entry[].id` of its webhooks: the Page id, or the Instagram professional account id. */
  accountId: string;
  /** The node that sends (`/{sender}/messages`) and is subscribed to the app: the Page, or the Instagram account. */
  sender: string;
  verifyToken: string;
  humanAgentTag: boolean;
  /** Webhook fields the account is subscribed to on connect (§2.1). */
  fields: string[];
};

type Spec<Config> = {
  type: MetaProduct;
  configSchema: z.ZodType<Config>;
  accountOf(config: Config): Account;
  files: Partial<Record<Attachment['type'], number>>;
  /** The User Profile API fields asked for, and the contact's name made of them. */
  profile: { fields: string; nameOf(profile: MetaProfile): string | null | undefined };
};

/**
 * Messenger and Instagram messaging through the Graph API (PROVIDERS.md §2): one adapter shape for both, as Meta
 * serves both from the Messenger Platform. Webhooks are verified like every Meta webhook (handshake, app-secret
 * signature); sends go to the Send API and are not deduplicated by Meta, so a send whose outcome is unknown is never
 * retried. Meta cannot delete a business message for the contact. Webhooks name people by id only: their name and
 * picture come from the User Profile API.
 */
function metaMessagingAdapter<Config>(spec: Spec<Config>): ChannelAdapter<Config> {
  const accountOf = (channel: ChannelRow) => spec.accountOf(spec.configSchema.parse(channel.config));
  return {
    type: spec.type,
    configSchema: spec.configSchema,
    capabilities: { idempotentSend: false, deleteForContact: false, replyWindowMs: STANDARD_WINDOW_MS, files: spec.files },

    replyWindowMsFor(channel) {
      return accountOf(channel).humanAgentTag ? HUMAN_AGENT_WINDOW_MS : STANDARD_WINDOW_MS;
    },

    async checkCredentials(config, timeoutMs) {
      // Subscribing the account to the app both proves the token may act for it (a wrong token is Graph's 190) and
      // makes Meta send its messages to the app's webhook (§2.1).
      const account = spec.accountOf(config);
      const answer = await graphCall(account, 'POST', `${account.sender}/subscribed_apps`, { query: { subscribed_fields: account.fields.join(',') }, timeoutMs });
      if (!successSchema.safeParse(answer).success) throw new SendError('permanent', 'invalid_response', 'Graph did not confirm the webhook subscription.');
    },

    verifyHandshake(channel, query) {
      return answerHubChallenge(accountOf(channel).verifyToken, query);
    },

    verifyWebhook(channel, request) {
      verifyHubSignature(accountOf(channel).appSecret, request);
    },

    parseWebhook(channel, rawBody) {
      return parseMetaWebhook(spec.type, accountOf(channel).accountId, rawBody);
    },

    async send(channel, message, timeoutMs) {
      return sendInParts(accountOf(channel), message, timeoutMs);
    },

    async fetchMedia(_channel, url, timeoutMs) {
      return download(url, timeoutMs);
    },

    async fetchProfile(channel, contactExternalId, timeoutMs) {
      // The person's node, read with the token the account sends with (Messenger: the Page's; Instagram: its own, or
      // the Page's when linked). Meta refuses it for some people (a Messenger account made with a phone number: 100 /
      // 2018218; an Instagram user who never messaged the account: 230), which graphCall throws as permanent.
      const answer = await graphCall(accountOf(channel), 'GET', encodeURIComponent(contactExternalId), { query: { fields: spec.profile.fields }, timeoutMs });
      const profile = profileSchema.safeParse(answer);
      if (!profile.success) throw new SendError('permanent', 'invalid_response', 'Graph answered the profile with fields of unexpected types.');
      const name = spec.profile.nameOf(profile.data)?.trim();
      return { ...(name ? { name } : {}), ...(profile.data.profile_pic ? { avatarMediaId: profile.data.profile_pic } : {}) };
    },
  };
}

export const messengerAdapter = metaMessagingAdapter<MessengerConfig>({
  type: 'messenger',
  configSchema: messengerConfigSchema,
  accountOf: (config) => ({
    apiBaseUrl: config.apiBaseUrl,
    apiVersion: config.apiVersion,
    accessToken: config.pageAccessToken,
    appSecret: config.appSecret,
    accountId: config.pageId,
    sender: config.pageId,
    verifyToken: config.verifyToken,
    humanAgentTag: config.humanAgentTag,
    fields: ['messages', 'message_echoes', 'message_deliveries', 'message_reads', 'messaging_postbacks', 'message_reactions', 'message_edits', 'messaging_referrals'],
  }),
  // Every attachment type up to 25 MB (Send API).
  files: { image: 25 * MB, audio: 25 * MB, voice: 25 * MB, video: 25 * MB, document: 25 * MB, sticker: 25 * MB },
  profile: { fields: 'first_name,last_name,profile_pic', nameOf: (p) => [p.first_name, p.last_name].filter(Boolean).join(' ') },
});

export const instagramAdapter = metaMessagingAdapter<InstagramConfig>({
  type: 'instagram',
  configSchema: instagramConfigSchema,
  accountOf: (config) => ({
    apiBaseUrl: config.apiBaseUrl,
    apiVersion: config.apiVersion,
    accessToken: config.instagramAccessToken,
    appSecret: config.appSecret,
    accountId: config.instagramAccountId,
    // Linked to a Page, the account sends and is subscribed through it (§2.2).
    sender: config.pageId ?? config.instagramAccountId,
    verifyToken: config.verifyToken,
    humanAgentTag: config.humanAgentTag,
    fields: config.pageId ? ['messages'] : ['messages', 'messaging_seen', 'messaging_postbacks', 'message_reactions', 'messaging_referrals'],
  }),
  // Instagram takes images up to 8 MB, audio and video up to 25 MB, and no documents.
  files: { image: 8 * MB, audio: 25 * MB, voice: 25 * MB, video: 25 * MB },
  // `name` is null when the person never set one; the username is what Instagram then shows.
  profile: { fields: 'name,username,profile_pic', nameOf: (p) => p.name || p.username },
});

/** The Send API's attachment type for each of ours. */
const ATTACHMENT_TYPE: Record<Attachment['type'], string> = { image: 'image', sticker: 'image', audio: 'audio', voice: 'audio', video: 'video', document: 'file' };

type Part = { text: string } | { file: OutboundFile };

/**
 * Sends a message: a file and its text go as two messages (the Send API has no captions), the file first, so a
 * refused file sends nothing. Returns the first message's id.
 */
async function sendInParts(account: Account, message: OutboundMessage, timeoutMs: number): Promise<{ externalId: string }> {
  const parts: Part[] = [];
  if (message.file) parts.push({ file: message.file });
  if (message.text || !message.file) parts.push({ text: message.text });
  let tagged = false;
  let first: string | undefined;
  for (const [index, part] of parts.entries()) {
    const replyTo = index === 0 && message.replyToExternalId ? message.replyToExternalId : undefined;
    try {
      const sent = await sendPart(account, message.contactExternalId, part, replyTo, tagged, timeoutMs);
      tagged = sent.tagged;
      first ??= sent.mid;
    } catch (err) {
      if (index === 0) throw err;
      // The file went out: trying again would send it twice, so the text's failure is final.
      const cause = err instanceof SendError ? err : new SendError('transient', 'network_error', (err as Error).message);
      throw new SendError('permanent', 'partly_sent', `The file was sent, its text was not: ${cause.message}`, { credentialsRejected: cause.credentialsRejected });
    }
  }
  return { externalId: first! };
}

/**
 * One Send API call. Meta judges the window: a reply goes as RESPONSE, and when Meta answers that the 24-hour window
 * closed on a channel allowed the HUMAN_AGENT tag, it goes again with the tag (a refused call sent nothing).
 */
async function sendPart(account: Account, recipient: string, part: Part, replyTo: string | undefined, tagged: boolean, timeoutMs: number) {
  const post = async (tag: boolean) => {
    const answer = await graphCall(account, 'POST', `${account.sender}/messages`, { ...requestOf(recipient, part, replyTo, tag), timeoutMs });
    const accepted = sendResponseSchema.safeParse(answer);
    if (!accepted.success) throw new SendError('permanent', 'invalid_response', 'Graph accepted the message without a message id.');
    return { mid: accepted.data.message_id, tagged: tag };
  };
  if (tagged) return post(true);
  try {
    return await post(false);
  } catch (err) {
    if (account.humanAgentTag && err instanceof SendError && err.kind === 'window_closed') return post(true);
    throw err;
  }
}

/** The Send API body (§2.2): JSON for text, a multipart form with `filedata` for a file. */
function requestOf(recipient: string, part: Part, replyTo: string | undefined, tag: boolean): { json: unknown } | { form: FormData } {
  const type = tag ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messaging_type: 'RESPONSE' };
  const reply = replyTo ? { reply_to: { mid: replyTo } } : {};
  if ('text' in part) return { json: { recipient: { id: recipient }, ...type, message: { text: part.text }, ...reply } };
  const form = new FormData();
  form.set('recipient', JSON.stringify({ id: recipient }));
  for (const [key, value] of Object.entries(type)) form.set(key, value);
  form.set('message', JSON.stringify({ attachment: { type: ATTACHMENT_TYPE[part.file.type], payload: { is_reusable: false } } }));
  if (replyTo) form.set('reply_to', JSON.stringify({ mid: replyTo }));
  form.set('filedata', new Blob([Uint8Array.from(part.file.bytes)], { type: part.file.mimeType }), part.file.filename);
  return { form };
}

/** An inbound attachment from Meta's CDN by the URL the webhook gave (it expires; redirects are followed). */
async function download(url: string, timeoutMs: number): Promise<{ body: Buffer; mimeType: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SendError('permanent', 'media_unavailable', `"${url.slice(0, 200)}" is not a URL.`);
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new SendError('permanent', 'media_unavailable', `${target.protocol} is not a download address.`);
    const response = await providerFetch('Meta', target, { method: 'GET' }, timeoutMs);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      target = new URL(location, target);
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      if (response.body.length > MAX_MEDIA_BYTES) throw new SendError('permanent', 'media_too_large', `The file is over ${MAX_MEDIA_BYTES} bytes.`);
      return { body: response.body, mimeType: response.headers.get('content-type') ?? 'application/octet-stream' };
    }
    // The CDN refuses an expired link with 403 or 404: no retry brings it back.
    const kind = response.status >= 500 || response.status === 429 ? 'transient' : 'permanent';
    throw new SendError(kind, kind === 'transient' ? `http_${response.status}` : 'media_expired', `The attachment download answered HTTP ${response.status}.`);
  }
  throw new SendError('permanent', 'media_unavailable', `More than ${MAX_REDIRECTS} redirects.`);
}
