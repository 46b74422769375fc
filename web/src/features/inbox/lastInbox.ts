import type { InboxView } from '../../api/types';
import { viewFromPath } from './views';

/** IN-4: the last inbox a user opened, per user, on this browser. */
export const lastInbox = {
  get(userId: string | null): InboxView | null {
    try {
      const value = localStorage.getItem(`conversa.lastInbox.${userId ?? 'api'}`);
      return value ? viewFromPath(value.replace(':', '/').split('/')) : null;
    } catch {
      return null;
    }
  },
  set(userId: string | null, view: InboxView) {
    try {
      localStorage.setItem(`conversa.lastInbox.${userId ?? 'api'}`, view);
    } catch {
      /* private mode */
    }
  },
};
