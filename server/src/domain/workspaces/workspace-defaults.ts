import type { Executor } from '../../db/client.js';
import { closingCategories } from '../../db/schema.js';
import type { Locale } from '../../i18n/locale.js';

const defaultCategories: Record<Locale, string[]> = {
  en: ['Resolved', 'Sale won', 'Sale lost', 'Spam', 'No response'],
  es: ['Resuelto', 'Venta ganada', 'Venta perdida', 'Spam', 'Sin respuesta'],
  'pt-BR': ['Resolvido', 'Venda ganha', 'Venda perdida', 'Spam', 'Sem resposta'],
};

/** A new workspace starts with closing-note categories in its language, usable at once (IN-9). */
export async function seedWorkspaceDefaults(db: Executor, workspaceId: number, language: Locale) {
  await db
    .insert(closingCategories)
    .values(defaultCategories[language].map((name, position) => ({ workspaceId, name, position })));
}
