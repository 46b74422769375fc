import { useSyncExternalStore } from 'react';
import type { InboxQuery } from '../../api';

/** The list's status filter and sort (IN-4: default open, newest first), kept across inboxes for this tab. */
export type ListSettings = { status: NonNullable<InboxQuery['status']>; sort: NonNullable<InboxQuery['sort']> };

let settings: ListSettings = { status: 'open', sort: 'newest' };
const listeners = new Set<() => void>();

export const listSettings = {
  get: () => settings,
  set(patch: Partial<ListSettings>) {
    settings = { ...settings, ...patch };
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

export function useListSettings(): ListSettings {
  return useSyncExternalStore(listSettings.subscribe, listSettings.get, listSettings.get);
}

export const STATUSES = ['open', 'closed', 'snoozed'] as const;
export const SORTS = ['newest', 'oldest', 'longest', 'shortest'] as const;
