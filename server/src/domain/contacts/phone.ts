import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type NormalisedPhone = { e164: string; country: string | null };

// The parser also extracts a number from surrounding text ("call +55…"); a phone field holds only the number.
const phoneCharacters = /^\+?[\d\s().-]+$/;

/**
 * CT-1: a phone in E.164 and the country it belongs to (null for non-geographic numbers such as +800), or
 * undefined when it is not a valid number. Numbers in national format need `countryHint` (ISO 3166 alpha-2).
 */
export function normalisePhone(input: string, countryHint?: string | null): NormalisedPhone | undefined {
  const text = input.trim();
  if (!phoneCharacters.test(text)) return undefined;
  if (!text.startsWith('+') && !countryHint) return undefined;
  const defaultCountry = countryHint ? (countryHint.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry }) ?? undefined;
  const valid = parsed?.isValid() ? parsed : withoutMexicanMobilePrefix(parsed);
  return valid && { e164: valid.number, country: valid.country ?? null };
}

/**
 * Mexico dropped the "1" after +52 for mobiles in 2019, but WhatsApp ids and old address books still carry it
 * (+52 1 55 1234 5678): the same line is +52 55 1234 5678.
 */
function withoutMexicanMobilePrefix(parsed: ReturnType<typeof parsePhoneNumberFromString>) {
  if (parsed?.countryCallingCode !== '52' || !/^1\d{10}$/.test(parsed.nationalNumber)) return undefined;
  const retried = parsePhoneNumberFromString(`+52${parsed.nationalNumber.slice(1)}`);
  return retried?.isValid() ? retried : undefined;
}
