/**
 * The channel types an Owner connects from Settings, as data: which config fields each form asks for, how the
 * typed values become the `config` the server validates, and how an existing config fills the form to edit it.
 * Labels and hints are i18n keys `settings.channels.fields.<field>` / `.<field>Hint` (see ChannelForm).
 */

export const CHANNEL_KINDS = ['whatsapp_cloud', 'telegram', 'webchat', 'api'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export type ConfigField = 'phoneNumberId' | 'wabaId' | 'accessToken' | 'appSecret' | 'verifyToken' | 'botToken' | 'allowedDomains' | 'outboundUrl' | 'apiBaseUrl';

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

export const KIND_FIELDS: Record<ChannelKind, FieldSpec[]> = {
  whatsapp_cloud: [
    { key: 'phoneNumberId', inputMode: 'numeric' },
    { key: 'wabaId', inputMode: 'numeric' },
    { key: 'accessToken', secret: true },
    { key: 'appSecret', secret: true },
    { key: 'verifyToken' },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  telegram: [
    { key: 'botToken', secret: true },
    { key: 'apiBaseUrl', optional: true, advanced: true, inputMode: 'url' },
  ],
  webchat: [{ key: 'allowedDomains', optional: true }],
  api: [{ key: 'outboundUrl', inputMode: 'url' }],
};

export const isChannelKind = (type: string): type is ChannelKind => (CHANNEL_KINDS as readonly string[]).includes(type);

export type FormValues = Partial<Record<ConfigField, string>>;

/**
 * The config to send. `base` is the channel's current config when editing: PATCH replaces the whole config, so
 * settings this form does not show (a WhatsApp number's API version, a web chat's greeting) are kept.
 */
export function toConfig(kind: ChannelKind, values: FormValues, base: Record<string, unknown> = {}): Record<string, unknown> {
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
const PROVIDER_URL: Partial<Record<ChannelKind, string>> = { whatsapp_cloud: 'https://graph.facebook.com', telegram: 'https://api.telegram.org' };

/** The form's values for an existing channel's config. */
export function fromConfig(kind: ChannelKind, config: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const { key } of KIND_FIELDS[kind]) {
    const value = config[key];
    values[key] = Array.isArray(value) ? value.join(', ') : typeof value === 'string' && !(key === 'apiBaseUrl' && value === PROVIDER_URL[kind]) ? value : '';
  }
  return values;
}

/** Known reasons a provider channel was disconnected (a provider code otherwise shown as is). */
export const KNOWN_REASONS = ['token_expired', 'token_rejected'] as const;
export type KnownReason = (typeof KNOWN_REASONS)[number];
export const isKnownReason = (reason: string): reason is KnownReason => (KNOWN_REASONS as readonly string[]).includes(reason);

/** Which fields of `kind` a server error may point at (`config.<field>`), plus the name. */
export const errorFields = (kind: ChannelKind) => ['name', ...KIND_FIELDS[kind].map((f) => `config.${f.key}` as const)] as const;
