import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listContactChannels, markNoReplyNeeded, queryKeys, sendFileMessage, type Contact, type InboxRow } from '../../api';
import { useMe } from '../../app/session';
import { Alert, Button, Icon, Select, Spinner } from '../../components';
import { useFormatTime, useNow } from '../../i18n/time';
import { checkFile, fileType, formatBytes, MAX_CAPTION_LENGTH, sendableTypes, sentFileMessage, type FileProblem } from './attachments';
import { useComposerChannel } from './composerChannel';
import { FileChip } from './FileChip';
import { applyRowEverywhere, useViewer } from './live';
import { useSender } from './pendingSends';
import { Popover } from './Popover';
import { firstMessageChannel, replyChannel, replyWindowOf, sendableChannels } from './replyWindow';
import { TemplatePicker } from './TemplatePicker';
import { addSent, type TimelinePages } from './timelineCache';
import { useChannels } from './useInboxData';

const EmojiPicker = lazy(() => import('./EmojiPicker'));

/**
 * IN-11: the reply box — Enter sends, Shift+Enter adds a line, emoji, channel picker, "No reply needed". On a channel
 * with a reply window (WhatsApp) it says when the window closes, and once closed offers the approved templates instead.
 * On a channel that sends files, one file can be attached (button, drop or paste); the text is then its caption.
 */
