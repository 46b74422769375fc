import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteMessage, listTimeline, queryKeys, type Channel, type Message, type TemplateSend, type TimelineEvent } from '../../api';
import { useCanManage, useUsers } from '../../app/session';
import { Alert, Button, Dialog, EmptyState, Icon, LoadingBlock, Spinner } from '../../components';
import { useFormatTime } from '../../i18n/time';
import { deleteForContact } from './deleteForContact';
import { EmailExtras, EmailSubject } from './EmailContent';
import { eventLine, type Names } from './eventLine';
import { MessageAttachments } from './MessageAttachments';
import { usePendingSends, useSender } from './pendingSends';
import { messageItem, upsertItem, type PendingSend, type TimelinePages } from './timelineCache';
import { useChannels, useTeams } from './useInboxData';

/** IN-6/IN-7: the contact's whole history, oldest at the top, older pages loaded on scrolling up. */
export function Timeline({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: queryKeys.timeline(contactId),
    queryFn: ({ pageParam }) => listTimeline(contactId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sending = usePendingSends(contactId);
  const items = useMemo(() => (history.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse(), [history.data]);
  // The realtime echo of a send can arrive before the POST answers: once the server's message is here, the
  // optimistic bubble steps aside (the answer then removes it from the pending list for good).
  const pending = useMemo(
    () =>
      sending.filter(
        (p) =>
          !items.some(
            (i) => i.kind === 'message' && (i as Message).direction === 'out' && (i as Message).text === p.text && Date.parse(i.createdAt) >= Date.parse(p.createdAt) - 5_000,
          ),
      ),
    [sending, items],
  );
  const byId = useMemo(() => new Map(items.filter((i) => i.kind === 'message').map((m) => [m.id, m as Message])), [items]);
  const names = useNames();

  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const atBottom = useRef(true);
  const oldestKey = items[0] ? `${items[0].kind}${items[0].id}` : '';
  const newestKey = pending.at(-1)?.key ?? (items.at(-1) ? `${items.at(-1)!.kind}${items.at(-1)!.id}` : '');

  // Older page prepended: keep what the user was looking at in place.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !anchor.current) return;
    el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
    anchor.current = null;
  }, [oldestKey]);
  // New message at the bottom (or first load): follow it when the user was at the bottom.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [newestKey, history.isSuccess]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 120 && history.hasNextPage && !history.isFetchingNextPage) {
      anchor.current = { height: el.scrollHeight, top: el.scrollTop };
      void history.fetchNextPage();
    }
  };

  if (history.isPending) return <LoadingBlock label={t('console.loading')} />;
  if (history.isError)
    return (
      <EmptyState icon="messages" title={t('errors.loadFailed')} action={<Button onClick={() => history.refetch()}>{t('common.retry')}</Button>}>
        {history.error.message}
      </EmptyState>
    );
  return (
    <div className="timeline" ref={scrollRef} onScroll={onScroll} role="log" aria-label={t('console.history')} tabIndex={0} data-testid="timeline">
      {history.isFetchingNextPage ? (
        <div className="timeline__older">
          <Spinner size="sm" label={t('console.loadingOlder')} />
        </div>
      ) : history.hasNextPage ? null : items.length ? (
        <p className="timeline__start">{t('console.start')}</p>
      ) : null}
      {items.length === 0 && pending.length === 0 ? <p className="timeline__empty">{t('console.empty')}</p> : null}
      {items.map((item) =>
        item.kind === 'event' ? (
          <EventRow key={`e${item.id}`} event={item} names={names} />
        ) : (
          <MessageBubble key={`m${item.id}`} message={item} replyTo={item.replyToId ? byId.get(item.replyToId) : undefined} />
        ),
      )}
      {pending.map((p) => (
        <PendingBubble key={p.key} pending={p} />
      ))}
    </div>
  );
}

function useNames(): Names {
  const users = useUsers();
  const teams = useTeams();
  const format = useFormatTime();
  return useMemo(
    () => ({
      user: (id) => users.data?.find((u) => u.id === id)?.name,
      team: (id) => teams.data?.find((x) => x.id === id)?.name,
      dateTime: (iso) => format.full(iso),
    }),
    [users.data, teams.data, format],
  );
}

