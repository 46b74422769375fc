import type { Locale } from '../../i18n/locale.js';

export type Role = 'owner' | 'manager' | 'agent';
export type ContactVisibility = 'all' | 'team' | 'assigned';

/** Who is acting: a signed-in user, or a workspace API token (which acts as an unrestricted integration). */
export type Actor = {
  kind: 'user' | 'api';
  workspaceId: number;
  /** null for API tokens. */
  userId: number | null;
  role: Role;
  visibility: ContactVisibility;
  teamIds: number[];
  /** Users sharing a team with the actor, the actor included (WS-3 "contacts assigned to the user's team"). */
  teammateIds: number[];
  locale: Locale;
  /** Stable key for per-token rate limits. */
  tokenKey: string;
};
