import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createApiChannel, deleteChannel, queryKeys, revealChannelSecret, type Channel, type CreatedChannel } from '../../api';
import { Alert, Button, Dialog, EmptyState, Icon, TextField, rules, useFormErrors } from '../../components';
import { Time } from '../../i18n/time';
import { useChannels } from '../inbox/useInboxData';
import { ConfirmDialog, CopyField, DeleteButton, SettingsPage, SettingsTable, toast } from './ui';

/** CH-1/CH-5/CH-6: the workspace channels; connect the generic API channel; reveal its secret; remove. */
export function ChannelsSettings() {
  const { t } = useTranslation();
  const channels = useChannels();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revealing, setRevealing] = useState<Channel | null>(null);
  const [revealed, setRevealed] = useState<{ channel: Channel; secret: string } | null>(null);
  const [removing, setRemoving] = useState<Channel | null>(null);
  const typeLabel = (type: string) => (type === 'api' ? t(`settings.channels.types.${type}`) : type);
  const statusLabel = (status: string) =>
    status === 'connected' || status === 'disconnected' || status === 'error' ? t(`settings.channels.status.${status}`) : status;

  const add = (
    <Button variant="primary" icon={<Icon name="plus" size={16} />} onClick={() => setCreating(true)}>
      {t('settings.channels.create')}
    </Button>
  );
  return (
    <SettingsPage title={t('settings.channels.title')} description={t('settings.channels.description')} action={add}>
      <SettingsTable
        query={channels}
        empty={
          <EmptyState icon="plug" title={t('settings.channels.emptyTitle')}>
            {t('settings.channels.emptyBody')}
          </EmptyState>
        }
        columns={[t('settings.channels.name'), t('settings.channels.type'), t('settings.channels.statusLabel'), t('settings.channels.lastWebhook')]}
        rowKey={(channel) => channel.id}
        cells={(channel) => (
          <>
            <td className="st-strong">{channel.name}</td>
            <td>
              <span className="st-chip">
                <Icon name="api" size={14} /> {typeLabel(channel.type)}
              </span>
            </td>
            <td>
              <span className={`st-status st-status--${channel.status}`}>{statusLabel(channel.status)}</span>
            </td>
            <td>{channel.lastWebhookAt ? <Time value={channel.lastWebhookAt} /> : <span className="st-sub">{t('settings.channels.never')}</span>}</td>
          </>
        )}
        actions={(channel) => (
          <>
            <Button size="sm" onClick={() => setRevealing(channel)}>
              {t('settings.channels.reveal')}
            </Button>
            <DeleteButton label={t('settings.channels.removeNamed', { name: channel.name })} onClick={() => setRemoving(channel)} />
          </>
        )}
      />

      <CreateChannelDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={!!revealing}
        tone="primary"
        title={t('settings.channels.revealTitle', { name: revealing?.name ?? '' })}
        confirmLabel={t('settings.channels.reveal')}
        onClose={() => setRevealing(null)}
        onConfirm={async () => {
          const { secret } = await revealChannelSecret(revealing!.id);
          setRevealed({ channel: revealing!, secret });
        }}
      >
        {t('settings.channels.revealBody')}
      </ConfirmDialog>
      <Dialog open={!!revealed} onClose={() => setRevealed(null)} title={t('settings.channels.secretOf', { name: revealed?.channel.name ?? '' })}>
        {revealed ? (
          <div className="form">
            <CopyField label={t('settings.channels.webhookUrl')} value={revealed.channel.inboundUrl} name="inboundUrl" />
            <CopyField label={t('settings.channels.secret')} value={revealed.secret} name="secret" hint={t('settings.channels.secretHint')} />
            <div className="st-actions">
              <Button variant="primary" onClick={() => setRevealed(null)}>
                {t('settings.common.done')}
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={!!removing}
        title={t('settings.channels.removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('settings.channels.remove')}
        typeToConfirm={removing?.name}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await deleteChannel(removing!.id);
          await queryClient.invalidateQueries({ queryKey: queryKeys.channels });
          toast(t('settings.channels.removed', { name: removing!.name }));
        }}
      >
        {t('settings.channels.removeBody')}
      </ConfirmDialog>
    </SettingsPage>
  );
}

type F = 'name' | 'config.outboundUrl';

function CreateChannelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', outboundUrl: '' });
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const errors = useFormErrors<F>();
  useEffect(() => {
    if (open) {
      setValues({ name: '', outboundUrl: '' });
      setCreated(null);
      errors.clear();
    }
  }, [open]);
  const create = useMutation({
    mutationFn: () => createApiChannel({ name: values.name.trim(), outboundUrl: values.outboundUrl.trim() }),
    onSuccess: (channel) => {
      setCreated(channel);
      void queryClient.invalidateQueries({ queryKey: queryKeys.channels });
    },
    onError: (err) => errors.fromError(err, ['name', 'config.outboundUrl']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = errors.validate({ name: values.name, 'config.outboundUrl': values.outboundUrl }, { name: [rules.required], 'config.outboundUrl': [rules.required] });
    if (ok) create.mutate();
  };
  return (
    <Dialog open={open} onClose={onClose} title={created ? t('settings.channels.createdTitle', { name: created.name }) : t('settings.channels.createTitle')}>
      {created ? (
        <div className="form">
          <Alert tone="warning" title={t('settings.channels.onceTitle')}>
            {t('settings.channels.onceBody')}
          </Alert>
          <CopyField label={t('settings.channels.webhookUrl')} value={created.inboundUrl} name="inboundUrl" hint={t('settings.channels.webhookUrlHint')} />
          <CopyField label={t('settings.channels.secret')} value={created.secret} name="secret" hint={t('settings.channels.secretHint')} />
          <div className="st-actions">
            <Button variant="primary" onClick={onClose}>
              {t('settings.channels.copiedDone')}
            </Button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p className="st-sub">{t('settings.channels.apiIntro')}</p>
          {errors.formError ? <Alert>{errors.formError}</Alert> : null}
          <TextField
            label={t('settings.channels.name')}
            name="name"
            value={values.name}
            maxLength={100}
            placeholder={t('settings.channels.namePlaceholder')}
            onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
            error={errors.fieldErrors.name}
            autoFocus
          />
          <TextField
            label={t('settings.channels.outboundUrl')}
            name="outboundUrl"
            type="url"
            inputMode="url"
            placeholder="https://example.com/conversa"
            value={values.outboundUrl}
            onChange={(e) => setValues((v) => ({ ...v, outboundUrl: e.target.value }))}
            error={errors.fieldErrors['config.outboundUrl']}
            hint={t('settings.channels.outboundUrlHint')}
          />
          <div className="st-actions">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" loading={create.isPending}>
              {t('settings.channels.createSubmit')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
