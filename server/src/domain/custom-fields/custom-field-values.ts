import { z } from 'zod';
import type { customFieldDefinitions } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { normalisePhone } from '../contacts/phone.js';

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;
export type CustomFieldType = CustomFieldDefinition['type'];

const TEXT_MAX = 2000;
const email = z.email().max(254);

/** The value to store for `value` in a field of this definition, or an error message saying why it does not fit. */
function checkValue(definition: CustomFieldDefinition, value: unknown): { value: unknown } | { error: string } {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' && value.length <= TEXT_MAX ? { value } : { error: `must be text of at most ${TEXT_MAX} characters` };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: 'must be a number' };
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { value } : { error: 'must be a date as YYYY-MM-DD' };
    case 'list':
      return typeof value === 'string' && definition.options.includes(value) ? { value } : { error: `must be one of: ${definition.options.join(', ')}` };
    case 'checkbox':
      return typeof value === 'boolean' ? { value } : { error: 'must be true or false' };
    case 'email':
      return email.safeParse(value).success ? { value } : { error: 'must be an email address' };
    case 'phone': {
      const phone = typeof value === 'string' ? normalisePhone(value) : undefined;
      return phone ? { value: phone.e164 } : { error: 'must be a phone number in international format, e.g. +5511987654321' };
    }
    case 'url':
      return typeof value === 'string' && value.length <= TEXT_MAX && isWebUrl(value) ? { value } : { error: 'must be an http(s) URL' };
  }
}

function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * CT-1: checks custom field values against the workspace's definitions and returns them normalised (phones in
 * E.164). A null value (remove the key) is kept as null. Unknown keys → 422 `unknown_custom_field`; values of
 * the wrong type → 422 `invalid_custom_field`; details name each key.
 */
export function validateCustomFieldValues(definitions: CustomFieldDefinition[], values: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const unknown = Object.keys(values).filter((key) => !byKey.has(key));
  if (unknown.length > 0) {
    throw new AppError('unknown_custom_field', unknown.map((key) => ({ path: `body.customFields.${key}`, message: 'no custom field has this key' })));
  }
  const normalised: Record<string, unknown> = {};
  const invalid: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === null) {
      normalised[key] = null;
      continue;
    }
    const checked = checkValue(byKey.get(key)!, value);
    if ('error' in checked) invalid.push({ path: `body.customFields.${key}`, message: checked.error });
    else normalised[key] = checked.value;
  }
  if (invalid.length > 0) throw new AppError('invalid_custom_field', invalid);
  return normalised;
}
