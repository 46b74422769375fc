import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listInbox, queryKeys, type InboxRow, type InboxView } from '../../api';
import { useUsers } from '../../app/session';
import { Avatar, Button, CountBadge, EmptyState, Icon, Input, LoadingBlock, Select, Spinner } from '../../components';
import { Time } from '../../i18n/time';
import { AddContactDialog } from './AddContactDialog';
import { ChannelIcon } from './ChannelIcon';
import { listSettings, SORTS, STATUSES, useListSettings } from './listSettings';
import { messagePreview } from './messagePreview';
import { conversationPath } from './routes';
import { useChannels } from './useInboxData';

const ROW_HEIGHT = 76;
const PAGE = 50;

/** IN-4/IN-5: the inbox's contacts — status filter, sort, search, virtualised rows loading more on scroll. */
export function ContactList({ view, selectedId, title }: { view: InboxView; selectedId: string | null; title: string }) {
  const { t } = useTranslation();
  const { status, sort } = useListSettings();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const query = { view, status, sort, ...(q ? { q } : {}), limit: PAGE };
  const list = useInfiniteQuery({
    queryKey: queryKeys.inboxList(query),
    queryFn: ({ pageParam }) => listInbox({ ...query, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.contact.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 10 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [lastIndex, rows.length, list.hasNextPage, list.isFetchingNextPage, list]);

  return (
    <section className="clist" aria-labelledby="clist-title">
      <header className="clist__header">
        <div className="clist__title-row">
          <h2 id="clist-title" className="clist__title">
            {title}
          </h2>
          <Button size="sm" variant="primary" onClick={() => setAdding(true)} icon={<Icon name="plus" size={14} />}>
            {t('inbox.addContact')}
          </Button>
        </div>
        <div className="clist__search">
          <Icon name="search" size={16} className="clist__search-icon" />
          <Input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('inbox.list.search')}
            aria-label={t('inbox.list.search')}
          />
        </div>
        <div className="clist__filters">
          <Select aria-label={t('inbox.list.statusFilter')} value={status} onChange={(e) => listSettings.set({ status: e.target.value as typeof status })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`inbox.status.${s}`)}
              </option>
            ))}
          </Select>
          <Select aria-label={t('inbox.list.sort')} value={sort} onChange={(e) => listSettings.set({ sort: e.target.value as typeof sort })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`inbox.sort.${s}`)}
              </option>
            ))}
          </Select>
        </div>
      </header>
      <div className="clist__scroll" ref={scrollRef}>
        {list.isPending ? (
          <LoadingBlock label={t('inbox.list.loading')} />
        ) : list.isError ? (
          <EmptyState icon="inbox" title={t('errors.loadFailed')} action={<Button onClick={() => list.refetch()}>{t('common.retry')}</Button>}>
            {list.error.message}
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState icon={q ? 'search' : 'check'} title={q ? t('inbox.list.noResults', { q }) : t('inbox.empty.hereTitle')}>
            {q ? null : t(`inbox.empty.${status}`)}
          </EmptyState>
        ) : (
          <div role="list" aria-label={t('inbox.list.label')} aria-busy={list.isFetchingNextPage || undefined} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  aria-setsize={list.hasNextPage ? -1 : rows.length}
                  aria-posinset={item.index + 1}
                  className="clist__item"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <ContactRow row={row} view={view} selected={row.contact.id === selectedId} />
                </div>
              );
            })}
          </div>
        )}
        {list.isFetchingNextPage ? (
          <div className="clist__more">
            <Spinner size="sm" label={t('inbox.list.loadingMore')} />
          </div>
        ) : null}
      </div>
      {adding ? <AddContactDialog view={view} onClose={() => setAdding(false)} /> : null}
    </section>
  );
}

function ContactRow({ row, view, selected }: { row: InboxRow; view: InboxView; selected: boolean }) {
  const { t } = useTranslation();
  const users = useUsers();
  const channels = useChannels();
  const assignee = row.contact.assigneeId ? users.data?.find((u) => u.id === row.contact.assigneeId) : undefined;
  const channel = row.lastChannelId ? channels.data?.find((c) => c.id === row.lastChannelId) : undefined;
  const message = row.lastMessage;
  const name = row.contact.name ?? t('contact.unnamed');
  const preview = message ? messagePreview(t, message) : '';
  const isOpen = row.contact.conversationStatus === 'open';
  return (
    <Link
      to={conversationPath(view, row.contact.id)}
      className={`crow${selected ? ' crow--selected' : ''}${row.unreadCount > 0 ? ' crow--unread' : ''}`}
      aria-current={selected ? 'page' : undefined}
      data-testid="inbox-row"
      data-contact-id={row.contact.id}
    >
      <span className="crow__avatar">
        <Avatar name={name} src={row.contact.avatarUrl} />
        {channel ? (
          <span className="crow__channel" title={channel.name}>
            <ChannelIcon type={channel.type} />
          </span>
        ) : null}
      </span>
      <span className="crow__main">
        <span className="crow__top">
          <span className="crow__name">
            {isOpen ? <span className="crow__open" title={t('inbox.list.openConversation')} aria-hidden="true" /> : null}
            {name}
          </span>
          {message ? (
            <span className="crow__time">
              <Icon name={message.direction === 'out' ? 'arrowUpRight' : 'arrowDownLeft'} size={12} className={`crow__dir crow__dir--${message.direction}`} />
              <Time value={row.lastActivityAt} />
            </span>
          ) : null}
        </span>
        <span className="crow__bottom">
          <span className="crow__preview">
            {message?.direction === 'out' ? <span className="crow__you">{t('inbox.list.outbound')} </span> : null}
            {preview}
          </span>
          {row.unansweredCount > 0 ? (
            <span className="crow__unanswered" title={t('inbox.list.unanswered', { count: row.unansweredCount })}>
              <Icon name="clock" size={12} />
              {row.unansweredCount}
            </span>
          ) : null}
          {row.unreadCount > 0 ? <CountBadge value={row.unreadCount} tone="accent" /> : null}
          {assignee ? (
            <span className="crow__assignee" title={t('inbox.list.assignedTo', { name: assignee.name })}>
              <Avatar name={assignee.name} src={assignee.avatarUrl} size="sm" />
            </span>
          ) : null}
        </span>
      </span>
      <span className="visually-hidden">
        {[
          isOpen ? t('inbox.list.openConversation') : null,
          row.unreadCount > 0 ? t('inbox.list.unread', { count: row.unreadCount }) : null,
          row.unansweredCount > 0 ? t('inbox.list.unanswered', { count: row.unansweredCount }) : null,
          assignee ? t('inbox.list.assignedTo', { name: assignee.name }) : null,
        ]
          .filter(Boolean)
          .map((s) => `, ${s}`)
          .join('')}
      </span>
    </Link>
  );
}
