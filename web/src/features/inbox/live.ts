/**
 * Realtime → react-query for the Messages module (IN-17): every event patches the caches it concerns (inbox
 * lists, the contact, its timeline) from its payload; nothing is refetched, except everything once after a
 * reconnect that could not resume.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys, type Contact, type InboxRow, type Message, type Team, type TimelineEvent } from '../../api';
import { useMe } from '../../app/session';
import { useRealtimeEvent, useRealtimeReady } from '../../realtime';
import { applyRow, removeContact, type InboxPages, type ListQuery, type Viewer } from './listCache';
import { eventItem, messageItem, upsertItem, type TimelinePages } from './timelineCache';
import { useTeams } from './useInboxData';

declare module '../../realtime/client' {
  interface RealtimeEventMap {
    'message.created': { message: Message; row?: InboxRow; timeline?: TimelineEvent[] };
    'message.updated': { message: Message; row?: InboxRow; timeline?: TimelineEvent[] };
    'conversation.updated': { row: InboxRow; previous: { status: string | null; assigneeId: string | null; teamId: string | null }; timeline: TimelineEvent[] };
    'contact.updated': { contact: Contact };
    'contact.created': { contact: Contact };
    'contact.deleted': { contactId: string };
  }
}

/** WS-3 in memory: whether the signed-in user still sees a contact with this assignment. */
export function useViewer(): Viewer {
  const me = useMe();
  const teams = useTeams();
  return useMemo(() => {
    const { role, visibility, userId, teamIds } = me.actor;
    const teammates = new Set((teams.data ?? []).filter((t: Team) => teamIds.includes(t.id)).flatMap((t) => t.memberIds));
    if (userId) teammates.add(userId);
    const canSee = (row: InboxRow) => {
      if (role !== 'agent' || visibility === 'all') return true;
      const { assigneeId, teamId } = row.contact;
      if (visibility === 'assigned') return assigneeId === userId;
      return (assigneeId !== null && teammates.has(assigneeId)) || (teamId !== null && teamIds.includes(teamId));
    };
    return { userId, canSee };
  }, [me.actor, teams.data]);
}

/**
 * Puts a contact's new inbox row into every loaded list, and its contact into the contact cache. A list being
 * fetched is fetched again instead: the answer in flight may predate this change and would overwrite the patch
 * (seen after a fresh `ready`, whose list reload raced the first inbound message).
 */
export function applyRowEverywhere(queryClient: QueryClient, row: InboxRow, viewer: Viewer) {
  for (const [key] of queryClient.getQueriesData<InboxPages>({ queryKey: ['inbox', 'list'] })) {
    const query = key[2] as ListQuery | undefined;
    if (!query?.view) continue;
    if (queryClient.getQueryState(key)?.fetchStatus === 'fetching') {
      // Cancelled first: a first load in flight would otherwise be reused by the refetch, not repeated.
      void queryClient.cancelQueries({ queryKey: key, exact: true }).then(() => queryClient.invalidateQueries({ queryKey: key, exact: true }));
    } else queryClient.setQueryData<InboxPages>(key, (data) => applyRow(data, row, query, viewer));
  }
  if (queryClient.getQueryData(queryKeys.contact(row.contact.id))) queryClient.setQueryData(queryKeys.contact(row.contact.id), row.contact);
}

/** Timeline events that change which channels a contact has (CT-3, CT-4, a new WhatsApp number). */
const CHANNEL_EVENTS = new Set(['contact_channel_added', 'contact_channel_removed', 'contact_identity_changed']);

/**
 * The contact's channel list (states, reply windows) is refetched when its channels changed, or when the contact wrote:
 * their message opens the channel's reply window (the composer then takes free text again).
 */
function refreshChannels(queryClient: QueryClient, contactId: string, timeline: TimelineEvent[], inbound = false) {
  if (inbound || timeline.some((e) => CHANNEL_EVENTS.has(e.type))) void queryClient.invalidateQueries({ queryKey: queryKeys.contactChannels(contactId) });
}

function patchTimeline(queryClient: QueryClient, contactId: string, patch: (data: TimelinePages | undefined) => TimelinePages | undefined) {
  if (!queryClient.getQueryData(queryKeys.timeline(contactId))) return;
  queryClient.setQueryData<TimelinePages>(queryKeys.timeline(contactId), patch);
}

/** Mount once under the inbox: keeps lists, contacts and timelines live. */
export function useInboxLive() {
  const queryClient = useQueryClient();
  const viewer = useViewer();

  useRealtimeEvent('message.created', (e) => {
    const { message, row, timeline = [] } = e.payload;
    patchTimeline(queryClient, message.contactId, (d) => timeline.reduce((acc, ev) => upsertItem(acc, eventItem(ev)), upsertItem(d, messageItem(message))));
    refreshChannels(queryClient, message.contactId, timeline, message.direction === 'in');
    if (row) applyRowEverywhere(queryClient, row, viewer);
  });
  useRealtimeEvent('message.updated', (e) => {
    const { message, row, timeline = [] } = e.payload;
    patchTimeline(queryClient, message.contactId, (d) => timeline.reduce((acc, ev) => upsertItem(acc, eventItem(ev)), upsertItem(d, messageItem(message))));
    if (row) applyRowEverywhere(queryClient, row, viewer);
  });
  useRealtimeEvent('conversation.updated', (e) => {
    const { row, timeline } = e.payload;
    patchTimeline(queryClient, row.contact.id, (d) => timeline.reduce((acc, ev) => upsertItem(acc, eventItem(ev)), d));
    refreshChannels(queryClient, row.contact.id, timeline);
    applyRowEverywhere(queryClient, row, viewer);
  });
  useRealtimeEvent('contact.updated', (e) => {
    const { contact } = e.payload;
    if (queryClient.getQueryData(queryKeys.contact(contact.id))) queryClient.setQueryData(queryKeys.contact(contact.id), contact);
    for (const [key, data] of queryClient.getQueriesData<InboxPages>({ queryKey: ['inbox', 'list'] })) {
      if (!data?.pages.some((p) => p.items.some((r) => r.contact.id === contact.id))) continue;
      queryClient.setQueryData<InboxPages>(key, (d) =>
        d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.contact.id === contact.id ? { ...r, contact } : r)) })) },
      );
    }
  });
  useRealtimeEvent('contact.deleted', (e) => {
    for (const [key] of queryClient.getQueriesData<InboxPages>({ queryKey: ['inbox', 'list'] })) {
      queryClient.setQueryData<InboxPages>(key, (d) => removeContact(d, e.payload.contactId));
    }
    queryClient.removeQueries({ queryKey: queryKeys.contact(e.payload.contactId) });
  });
  useRealtimeReady((result) => {
    if (result === 'resumed') return;
    void queryClient.invalidateQueries({ queryKey: ['inbox', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    void queryClient.invalidateQueries({ queryKey: ['contact'] });
  });
}
