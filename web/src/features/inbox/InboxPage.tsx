import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getContact, isApiError, markRead, queryKeys, type InboxRow, type InboxView } from '../../api';
import { PageMessage } from '../../app/PageMessage';
import { paths } from '../../app/paths';
import { useCanManage, useMe } from '../../app/session';
import { Avatar, EmptyState, Icon, LoadingBlock } from '../../components';
import { useRealtimeEvent } from '../../realtime';
import { ContactDetails } from '../contact/ContactDetails';
import { Composer } from './Composer';
import { ContactList } from './ContactList';
import { ConversationActions } from './ConversationActions';
import { useInboxLabel } from './InboxSidebar';
import { lastInbox } from './lastInbox';
import { applyRowEverywhere, useInboxLive, useViewer } from './live';
import { type InboxPages } from './listCache';
import { newMessageDots } from './newMessageDots';
import { Timeline } from './Timeline';
import { useChannels, useInboxCounts, useTeams } from './useInboxData';
import { inboxEntries } from './views';

const DETAILS_KEY = 'conversa.inbox.details';

/** The Messages module's three columns: the inbox's contacts, the open contact's console, its details. */
export function InboxPage({ view, contactId }: { view: InboxView; contactId: string | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const counts = useInboxCounts();
  const teams = useTeams();
  const channels = useChannels();
  const label = useInboxLabel();
  useInboxLive();
  const entry = counts.data ? inboxEntries(me.actor, counts.data, teams.data).find((e) => e.view === view) : undefined;
  const [details, setDetails] = useState(() => localStorage.getItem(DETAILS_KEY) !== 'hidden');
  const toggleDetails = () => {
    setDetails((d) => {
      localStorage.setItem(DETAILS_KEY, d ? 'hidden' : 'shown');
      return !d;
    });
  };

  useEffect(() => {
    newMessageDots.clear(view);
    lastInbox.set(me.actor.userId, view);
  }, [view, me.actor.userId]);

  if (counts.isPending) return <LoadingBlock label={t('app.loading')} />;
  if (counts.isSuccess && !entry) {
    return <PageMessage icon="inbox" title={t('inbox.notAllowed')} />;
  }
  return (
    <div className={`msgs${details && contactId ? ' msgs--details' : ''}`}>
      <ContactList view={view} selectedId={contactId} title={entry ? label(entry) : ''} />
      {contactId ? (
        <ConversationPane key={contactId} contactId={contactId} details={details} onToggleDetails={toggleDetails} />
      ) : channels.data?.length === 0 ? (
        // Beside the list, not instead of it: conversations of removed channels stay readable (CH-5).
        <div className="msgs__empty">
          <NoChannels />
        </div>
      ) : (
        <div className="msgs__empty">
          <EmptyState icon="messages" title={t('inbox.selectContact.title')}>
            {t('inbox.selectContact.body')}
          </EmptyState>
        </div>
      )}
    </div>
  );
}

function ConversationPane({ contactId, details, onToggleDetails }: { contactId: string; details: boolean; onToggleDetails: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const contact = useQuery({ queryKey: queryKeys.contact(contactId), queryFn: () => getContact(contactId), retry: (n, err) => !(isApiError(err) && err.status === 404) && n < 2 });
  const row = useRowOf(contactId);
  const read = useMutation({ mutationFn: () => markRead(contactId), onSuccess: (r: InboxRow) => applyRowEverywhere(queryClient, r, viewer) });

  // Opening the contact marks it read; so does a new inbound message while it is open and the tab is visible.
  useEffect(() => {
    read.mutate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contactId]);
  useRealtimeEvent('message.created', (e) => {
    if (e.payload.message.contactId === contactId && e.payload.message.direction === 'in' && document.visibilityState === 'visible') read.mutate();
  });

  if (contact.isPending) return <LoadingBlock label={t('console.loading')} />;
  if (contact.isError)
    return (
      <div className="msgs__empty">
        <EmptyState icon="userOff" title={isApiError(contact.error) && contact.error.status === 404 ? t('console.notFound') : t('errors.loadFailed')}>
          {contact.error.message}
        </EmptyState>
      </div>
    );
  const c = contact.data;
  const name = c.name ?? t('contact.unnamed');
  return (
    <>
      <section className="console" aria-label={t('console.label', { name })}>
        <header className="console__header">
          <Avatar name={name} src={c.avatarUrl} />
          <div className="console__who">
            <h2 className="console__name">{name}</h2>
            <p className="console__status">{c.conversationStatus ? t(`contact.statusValue.${c.conversationStatus}`) : t('contact.noConversation')}</p>
          </div>
          <button type="button" className="icon-btn" aria-pressed={details} aria-label={t('contact.panel')} title={t('contact.panel')} onClick={onToggleDetails}>
            <Icon name="panelRight" />
          </button>
          <ConversationActions contact={c} snoozedUntil={row?.conversation?.snoozedUntil ?? null} />
        </header>
        <Timeline contactId={contactId} />
        <Composer contact={c} unanswered={row?.unansweredCount ?? 0} lastChannelId={row?.lastChannelId ?? null} />
      </section>
      {details ? <ContactDetails contact={c} /> : null}
    </>
  );
}

/** The contact's inbox row from any loaded list (for its snooze time and unanswered count). */
function useRowOf(contactId: string): InboxRow | undefined {
  const queryClient = useQueryClient();
  const [, force] = useState(0);
  useEffect(() => queryClient.getQueryCache().subscribe((e) => e.query.queryKey[0] === 'inbox' && force((n) => n + 1)), [queryClient]);
  for (const [, data] of queryClient.getQueriesData<InboxPages>({ queryKey: ['inbox', 'list'] })) {
    const found = data?.pages?.flatMap((p) => p.items).find((r) => r.contact.id === contactId);
    if (found) return found;
  }
  return undefined;
}

function NoChannels() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  return (
    <PageMessage
      icon="plug"
      title={t('inbox.empty.noChannelsTitle')}
      link={canManage ? { to: paths.settingsChannels, label: t('inbox.empty.connectChannel') } : undefined}
    >
      {canManage ? t('inbox.empty.noChannelsOwner') : t('inbox.empty.noChannelsAgent')}
    </PageMessage>
  );
}

