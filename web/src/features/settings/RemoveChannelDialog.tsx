import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { channelRemovalPreview, deleteChannel, isApiError, queryKeys, sendChannelRemovalCode, type Channel } from '../../api';
import { Alert, Button, Dialog, Field, Input, Spinner } from '../../components';
import { useFormatTime } from '../../i18n/time';
import { toast } from './ui';

/**
 * CH-5: removing a channel is irreversible, so the dialog says what it interrupts (its open conversations), asks for
 * the channel's name typed back and for the one-time code the server mails to the admin.
 */
export function RemoveChannelDialog({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatTime = useFormatTime();
  const [typed, setTyped] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<{ sentTo: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState<'code' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = useQuery({
    queryKey: ['channels', channel?.id, 'removal'],
    queryFn: () => channelRemovalPreview(channel!.id),
    enabled: !!channel,
    gcTime: 0,
  });
  useEffect(() => {
    setTyped('');
    setCode('');
    setSent(null);
    setError(null);
  }, [channel?.id]);

  const phrase = preview.data?.confirmationPhrase ?? channel?.name ?? '';
  const phraseMatches = typed.trim() === phrase.trim();
  const codeComplete = /^\d{6}$/.test(code.trim());

  const sendCode = async () => {
    setBusy('code');
    setError(null);
    try {
      setSent(await sendChannelRemovalCode(channel!.id));
    } catch (err) {
      setError(isApiError(err) ? err.message : t('errors.generic'));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (!phraseMatches || !codeComplete) return;
    setBusy('remove');
    setError(null);
    try {
      await deleteChannel(channel!.id, { confirmation: typed, code: code.trim() });
      await queryClient.invalidateQueries({ queryKey: queryKeys.channels });
      toast(t('settings.channels.removed', { name: channel!.name }));
      onClose();
    } catch (err) {
      if (isApiError(err) && err.code === 'removal_code_invalid') {
        const left = Number(err.info.attemptsLeft ?? 0);
        setError(left > 0 ? t('settings.channels.removal.codeWrong', { count: left }) : t('settings.channels.removal.codeSpent'));
        if (left === 0) setSent(null);
      } else {
        setError(isApiError(err) ? err.message : t('errors.generic'));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog open={!!channel} onClose={onClose} title={t('settings.channels.removeTitle', { name: channel?.name ?? '' })} size="sm">
      <form onSubmit={remove} className="form">
        <div className="st-confirm__body">
          {preview.isPending ? (
            <Spinner label={t('app.loading')} />
          ) : preview.data ? (
            <Alert tone="warning" title={t('settings.channels.removal.openConversations', { count: preview.data.openConversations })}>
              {t('settings.channels.removal.consequences')}
            </Alert>
          ) : null}
        </div>
        <Field label={t('settings.common.typeToConfirm', { name: phrase })}>
          {(p) => <Input {...p} name="confirmation" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />}
        </Field>
        <Field
          label={t('settings.channels.removal.code')}
          hint={
            sent ? t('settings.channels.removal.codeSent', { to: sent.sentTo, time: formatTime.time(new Date(sent.expiresAt)) }) : t('settings.channels.removal.codeHint')
          }
        >
          {(p) => (
            <div className="st-code-row">
              <Input
                {...p}
                name="code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                disabled={!sent}
              />
              <Button onClick={sendCode} loading={busy === 'code'} disabled={!phraseMatches}>
                {sent ? t('settings.channels.removal.resend') : t('settings.channels.removal.sendCode')}
              </Button>
            </div>
          )}
        </Field>
        {error ? <Alert>{error}</Alert> : null}
        <div className="st-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="danger" loading={busy === 'remove'} disabled={!phraseMatches || !codeComplete}>
            {t('settings.channels.remove')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
