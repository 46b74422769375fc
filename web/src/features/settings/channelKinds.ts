import { fromEmailConfig, toEmailConfig } from './emailConfig';

/**
 * The channel types an Owner connects from Settings, as data: which config fields each form asks for, how the
 * typed values become the `config` the server validates, and how an existing config fills the form to edit it.
 * Labels and hints are i18n keys `settings.channels.fields.<field>` / `.<field>Hint` (see ChannelForm).
 */

export const CHANNEL_KINDS = ['whatsapp_cloud', 'messenger', 'instagram', 'twilio_whatsapp', 'twilio_sms', 'vonage_sms', 'messagebird_sms', 'telegram', 'email', 'webchat', 'api'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export type ConfigField = 'phoneNumberId' | 'wabaId' | 'accessToken' | 'appSecret' | 'verifyToken' | 'botToken' | 'allowedDomains' | 'outboundUrl' | 'apiBaseUrl' | 'accountSid' | 'authToken' | 'phoneNumber' | 'messagingServiceSid'
  | 'pageId' | 'pageAccessToken' | 'instagramAccountId' | 'instagramAccessToken'
  | 'apiKey' | 'apiSecret' | 'from' | 'signatureSecret' | 'signatureMethod' | 'accessKey' | 'originator' | 'signingKey'
  | 'fromAddress' | 'fromName' | 'imapHost' | 'imapPort' | 'smtpHost' | 'smtpPort' | 'mailUser' | 'mailPassword';

export type FieldSpec = {
  key: ConfigField;
  /** Left empty, the server's default applies (it is left out of the config). */
  optional?: boolean;
  /** Shown masked (a password field, never autofilled). */
  secret?: boolean;
  /** Under "Advanced": only needed to point the channel somewhere else than the provider (a simulator). */
  advanced?: boolean;
  inputMode?: 'url' | 'numeric';
};

/** Twilio SMS and WhatsApp ask the same: the account, and the sender (a number, a Messaging Service, or both: the server wants one). */
function twilioFields(): FieldSpec[] {
  return [
    { key: 'accountSid' },
    { key: 'authToken', secret: true },
    { key: 'phoneNumber', optional: true },
    { key: 'messagingServiceSid', optional: true },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ];
}

export const KIND_FIELDS: Record<ChannelKind, FieldSpec[]> = {
  whatsapp_cloud: [
    { key: 'phoneNumberId', inputMode: 'numeric' },
    { key: 'wabaId', inputMode: 'numeric' },
    { key: 'accessToken', secret: true },
    { key: 'appSecret', secret: true },
    { key: 'verifyToken' },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  messenger: [
    { key: 'pageId', inputMode: 'numeric' },
    { key: 'pageAccessToken', secret: true },
    { key: 'appSecret', secret: true },
    { key: 'verifyToken' },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  instagram: [
    { key: 'instagramAccountId', inputMode: 'numeric' },
    { key: 'instagramAccessToken', secret: true },
    // Only for an account linked to a Facebook Page: it then sends through the Page.
    { key: 'pageId', optional: true, inputMode: 'numeric' },
    { key: 'appSecret', secret: true },
    { key: 'verifyToken' },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  telegram: [
    { key: 'botToken', secret: true },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  twilio_whatsapp: twilioFields(),
  twilio_sms: twilioFields(),
  vonage_sms: [
    { key: 'apiKey' },
    { key: 'apiSecret', secret: true },
    { key: 'from' },
    { key: 'signatureSecret', secret: true },
    // Left empty: md5hash, Vonage's default.
    { key: 'signatureMethod', optional: true },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  messagebird_sms: [
    { key: 'accessKey', secret: true },
    { key: 'originator' },
    { key: 'signingKey', secret: true },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  // One login for both servers (see emailConfig.ts); the ports only when not the TLS ones (993, 465).
  email: [
    { key: 'fromAddress' },
    { key: 'fromName', optional: true },
    { key: 'imapHost' },
    { key: 'smtpHost' },
    { key: 'mailUser', optional: true },
    { key: 'mailPassword', secret: true },
    { key: 'imapPort', optional: true, advanced: true, inputMode: 'numeric' },
    { key: 'smtpPort', optional: true, advanced: true, inputMode: 'numeric' },
  ],
  webchat: [{ key: 'allowedDomains', optional: true }],
  api: [{ key: 'outboundUrl', inputMode: 'url' }],
};

export const isChannelKind = (type: string): type is ChannelKind => (CHANNEL_KINDS as readonly string[]).includes(type);

/** Meta's channels: once connected, the admin pastes our callback URL and verify token into Meta's App Dashboard. */
export const META_KINDS = ['whatsapp_cloud', 'messenger', 'instagram'] as const satisfies readonly ChannelKind[];
export type MetaKind = (typeof META_KINDS)[number];
export const isMetaKind = (type: string): type is MetaKind => (META_KINDS as readonly string[]).includes(type);
/** Where in the App Dashboard each Meta product's webhook is set (the i18n key of that step). */
export const META_NEXT_STEP = { whatsapp_cloud: 'metaNextBody', messenger: 'metaNextMessenger', instagram: 'metaNextInstagram' } as const satisfies Record<MetaKind, string>;

/** Channels ready once connected, with nothing to copy (we set Telegram's webhook, we read the mailbox): the i18n key saying so. */
export const READY_KINDS = { telegram: 'telegramReady', email: 'emailReady' } as const satisfies Partial<Record<ChannelKind, string>>;
export type ReadyKind = keyof typeof READY_KINDS;
export const isReadyKind = (type: string): type is ReadyKind => Object.hasOwn(READY_KINDS, type);

/**
 * SMS providers: once connected, the admin sets the channel's webhook URL in the provider's console (where and how:
 * the i18n key). Statuses need no setting: each send names the same URL. Their channel secret is never shown.
 */
export const PROVIDER_WEBHOOK_STEPS = {
  twilio_sms: 'twilioNextSms',
  twilio_whatsapp: 'twilioNextWhatsapp',
  vonage_sms: 'vonageNext',
  messagebird_sms: 'messagebirdNext',
} as const satisfies Partial<Record<ChannelKind, string>>;
export type ProviderWebhookKind = keyof typeof PROVIDER_WEBHOOK_STEPS;
export const isProviderWebhookKind = (type: string): type is ProviderWebhookKind => Object.hasOwn(PROVIDER_WEBHOOK_STEPS, type);

/**
 * The only channels whose secret the admin uses, and what for (the i18n key of the hint): the API channel signs its
 * webhooks with it, web chat sites sign visitor identities. Only these show it after connecting and offer "Reveal".
 */
export const USER_SECRET_HINT = { api: 'secretHint', webchat: 'identityHint' } as const satisfies Partial<Record<ChannelKind, string>>;
export type UserSecretKind = keyof typeof USER_SECRET_HINT;
export const hasUserSecret = (type: string): type is UserSecretKind => Object.hasOwn(USER_SECRET_HINT, type);

export type FormValues = Partial<Record<ConfigField, string>>;

/**
 * The config to send. `base` is the channel's current config when editing: PATCH replaces the whole config, so
 * settings this form does not show (a WhatsApp number's API version, a web chat's greeting) are kept.
 */
export function toConfig(kind: ChannelKind, values: FormValues, base: Record<string, unknown> = {}): Record<string, unknown> {
  if (kind === 'email') return toEmailConfig(values, base);
  const config: Record<string, unknown> = { ...base };
  for (const field of KIND_FIELDS[kind]) {
    const value = (values[field.key] ?? '').trim();
    if (field.key === 'allowedDomains') config.allowedDomains = value.split(/[\s,]+/).filter(Boolean);
    else if (value || !field.optional) config[field.key] = value;
    else delete config[field.key];
  }
  return config;
}

/** The providers' own API addresses (the server's defaults): an edit form shows them as an empty field. */
const PROVIDER_URL: Partial<Record<ChannelKind, string | string[]>> = {
  whatsapp_cloud: 'https://graph.facebook.com',
  messenger: 'https://graph.facebook.com',
  // Instagram Login's host, or Facebook's for an account linked to a Page.
  instagram: ['https://graph.instagram.com', 'https://graph.facebook.com'],
  telegram: 'https://api.telegram.org',
  twilio_whatsapp: 'https://api.twilio.com',
  twilio_sms: 'https://api.twilio.com',
  vonage_sms: 'https://rest.nexmo.com',
  messagebird_sms: 'https://rest.messagebird.com',
};

/** The form's values for an existing channel's config. */
export function fromConfig(kind: ChannelKind, config: Record<string, unknown> = {}): FormValues {
  if (kind === 'email') return fromEmailConfig(config);
  const values: FormValues = {};
  for (const { key } of KIND_FIELDS[kind]) {
    const value = config[key];
    values[key] = Array.isArray(value) ? value.join(', ') : typeof value === 'string' && !(key === 'apiBaseUrl' && [PROVIDER_URL[kind]].flat().includes(value)) ? value : '';
  }
  return values;
}

/** Known reasons a provider channel was disconnected (a provider code otherwise shown as is). */
export const KNOWN_REASONS = ['token_expired', 'token_rejected', 'credentials_rejected', 'account_barred', 'imap_auth_failed', 'smtp_auth_failed'] as const;
export type KnownReason = (typeof KNOWN_REASONS)[number];
export const isKnownReason = (reason: string): reason is KnownReason => (KNOWN_REASONS as readonly string[]).includes(reason);

/** Which fields of `kind` a server error may point at (`config.<field>`), plus the name. */
export const errorFields = (kind: ChannelKind) => ['name', ...KIND_FIELDS[kind].map((f) => `config.${f.key}` as const)] as const;