function EventRow({ event, names }: { event: TimelineEvent; names: Names }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const line = eventLine(t, event, names);
  return (
    <div className="tevent" data-testid="timeline-event" data-event-type={event.type}>
      <p className="tevent__text">
        {line.text} · <time dateTime={event.createdAt} title={format.full(event.createdAt)}>{format.time(event.createdAt)}</time>
      </p>
      {line.detail ? <p className="tevent__detail">{line.detail}</p> : null}
    </div>
  );
}

const STATUS_ORDER = ['pending', 'sent', 'delivered', 'read', 'failed', 'received'] as const;

function StatusTick({ message }: { message: Pick<Message, 'status' | 'error'> }) {
  const { t } = useTranslation();
  const label = t(`console.status.${message.status}`);
  if (message.status === 'failed') {
    const cause = message.error?.message ? t('console.failedCause', { cause: message.error.message }) : t('console.failedNoCause');
    return (
      <span className="tick tick--failed" title={cause} data-status="failed">
        <Icon name="alert" size={14} />
        <span className="tick__label">{label}</span>
        <span className="visually-hidden">: {cause}</span>
      </span>
    );
  }
  if (message.status === 'received') return null;
  const icon = message.status === 'pending' ? 'clock' : message.status === 'sent' ? 'check' : 'checkDouble';
  return (
    <span className={`tick tick--${message.status}`} title={label} data-status={message.status}>
      <Icon name={icon} size={14} />
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

function MessageBubble({ message, replyTo }: { message: Message; replyTo?: Message }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const users = useUsers();
  const channels = useChannels();
  const canManage = useCanManage();
  const [deleting, setDeleting] = useState(false);
  const userName = (id: string | null) => (id ? users.data?.find((u) => u.id === id)?.name : undefined);
  const sender =
    message.senderKind === 'user'
      ? t('console.sender.user', { name: userName(message.senderUserId) ?? t('events.actor.formerUser') })
      : t(`console.sender.${message.senderKind}`);
  const channel = message.channelId ? channels.data?.find((c) => c.id === message.channelId) : undefined;
  const deleted = !!message.deletedAt;
  const attachments = message.content?.attachments;
  const email = message.content?.email;
  const deletable = canManage && message.direction === 'out' && message.senderKind !== 'echo' && !deleted;
  const times = STATUS_ORDER.filter((s) => message.statusTimes[s]).map((s) => t('console.statusAt', { status: t(`console.status.${s}`), time: format.full(message.statusTimes[s]!) }));
  return (
    <div className={`msg msg--${message.direction}${deleted ? ' msg--deleted' : ''}`} data-testid="message" data-message-id={message.id} data-status={message.status}>
      <div className="msg__bubble" tabIndex={0} aria-describedby={`msg-meta-${message.id}`}>
        {message.replyToId ? (
          <blockquote className="msg__reply">
            <span className="msg__reply-label">{t('console.replyTo')}</span>
            {replyTo ? (replyTo.deletedAt ? t('console.deleted') : (replyTo.text ?? t('inbox.list.noText'))) : t('console.replyUnavailable')}
          </blockquote>
        ) : null}
        {email ? <EmailSubject email={email} /> : null}
        {attachments?.length && !deleted ? <MessageAttachments attachments={attachments} /> : null}
        {message.text !== null || !attachments?.length || deleted ? (
          <p className="msg__text">
            {message.text ??
              (message.content?.template ? t('console.templateMessage', { name: message.content.template.name, values: templateValues(message.content.template) }) : t('inbox.list.noText'))}
          </p>
        ) : null}
        {email && !deleted ? <EmailExtras email={email} attachments={attachments} /> : null}
        {message.content?.error && !deleted ? (
          <p className="msg__problem">
            <Icon name="alert" size={12} /> {t('console.contentProblem', { message: message.content.error.message })}
          </p>
        ) : null}
        {deleted ? (
          <p className="msg__deleted">
            <Icon name="trash" size={12} /> {t('console.deletedBy', { name: userName(message.deletedById) ?? t('events.actor.formerUser'), time: format.full(message.deletedAt!) })}
          </p>
        ) : null}
        <span className="msg__foot">
          <time dateTime={message.createdAt}>{format.time(message.createdAt)}</time>
          {message.direction === 'out' ? <StatusTick message={message} /> : null}
        </span>
        <div className="msg__meta" id={`msg-meta-${message.id}`} role="tooltip">
          <strong>{sender}</strong>
          {channel ? <span>{channel.name}</span> : null}
          {times.map((line) => (
            <span key={line}>{line}</span>
          ))}
          {message.status === 'failed' && message.error?.message ? <span className="msg__meta-error">{t('console.failedCause', { cause: message.error.message })}</span> : null}
        </div>
        {deletable ? (
          <button type="button" className="icon-btn msg__action" aria-label={t('console.deleteMessage')} title={t('console.deleteMessage')} onClick={() => setDeleting(true)}>
            <Icon name="trash" size={14} />
          </button>
        ) : null}
      </div>
      {deleting ? <DeleteDialog message={message} channel={channel} onClose={() => setDeleting(false)} /> : null}
    </div>
  );
}

/** The values a template was sent with, for the bubble ("order_update: A-1042"); its text lives at the provider. */
const templateValues = (template: TemplateSend) => (template.components ?? []).flatMap((c) => c.parameters.map((p) => p.text)).join(', ');

/** IN-12: deleting hides the message here; whether the contact loses it too is the channel's to say (its capabilities). */
function DeleteDialog({ message, channel, onClose }: { message: Message; channel?: Channel; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteMessage(message.id),
    onSuccess: (updated) => {
      queryClient.setQueryData<TimelinePages>(queryKeys.timeline(message.contactId), (d) => upsertItem(d, messageItem(updated)));
      onClose();
    },
  });
  const forContact = deleteForContact(channel, message.createdAt, Date.now());
  const channelName = channel?.name ?? t('console.deleteDialog.thisChannel');
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={t('console.deleteDialog.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('console.deleteDialog.confirm')}
          </Button>
        </>
      }
    >
      {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
      <blockquote className="msg__reply">{message.text}</blockquote>
      <p>{t('console.deleteDialog.body')}</p>
      <p>
        <strong data-testid="delete-for-contact">
          {forContact.state === 'yes'
            ? forContact.hours === null
              ? t('console.deleteDialog.channelCan')
              : t('console.deleteDialog.channelCanWithin', { channel: channelName, hours: forContact.hours })
            : forContact.state === 'tooOld'
              ? t('console.deleteDialog.tooOld', { channel: channelName, hours: forContact.hours })
              : t('console.deleteDialog.channelCannot', { channel: channelName })}
        </strong>
      </p>
    </Dialog>
  );
}

function PendingBubble({ pending }: { pending: PendingSend }) {
  const { t } = useTranslation();
  const { retry, discard } = useSender(pending.contactId);
  const failed = pending.state === 'failed';
  return (
    <div className={`msg msg--out msg--pending${failed ? ' msg--failed' : ''}`} data-testid="message" data-status={failed ? 'failed' : 'pending'} aria-busy={!failed || undefined}>
      <div className="msg__bubble">
        <p className="msg__text">{pending.text}</p>
        <span className="msg__foot">
          {failed ? (
            <span className="tick tick--failed" title={pending.error}>
              <Icon name="alert" size={14} /> {t('console.sendFailed')}
            </span>
          ) : (
            <span className="tick tick--pending">
              <Icon name="clock" size={14} /> {t('console.sending')}
            </span>
          )}
        </span>
      </div>
      {failed ? (
        <div className="msg__failed" role="alert">
          <span>{pending.error}</span>
          <Button size="sm" onClick={() => retry(pending.key)}>
            {t('console.retry')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => discard(pending.key)}>
            {t('console.discard')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

