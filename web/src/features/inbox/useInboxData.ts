import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { getInboxCounts, listChannels, listTeams, queryKeys } from '../../api';
import { useRealtimeEvent } from '../../realtime';

/** Calls `fn` once after a burst of calls settles (`ms`), so 50 events make one refetch, not 50. */
export function useDebounced(fn: () => void, ms = 250) {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  };
}

/** Open-conversation counts per inbox (IN-3), refetched when conversations or messages change. */
export function useInboxCounts() {
  const queryClient = useQueryClient();
  const refresh = useDebounced(() => void queryClient.invalidateQueries({ queryKey: queryKeys.inboxCounts }));
  useRealtimeEvent('conversation.updated', refresh);
  useRealtimeEvent('message.created', refresh);
  useRealtimeEvent('contact.created', refresh);
  useRealtimeEvent('contact.deleted', refresh);
  return useQuery({ queryKey: queryKeys.inboxCounts, queryFn: getInboxCounts });
}

export function useTeams() {
  return useQuery({ queryKey: queryKeys.teams, queryFn: async () => (await listTeams()).items });
}

export function useChannels() {
  return useQuery({ queryKey: queryKeys.channels, queryFn: async () => (await listChannels()).items });
}
