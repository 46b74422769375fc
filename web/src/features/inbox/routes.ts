import type { InboxView } from '../../api';
import { inboxPath } from '../../app/paths';

/** `/inbox/mine/42`, `/inbox/team/7/42`: an inbox with one contact open. */
export function conversationPath(view: InboxView, contactId: string): string {
  return `${inboxPath(view)}/${encodeURIComponent(contactId)}`;
}

/** The inbox and the open contact for the URL segments under /inbox; null when they name no inbox. */
export function parseInboxPath(segments: string[]): { view: InboxView; contactId: string | null } | null {
  const [first, second, third, ...rest] = segments;
  const id = (s: string | undefined) => (s && /^\d{1,15}$/.test(s) ? s : null);
  if (first === 'all' || first === 'mine' || first === 'unassigned') {
    if (third !== undefined) return null;
    if (second !== undefined && !id(second)) return null;
    return { view: first, contactId: id(second) };
  }
  if (first === 'team' && id(second)) {
    if (rest.length || (third !== undefined && !id(third))) return null;
    return { view: `team:${second}`, contactId: id(third) };
  }
  return null;
}
