import { idString } from '../../../http/ids.js';
import type { ApiTokenRow } from './api-tokens.repo.js';

/** A token without its secret; `prefix` lets people tell their tokens apart. */
export function presentApiToken(token: ApiTokenRow) {
  return {
    id: String(token.id),
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    createdBy: idString(token.createdBy),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
