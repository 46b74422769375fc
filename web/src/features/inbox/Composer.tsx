import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listContactChannels, markNoReplyNeeded, queryKeys, type Contact, type InboxRow } from '../../api';
import { Alert, Button, Icon, Select, Spinner } from '../../components';
import { useFormatTime, useNow } from '../../i18n/time';
import { applyRowEverywhere, useViewer } from './live';
import { useSender } from './pendingSends';
import { Popover } from './Popover';
import { replyChannel, replyWindowOf } from './replyWindow';
import { TemplatePicker } from './TemplatePicker';

const EmojiPicker = lazy(() => import('./EmojiPicker'));

/**
 * IN-11: the reply box — Enter sends, Shift+Enter adds a line, emoji, channel picker, "No reply needed". On a channel
 * with a reply window (WhatsApp) it says when the window closes, and once closed offers the approved templates instead.
 */
export function Composer({ contact, unanswered, lastChannelId }: { contact: Contact; unanswered: number; lastChannelId: string | null }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const now = useNow();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [text, setText] = useState('');
  const [channelId, setChannelId] = useState<string>('');
  const box = useRef<HTMLTextAreaElement>(null);
  const { send } = useSender(contact.id);
  const channels = useQuery({ queryKey: queryKeys.contactChannels(contact.id), queryFn: async () => (await listContactChannels(contact.id)).items });
  const noReply = useMutation({
    mutationFn: () => markNoReplyNeeded(contact.id),
    onSuccess: (row: InboxRow) => applyRowEverywhere(queryClient, row, viewer),
  });

  const usable = channels.data?.filter((c) => c.usable) ?? [];
  const reason = contact.blocked
    ? t('composer.disabled.blocked')
    : channels.data && channels.data.length === 0
      ? t('composer.disabled.noChannel')
      : channels.data && usable.length === 0
        ? t('composer.disabled.removed')
        : null;
  const disabled = !!reason || channels.isPending;
  const target = channels.data ? replyChannel(channels.data, channelId, lastChannelId) : undefined;
  const replyWindow = replyWindowOf(target, now);
  const closed = replyWindow.state === 'closed';

  const submit = () => {
    const value = text.trim();
    if (!value || disabled || closed) return;
    send(value, channelId || undefined);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  const insert = (emoji: string) => {
    const el = box.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  return (
    <div className="composer" data-testid="composer">
      {reason ? (
        <Alert tone="warning">
          <span data-testid="composer-disabled-reason">{reason}</span>
        </Alert>
      ) : null}
      {noReply.isError ? <Alert>{noReply.error.message}</Alert> : null}
      {!reason && closed && target ? (
        <>
          <Alert tone="info" title={replyWindow.closedAt ? t('composer.window.closedAt', { time: format.full(replyWindow.closedAt) }) : t('composer.window.neverOpened')}>
            <span data-testid="composer-window">{t('composer.window.templatesOnly', { channel: target.channelName })}</span>
          </Alert>
          <TemplatePicker contactId={contact.id} channelId={target.channelId} disabled={disabled} />
        </>
      ) : (
        <>
          {!reason && replyWindow.state === 'open' && replyWindow.soon ? (
            <p className="composer__window" data-testid="composer-window">
              <Icon name="clock" size={14} /> {t('composer.window.closesAt', { time: format.time(replyWindow.closesAt) })}
            </p>
          ) : null}
          <textarea
            ref={box}
            className="input composer__input"
            rows={3}
            value={text}
            disabled={disabled}
            aria-label={t('composer.label')}
            aria-describedby={reason ? undefined : 'composer-hint'}
            placeholder={reason ? '' : t('composer.placeholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <span id="composer-hint" className="visually-hidden">
            {t('composer.hint')}
          </span>
        </>
      )}
      <div className="composer__bar">
        {closed ? null : (
          <Popover label={t('composer.emojiPicker')} align="start" button={<><Icon name="smile" size={16} /><span className="visually-hidden">{t('composer.emoji')}</span></>} className="composer__emoji" testId="emoji-button">
            {(close) => (
              <Suspense fallback={<Spinner size="sm" />}>
                <EmojiPicker
                  onPick={(emoji) => {
                    insert(emoji);
                    close();
                  }}
                />
              </Suspense>
            )}
          </Popover>
        )}
        {channels.data && channels.data.length > 1 ? (
          <Select className="composer__channel" aria-label={t('composer.channel')} value={channelId} onChange={(e) => setChannelId(e.target.value)} disabled={disabled}>
            <option value="">{t('composer.channelAuto')}</option>
            {channels.data.map((c) => (
              <option key={c.channelId} value={c.channelId} disabled={!c.usable}>
                {c.usable ? c.channelName : t('composer.channelUnusable', { name: c.channelName })}
              </option>
            ))}
          </Select>
        ) : null}
        <span className="composer__spacer" />
        {unanswered > 0 ? (
          <Button size="sm" variant="ghost" onClick={() => noReply.mutate()} loading={noReply.isPending} disabled={contact.blocked}>
            {t('composer.noReplyNeeded')}
          </Button>
        ) : null}
        {closed ? null : (
          <Button size="sm" variant="primary" onClick={submit} disabled={disabled || !text.trim()} icon={<Icon name="send" size={14} />}>
            {t('composer.send')}
          </Button>
        )}
      </div>
    </div>
  );
}
