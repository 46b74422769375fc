import type { InboxView } from '../api/types';

/** URLs of the app, built in one place. */
export const paths = {
  login: '/login',
  signup: '/signup',
  inbox: '/inbox',
  settings: '/settings',
  settingsChannels: '/settings/channels',
};

/** `/inbox/all`, `/inbox/mine`, `/inbox/unassigned`, `/inbox/team/7` for the API's view names. */
export function inboxPath(view: InboxView): string {
  return view.startsWith('team:') ? `/inbox/team/${view.slice(5)}` : `/inbox/${view}`;
}

/** Only same-app paths are followed after login (`?next=`), never another site. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return paths.inbox;
  if (next === paths.login || next.startsWith(`${paths.login}?`)) return paths.inbox;
  return next;
}
