/** Countries offered for phones and the contact's country (Latin America first), with their calling codes. */
export const COUNTRIES: { code: string; dial: string }[] = [
  ['BR', '55'], ['MX', '52'], ['AR', '54'], ['CO', '57'], ['CL', '56'], ['PE', '51'], ['UY', '598'], ['PY', '595'], ['BO', '591'],
  ['EC', '593'], ['VE', '58'], ['CR', '506'], ['PA', '507'], ['GT', '502'], ['SV', '503'], ['HN', '504'], ['NI', '505'], ['DO', '1'],
  ['PR', '1'], ['CU', '53'], ['US', '1'], ['CA', '1'], ['ES', '34'], ['PT', '351'], ['GB', '44'], ['FR', '33'], ['DE', '49'], ['IT', '39'],
].map(([code, dial]) => ({ code: code!, dial: dial! }));

/** Splits an E.164 number into a country of the list and the national part (longest calling code wins). */
export function splitPhone(e164: string | null, country: string | null): { country: string; national: string } {
  if (!e164) return { country: country ?? 'BR', national: '' };
  const digits = e164.replace(/^\+/, '');
  const preferred = COUNTRIES.find((c) => c.code === country && digits.startsWith(c.dial));
  const match = preferred ?? [...COUNTRIES].sort((a, b) => b.dial.length - a.dial.length).find((c) => digits.startsWith(c.dial));
  return match ? { country: match.code, national: digits.slice(match.dial.length) } : { country: country ?? 'BR', national: e164 };
}

/** The number to send: as typed when international (+…), else the country's calling code and the digits. */
export function joinPhone(country: string, national: string): string | null {
  const value = national.trim();
  if (!value) return null;
  if (value.startsWith('+')) return value;
  const dial = COUNTRIES.find((c) => c.code === country)?.dial ?? '';
  return `+${dial}${value.replace(/\D/g, '')}`;
}

export const LANGUAGES = ['es', 'pt-BR', 'pt', 'en', 'fr', 'de', 'it'];
