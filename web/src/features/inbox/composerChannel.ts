import { useCallback, useEffect, useSyncExternalStore } from 'react';

/**
 * The channel the composer sends on, per contact ('' = the server's choice, the last channel used). Held outside the
 * composer so the contact panel's "Send first message" (CT-3) can pick a channel for it. Like the composer's own state,
 * the pick is forgotten when the composer closes (another contact opened).
 */
let picked = new Map<string, string>();
const listeners = new Set<() => void>();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export function pickComposerChannel(contactId: string, channelId: string) {
  picked = new Map(picked).set(contactId, channelId);
  listeners.forEach((l) => l());
}

/** `[channelId, setChannelId]` for the contact's composer, like useState but shared with whoever picks for it. */
export function useComposerChannel(contactId: string): [string, (channelId: string) => void] {
  const channelId = useSyncExternalStore(subscribe, () => picked.get(contactId) ?? '');
  const set = useCallback((id: string) => pickComposerChannel(contactId, id), [contactId]);
  useEffect(
    () => () => {
      picked = new Map(picked);
      picked.delete(contactId);
    },
    [contactId],
  );
  return [channelId, set];
}

/** Back to the server's choice if the composer had picked this channel (it was just removed from the contact). */
export function unpickComposerChannel(contactId: string, channelId: string) {
  if (picked.get(contactId) === channelId) pickComposerChannel(contactId, '');
}
