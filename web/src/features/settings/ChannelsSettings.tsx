import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revealChannelSecret, type Channel } from '../../api';
import { Button, Dialog, EmptyState, Icon } from '../../components';
import { Time } from '../../i18n/time';
import { ChannelIcon } from '../inbox/ChannelIcon';
import { useChannels } from '../inbox/useInboxData';
import { ChannelForm, embedSnippet, ProviderWebhookStep } from './ChannelForm';
import { CHANNEL_KINDS, hasUserSecret, isChannelKind, isProviderWebhookKind, USER_SECRET_HINT, type ChannelKind } from './channelKinds';
import { channelStatusLine, useChannelLabels } from './channelLabels';
import { RemoveChannelDialog } from './RemoveChannelDialog';
import { ConfirmDialog, CopyField, CopyPanel, DeleteButton, SettingsPage, SettingsTable } from './ui';

/** CH-1/CH-5/CH-6: the workspace channels with their health; connect any type, edit credentials, reveal the secret, remove. */
export function ChannelsSettings() {
  const { t } = useTranslation();
  const channels = useChannels();
  const labels = useChannelLabels();
  const [connecting, setConnecting] = useState(false);
  const [editing, setEditing] = useState<Channel | null>(null);
  const [revealing, setRevealing] = useState<Channel | null>(null);
  const [revealed, setRevealed] = useState<{ channel: Channel; secret: string } | null>(null);
  const [removing, setRemoving] = useState<Channel | null>(null);
  const [embedding, setEmbedding] = useState<Channel | null>(null);
  const [settingUp, setSettingUp] = useState<Channel | null>(null);

  return (
    <SettingsPage
      title={t('settings.channels.title')}
      description={t('settings.channels.description')}
      action={
        <Button variant="primary" icon={<Icon name="plus" size={16} />} onClick={() => setConnecting(true)}>
          {t('settings.channels.connect')}
        </Button>
      }
    >
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
                <ChannelIcon type={channel.type} size={14} /> {labels.type(channel.type)}
              </span>
            </td>
            <td>
              <span className={`st-status st-status--${channel.status}`} data-testid="channel-status">
                {channelStatusLine(labels, channel)}
              </span>
            </td>
            <td>{channel.lastWebhookAt ? <Time value={channel.lastWebhookAt} /> : <span className="st-sub">{t('settings.channels.never')}</span>}</td>
          </>
        )}
        actions={(channel) => (
          <>
            {channel.publicKey ? (
              <Button size="sm" onClick={() => setEmbedding(channel)}>
                {t('settings.channels.showEmbed')}
              </Button>
            ) : null}
            {isProviderWebhookKind(channel.type) ? (
              <Button size="sm" onClick={() => setSettingUp(channel)}>
                {t('settings.channels.showWebhook')}
              </Button>
            ) : null}
            {isChannelKind(channel.type) && channel.config ? (
              <Button size="sm" onClick={() => setEditing(channel)} aria-label={t('settings.channels.editNamed', { name: channel.name })}>
                {t('settings.common.edit')}
              </Button>
            ) : null}
            {/* Provider channels' webhook secret never leaves the server: nobody needs to copy it. */}
            {hasUserSecret(channel.type) ? (
              <Button size="sm" onClick={() => setRevealing(channel)}>
                {t('settings.channels.reveal')}
              </Button>
            ) : null}
            <DeleteButton label={t('settings.channels.removeNamed', { name: channel.name })} onClick={() => setRemoving(channel)} />
          </>
        )}
      />

      <ConnectDialog open={connecting} onClose={() => setConnecting(false)} />
      <Dialog open={!!editing} onClose={() => setEditing(null)} title={t('settings.channels.editTitle', { name: editing?.name ?? '' })}>
        {editing && isChannelKind(editing.type) ? <ChannelForm key={editing.id} kind={editing.type} channel={editing} onClose={() => setEditing(null)} /> : null}
      </Dialog>
      <Dialog open={!!embedding} onClose={() => setEmbedding(null)} title={t('settings.channels.embedOf', { name: embedding?.name ?? '' })}>
        {embedding?.publicKey ? (
          <CopyPanel onDone={() => setEmbedding(null)}>
            <CopyField label={t('settings.channels.embedCode')} value={embedSnippet(embedding.publicKey)} name="embed" hint={t('settings.channels.embedHint')} />
          </CopyPanel>
        ) : null}
      </Dialog>
      <Dialog open={!!settingUp} onClose={() => setSettingUp(null)} title={t('settings.channels.webhookOf', { name: settingUp?.name ?? '' })}>
        {settingUp && isProviderWebhookKind(settingUp.type) ? (
          <CopyPanel onDone={() => setSettingUp(null)}>
            <ProviderWebhookStep kind={settingUp.type} inboundUrl={settingUp.inboundUrl} />
          </CopyPanel>
        ) : null}
      </Dialog>
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
        {revealed && hasUserSecret(revealed.channel.type) ? (
          <CopyPanel onDone={() => setRevealed(null)}>
            {/* Only the API channel's systems post to its webhook URL; web chat visitors come through the widget. */}
            {revealed.channel.type === 'api' ? <CopyField label={t('settings.channels.webhookUrl')} value={revealed.channel.inboundUrl} name="inboundUrl" /> : null}
            <CopyField label={t('settings.channels.secret')} value={revealed.secret} name="secret" hint={t(`settings.channels.${USER_SECRET_HINT[revealed.channel.type]}`)} />
          </CopyPanel>
        ) : null}
      </Dialog>
      <RemoveChannelDialog channel={removing} onClose={() => setRemoving(null)} />
    </SettingsPage>
  );
}

/** "Connect a channel": pick the type, then its form in the same dialog. */
function ConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useChannelLabels();
  const [kind, setKind] = useState<ChannelKind | null>(null);
  const [created, setCreated] = useState<Channel | null>(null);
  const close = () => {
    setKind(null);
    setCreated(null);
    onClose();
  };
  const title = created
    ? t('settings.channels.createdTitle', { name: created.name })
    : kind
      ? t('settings.channels.connectKind', { type: labels.type(kind) })
      : t('settings.channels.connectTitle');
  return (
    <Dialog open={open} onClose={close} title={title}>
      {kind ? (
        <ChannelForm kind={kind} onClose={close} onCreated={setCreated} />
      ) : (
        <ul className="st-kinds" aria-label={t('settings.channels.connectTitle')}>
          {CHANNEL_KINDS.map((k) => (
            <li key={k}>
              <button type="button" className="st-kind" onClick={() => setKind(k)}>
                <span className={`st-kind__icon st-kind__icon--${k}`}>
                  <ChannelIcon type={k} size={22} />
                </span>
                <span className="st-kind__text">
                  <span className="st-kind__title">{labels.type(k)}</span>
                  <span className="st-kind__desc">{t(`settings.channels.kindHint.${k}`)}</span>
                </span>
                <Icon name="chevronRight" size={16} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
