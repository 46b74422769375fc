import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { isApiError, queryKeys, sendMessage } from '../../api';
import { useMe } from '../../app/session';
import { addSent, sentMessage, type PendingSend, type TimelinePages } from './timelineCache';

/** Optimistic sends per contact (IN-11), for this tab: shown at once, reconciled by id, retried with the same key. */
let byContact = new Map<string, PendingSend[]>();
const listeners = new Set<() => void>();
const EMPTY: PendingSend[] = [];

function update(contactId: string, fn: (list: PendingSend[]) => PendingSend[]) {
  const next = fn(byContact.get(contactId) ?? EMPTY);
  byContact = new Map(byContact);
  if (next.length) byContact.set(contactId, next);
  else byContact.delete(contactId);
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function usePendingSends(contactId: string): PendingSend[] {
  return useSyncExternalStore(subscribe, () => byContact.get(contactId) ?? EMPTY);
}

/** `send(text, channelId)` and `retry(key)`: the POST carries the send's Idempotency-Key, so a retry never sends twice. */
export function useSender(contactId: string) {
  const queryClient = useQueryClient();
  const me = useMe();
  const post = useCallback(
    async (send: PendingSend) => {
      try {
        const answer = await sendMessage(contactId, { text: send.text, channelId: send.channelId }, send.key);
        queryClient.setQueryData<TimelinePages>(queryKeys.timeline(contactId), (d) => addSent(d, sentMessage(send, answer, me.actor.userId)));
        update(contactId, (list) => list.filter((p) => p.key !== send.key));
      } catch (err) {
        const error = isApiError(err) ? err.message : String(err);
        update(contactId, (list) => list.map((p) => (p.key === send.key ? { ...p, state: 'failed', error } : p)));
      }
    },
    [contactId, queryClient, me.actor.userId],
  );
  const send = useCallback(
    (text: string, channelId?: string) => {
      const pending: PendingSend = { key: crypto.randomUUID(), contactId, text, channelId, createdAt: new Date().toISOString(), state: 'sending' };
      update(contactId, (list) => [...list, pending]);
      void post(pending);
    },
    [contactId, post],
  );
  const retry = useCallback(
    (key: string) => {
      const pending = (byContact.get(contactId) ?? []).find((p) => p.key === key);
      if (!pending) return;
      const again = { ...pending, state: 'sending' as const, error: undefined };
      update(contactId, (list) => list.map((p) => (p.key === key ? again : p)));
      void post(again);
    },
    [contactId, post],
  );
  const discard = useCallback((key: string) => update(contactId, (list) => list.filter((p) => p.key !== key)), [contactId]);
  return { send, retry, discard };
}