export function Composer({ contact, unanswered, lastChannelId }: { contact: Contact; unanswered: number; lastChannelId: string | null }) {
  const { t, i18n } = useTranslation();
  const format = useFormatTime();
  const now = useNow();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [text, setText] = useState('');
  const [picked, setChannelId] = useComposerChannel(contact.id);
  const box = useRef<HTMLTextAreaElement>(null);
  const { send } = useSender(contact.id);
  const channels = useQuery({ queryKey: queryKeys.contactChannels(contact.id), queryFn: async () => (await listContactChannels(contact.id)).items, select: sendableChannels });
  // CT-3: picked in the contact panel ("Send first message"), or the first channel to start when none is active yet.
  const channelId = picked || firstMessageChannel(channels.data);
  const noReply = useMutation({
    mutationFn: () => markNoReplyNeeded(contact.id),
    onSuccess: (row: InboxRow) => applyRowEverywhere(queryClient, row, viewer),
  });
  const workspaceChannels = useChannels();
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  /** Why the last file offered was not taken, or why this channel takes none. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  /** The last file send tried: sending the same file, caption and channel again reuses its Idempotency-Key. */
  const attempt = useRef<{ file: File; caption: string; channelId: string; key: string } | null>(null);
  const upload = useMutation({
    mutationFn: (send: { file: File; caption: string; channelId: string; key: string }) =>
      sendFileMessage(contact.id, { file: send.file, text: send.caption, channelId: send.channelId || undefined }, send.key),
    onSuccess: (answer, send) => {
      const message = sentFileMessage({ ...send, contactId: contact.id, channelId: send.channelId || undefined, createdAt: new Date().toISOString() }, answer, me.actor.userId);
      queryClient.setQueryData<TimelinePages>(queryKeys.timeline(contact.id), (d) => addSent(d, message));
      attempt.current = null;
      setFile(null);
      setText('');
    },
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
  const capabilities = target && workspaceChannels.data?.find((c) => c.id === target.channelId)?.capabilities;
  const files = capabilities?.files ?? {};
  const accept = sendableTypes(files);
  const noFiles = target && workspaceChannels.data && accept.length === 0 ? t('composer.file.unavailable', { channel: target.channelName }) : null;
  const canAttach = !disabled && !closed && !!target && accept.length > 0 && !upload.isPending;
  const problemText = (problem: FileProblem | null, offered: File, channel: string) => {
    if (!problem) return null;
    return problem.problem === 'type'
      ? t('composer.file.typeNotAllowed', { name: offered.name, channel, types: problem.allowed.join(', ') })
      : t('composer.file.tooLarge', { name: offered.name, size: formatBytes(offered.size, i18n.language), channel, max: formatBytes(problem.maxBytes, i18n.language) });
  };
  const caption = text.trim();
  // The file stays chosen when the agent switches channel: the new channel may not take it.
  const fileProblem = file && target ? (accept.length ? problemText(checkFile(file, files), file, target.channelName) : noFiles) : null;
  const captionTooLong = !!file && caption.length > MAX_CAPTION_LENGTH;
  const captionRefused = !!file && !!caption && !!capabilities?.uncaptionedFiles.includes(fileType(file.type));
  const captionProblem = captionTooLong
    ? t('composer.file.captionTooLong', { max: MAX_CAPTION_LENGTH, length: caption.length })
    : captionRefused
      ? t('composer.file.noCaption', { channel: target!.channelName })
      : null;
  /** Takes a file offered by the picker, a drop or a paste, unless the channel cannot send it (then says why). */
  const offer = (offered: File | undefined) => {
    if (!offered || !target) return;
    const problem = problemText(checkFile(offered, files), offered, target.channelName);
    setRefusal(problem);
    if (problem) return;
    upload.reset();
    setFile(offered);
    box.current?.focus();
  };
  const removeFile = () => {
    setFile(null);
    setRefusal(null);
    upload.reset();
    box.current?.focus();
  };

  const submit = () => {
    if (disabled || closed) return;
    if (file) return sendFile(file);
    const value = text.trim();
    if (!value) return;
    send(value, channelId || undefined);
    setText('');
  };
  const sendFile = (chosen: File) => {
    if (fileProblem || captionProblem || upload.isPending) return;
    const last = attempt.current;
    const key = last && last.file === chosen && last.caption === caption && last.channelId === channelId ? last.key : crypto.randomUUID();
    attempt.current = { file: chosen, caption, channelId, key };
    upload.mutate(attempt.current);
  };
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = e.clipboardData.files[0];
    if (!pasted || !canAttach) return;
    e.preventDefault();
    offer(pasted);
  };
  // A file dropped on the composer is attached; where files cannot be sent it is refused with the reason (the
  // browser would otherwise open it in place of the app).
  const dropProps = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = canAttach ? 'copy' : 'none';
      setDragging(canAttach);
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer.files.length) return;
      e.preventDefault();
      setDragging(false);
      if (canAttach) offer(e.dataTransfer.files[0]);
      else setRefusal(noFiles);
    },
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
    <div className={`composer${dragging ? ' composer--drop' : ''}`} data-testid="composer" {...dropProps}>
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
          {refusal ? <Alert>{refusal}</Alert> : null}
          {file && fileProblem ? <Alert>{fileProblem}</Alert> : null}
          {captionProblem ? <Alert>{captionProblem}</Alert> : null}
          {upload.isError ? <Alert title={t('composer.file.failed')}>{upload.error.message}</Alert> : null}
          {file ? <FileChip file={file} sending={upload.isPending} onRemove={removeFile} /> : null}
          <textarea
            ref={box}
            className="input composer__input"
            rows={3}
            value={text}
            disabled={disabled}
            readOnly={upload.isPending}
            aria-label={file ? t('composer.file.caption') : t('composer.label')}
            aria-describedby={reason ? undefined : 'composer-hint'}
            placeholder={reason ? '' : file ? t('composer.file.captionPlaceholder') : t('composer.placeholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
          />
          <span id="composer-hint" className="visually-hidden">
            {t('composer.hint')}
          </span>
        </>
      )}
      <div className="composer__bar">
        {closed ? null : (
          <>
            <Button
              size="sm"
              className="composer__attach"
              icon={<Icon name="paperclip" size={16} />}
              disabled={disabled || upload.isPending}
              aria-disabled={!canAttach || undefined}
              title={noFiles ?? t('composer.file.attach')}
              aria-describedby={noFiles ? 'composer-no-files' : undefined}
              onClick={() => (canAttach ? picker.current?.click() : setRefusal(noFiles))}
              data-testid="attach-button"
            >
              <span className="visually-hidden">{t('composer.file.attach')}</span>
            </Button>
            {noFiles ? (
              <span id="composer-no-files" className="visually-hidden">
                {noFiles}
              </span>
            ) : null}
            <input
              ref={picker}
              type="file"
              hidden
              accept={accept.join(',')}
              data-testid="file-input"
              onChange={(e) => {
                offer(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </>
        )}
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
          <Select
            className="composer__channel"
            aria-label={t('composer.channel')}
            value={channelId}
            onChange={(e) => {
              setChannelId(e.target.value);
              setRefusal(null);
            }}
            disabled={disabled}
          >
            <option value="">{t('composer.channelAuto')}</option>
            {channels.data.map((c) => (
              <option key={c.channelId} value={c.channelId} disabled={!c.usable}>
                {!c.usable ? t('composer.channelUnusable', { name: c.channelName }) : c.state === 'inactive' ? t('composer.channelStart', { name: c.channelName }) : c.channelName}
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
          <Button
            size="sm"
            variant="primary"
            onClick={submit}
            disabled={disabled || (file ? !!fileProblem || !!captionProblem : !text.trim())}
            loading={upload.isPending}
            icon={<Icon name="send" size={14} />}
          >
            {t('composer.send')}
          </Button>
        )}
      </div>
    </div>
  );
}
