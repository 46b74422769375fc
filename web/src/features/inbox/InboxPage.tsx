import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listInbox, queryKeys, type InboxRow, type InboxView } from '../../api';
import { paths } from '../../app/paths';
import { useCanManage, useMe, useUsers } from '../../app/session';
import { Avatar, Button, CountBadge, EmptyState, Icon, LoadingBlock } from '../../components';
import { Time } from '../../i18n/time';
import { useRealtimeEvent } from '../../realtime';
import { useInboxLabel } from './InboxSidebar';
import { lastInbox } from './lastInbox';
import { newMessageDots } from './newMessageDots';
import { useChannels, useDebounced, useInboxCounts, useTeams } from './useInboxData';
import { inboxEntries } from './views';

/**
 * One inbox: its name and open count, and its open conversations, newest first (a minimal list the Messages
 * module replaces with the full one: filters, sort, search, the conversation console).
 */
export function InboxPage({ view }: { view: InboxView }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const counts = useInboxCounts();
  const teams = useTeams();
  const channels = useChannels();
  const label = useInboxLabel();
  const entry = counts.data ? inboxEntries(me.actor, counts.data, teams.data).find((e) => e.view === view) : undefined;

  useEffect(() => {
    newMessageDots.clear(view);
    lastInbox.set(me.actor.userId, view);
  }, [view, me.actor.userId]);

  const query = { view, status: 'open' as const, sort: 'newest' as const, limit: 50 };
  const list = useInfiniteQuery({
    queryKey: queryKeys.inboxList(query),
    queryFn: ({ pageParam }) => listInbox({ ...query, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: counts.isSuccess && !!entry,
  });
  const refresh = useDebounced(() => void queryClient.invalidateQueries({ queryKey: ['inbox', 'list'] }));
  useRealtimeEvent('conversation.updated', refresh);
  useRealtimeEvent('message.created', refresh);
  useRealtimeEvent('contact.updated', refresh);
  useRealtimeEvent('contact.deleted', refresh);

  if (counts.isPending) return <LoadingBlock label={t('app.loading')} />;
  if (counts.isSuccess && !entry) {
    return (
      <div className="page-center">
        <EmptyState icon="inbox" title={t('inbox.notAllowed')} />
      </div>
    );
  }
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="inbox-page" aria-labelledby="inbox-title">
      <header className="page-header">
        <h2 id="inbox-title" className="page-header__title">
          {entry ? label(entry) : ''}
        </h2>
        {entry ? <p className="page-header__meta">{t('inbox.openCount', { count: entry.count })}</p> : null}
      </header>
      <div className="inbox-page__body">
        {channels.data?.length === 0 ? (
          <NoChannels />
        ) : list.isPending ? (
          <LoadingBlock label={t('inbox.list.loading')} />
        ) : list.isError ? (
          <EmptyState icon="inbox" title={t('errors.loadFailed')} action={<Button onClick={() => list.refetch()}>{t('common.retry')}</Button>}>
            {list.error.message}
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState icon="check" title={t('inbox.empty.noneTitle')}>
            {t('inbox.empty.noneBody')}
          </EmptyState>
        ) : (
          <>
            <ul className="conv-list" aria-label={t('inbox.list.label')}>
              {rows.map((row) => (
                <ConversationRow key={row.contact.id} row={row} />
              ))}
            </ul>
            {list.hasNextPage ? (
              <div className="conv-list__more">
                <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('inbox.list.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

function NoChannels() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  return (
    <EmptyState
      icon="plug"
      title={t('inbox.empty.noChannelsTitle')}
      action={
        canManage ? (
          <Link className="btn btn--primary btn--md" to={paths.settings}>
            {t('inbox.empty.connectChannel')}
          </Link>
        ) : undefined
      }
    >
      {canManage ? t('inbox.empty.noChannelsOwner') : t('inbox.empty.noChannelsAgent')}
    </EmptyState>
  );
}

function ConversationRow({ row }: { row: InboxRow }) {
  const { t } = useTranslation();
  const users = useUsers();
  const assignee = row.contact.assigneeId ? users.data?.find((u) => u.id === row.contact.assigneeId) : undefined;
  const message = row.lastMessage;
  const preview = message ? (message.text ?? t('inbox.list.noText')) : '';
  return (
    <li className="conv-row">
      <Avatar name={row.contact.displayName} src={row.contact.avatarUrl} />
      <div className="conv-row__main">
        <div className="conv-row__top">
          <span className="conv-row__name">{row.contact.displayName}</span>
          <Time className="conv-row__time" value={row.lastActivityAt} />
        </div>
        <div className="conv-row__bottom">
          <span className="conv-row__preview">
            {message?.direction === 'out' ? (
              <>
                <Icon name="arrowUpRight" size={14} className="conv-row__dir" />
                <span className="conv-row__you">{t('inbox.list.outbound')} </span>
              </>
            ) : message ? (
              <Icon name="arrowDownLeft" size={14} className="conv-row__dir conv-row__dir--in" />
            ) : null}
            {preview}
          </span>
          {row.unreadCount > 0 ? <CountBadge value={row.unreadCount} tone="accent" /> : null}
          {assignee ? (
            <span title={assignee.name}>
              <Avatar name={assignee.name} src={assignee.avatarUrl} size="sm" />
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
}
