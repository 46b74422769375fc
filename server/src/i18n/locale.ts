export const locales = ['en', 'es', 'pt-BR'] as const;
export type Locale = (typeof locales)[number];

/** Picks the best supported locale from a user preference or an Accept-Language header. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(',')) {
      const tag = part.split(';')[0]!.trim().toLowerCase();
      if (tag.startsWith('pt')) return 'pt-BR';
      if (tag.startsWith('es')) return 'es';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return 'en';
}
