/** Lower-cased and accent-stripped ("José" → "jose"), so search is case- and accent-insensitive (CT-9). */
function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const digitsOnly = (value: string) => value.replace(/\D/g, '');

type Searchable = {
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string | null;
  phone: string | null;
};

/**
 * The `contacts.search_text` column: folded names and email, and the phone's digits (so "5511987" finds
 * "+55 11 98765-4321"). Whoever writes these fields on a contact writes this with them.
 */
export function contactSearchText(contact: Searchable): string {
  const words = [contact.firstName, contact.lastName, contact.displayName, contact.email].filter((w): w is string => !!w).map(foldText);
  if (contact.phone) words.push(digitsOnly(contact.phone));
  return words.join(' ');
}

/**
 * The LIKE pattern matching `query` anywhere in `search_text`. A query made only of phone characters is
 * searched by its digits, as phones are stored; LIKE's own wildcards in the query are matched literally.
 */
export function searchPattern(query: string): string | undefined {
  const trimmed = query.trim();
  const needle = /^[\d\s+().-]+$/.test(trimmed) && /\d/.test(trimmed) ? digitsOnly(trimmed) : foldText(trimmed);
  if (!needle) return undefined;
  return `%${needle.replace(/[\\%_]/g, '\\$&')}%`;
}
