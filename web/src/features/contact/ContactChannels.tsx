import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listContactChannels, queryKeys, removeContactChannel, type Contact, type ContactChannel } from '../../api';
import { useCanManage } from '../../app/session';
import { Alert, Button, Dialog, Icon } from '../../components';
import { useFormatTime } from '../../i18n/time';
import { ChannelIcon } from '../inbox/ChannelIcon';
import { pickComposerChannel, unpickComposerChannel } from '../inbox/composerChannel';

const STATES = ['active', 'inactive', 'unavailable'] as const;

/** The contact's channels in the three CT-3 groups, each in the server's order; empty groups are left out. */
export function channelGroups(channels: ContactChannel[]) {
  return STATES.map((state) => ({ state, items: channels.filter((c) => c.state === state) })).filter((g) => g.items.length > 0);
}

/**
 * CT-3 / CT-4 in the details panel: active channels with the date connected (and a link to the provider's own view of
 * the conversation where there is one), inactive ones with "Send first message" (which picks the channel in the
 * composer), unavailable ones with why; Owners and Managers can remove an active channel from the contact.
 */
export function ContactChannels({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: queryKeys.contactChannels(contact.id), queryFn: async () => (await listContactChannels(contact.id)).items });
  const [removing, setRemoving] = useState<ContactChannel | null>(null);
  // Which channels can be started depends on the phone and email: refetch when they change (here or by someone else).
  const addresses = `${contact.phone ?? ''}|${contact.email ?? ''}`;
  const seen = useRef(addresses);
  useEffect(() => {
    if (seen.current === addresses) return;
    seen.current = addresses;
    void queryClient.invalidateQueries({ queryKey: queryKeys.contactChannels(contact.id) });
  }, [addresses, contact.id, queryClient]);

  const groups = channelGroups(channels.data ?? []);
  return (
    <section className="details__section" aria-labelledby="contact-channels-heading" data-testid="contact-channels">
      <h3 className="details__heading" id="contact-channels-heading">
        {t('contact.channels')}
      </h3>
      {channels.isError ? <Alert>{channels.error.message}</Alert> : null}
      {channels.data?.length === 0 ? <p className="details__muted">{t('contact.noChannels')}</p> : null}
      {groups.map((group) => (
        <div key={group.state} className="channel-group" data-testid={`channels-${group.state}`}>
          <h4 className="channel-group__title">{t(`contact.channelGroups.${group.state}`)}</h4>
          {group.state === 'unavailable' ? <p className="details__muted">{t('contact.channelGroups.unavailableHint')}</p> : null}
          <ul className="details__channels">
            {group.items.map((c) => (
              <ChannelRow key={c.channelId} contact={contact} channel={c} onRemove={() => setRemoving(c)} />
            ))}
          </ul>
        </div>
      ))}
      {removing ? <RemoveDialog contactId={contact.id} channel={removing} onClose={() => setRemoving(null)} /> : null}
    </section>
  );
}

function ChannelRow({ contact, channel: c, onRemove }: { contact: Contact; channel: ContactChannel; onRemove: () => void }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const canManage = useCanManage();
  const address = c.state === 'inactive' ? (c.startsWith === 'email' ? contact.email : contact.phone) : c.externalId;
  return (
    <li className={`contact-channel contact-channel--${c.state}`} data-testid="contact-channel" data-channel-id={c.channelId}>
      <span className="contact-channel__icon">
        <ChannelIcon type={c.channelType} size={16} />
      </span>
      <div className="contact-channel__main">
        <div className="contact-channel__name">
          <strong>{c.channelName}</strong>
          {c.conversationUrl ? (
            <a href={c.conversationUrl} target="_blank" rel="noreferrer" className="icon-btn" aria-label={t('contact.openConversation', { channel: c.channelName })} title={t('contact.openConversation', { channel: c.channelName })}>
              <Icon name="arrowUpRight" size={14} />
            </a>
          ) : null}
          {c.state === 'active' && !c.usable ? <span className="details__badge">{t('contact.channelRemoved')}</span> : null}
        </div>
        {address ? <span className="details__muted contact-channel__address">{address}</span> : null}
        {c.state === 'active' && c.connectedAt ? (
          <span className="details__muted">
            {t('contact.connectedAt', { date: format.full(c.connectedAt) })}
          </span>
        ) : null}
        {c.state === 'inactive' && c.replyWindow ? <span className="details__muted">{t('contact.templateFirst')}</span> : null}
        {c.unavailableReason ? <span className="details__muted">{t(`contact.unavailableReason.${c.unavailableReason}`)}</span> : null}
        {c.state === 'inactive' ? (
          <Button size="sm" className="contact-channel__start" icon={<Icon name="send" size={14} />} onClick={() => pickComposerChannel(contact.id, c.channelId)}>
            {t('contact.sendFirstMessage')}
          </Button>
        ) : null}
      </div>
      {c.state === 'active' && canManage ? (
        <button type="button" className="icon-btn" aria-label={t('contact.removeChannel', { channel: c.channelName })} title={t('contact.removeChannel', { channel: c.channelName })} onClick={onRemove}>
          <Icon name="trash" size={14} />
        </button>
      ) : null}
    </li>
  );
}

/** CT-4: confirmed like a message deletion; the contact's history on the channel stays. */
function RemoveDialog({ contactId, channel, onClose }: { contactId: string; channel: ContactChannel; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => removeContactChannel(contactId, channel.channelId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactChannels(contactId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(contactId) });
      unpickComposerChannel(contactId, channel.channelId);
      onClose();
    },
  });
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={t('contact.removeDialog.title', { channel: channel.channelName })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('contact.removeDialog.confirm')}
          </Button>
        </>
      }
    >
      {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
      <p>{t('contact.removeDialog.body', { channel: channel.channelName, address: channel.externalId ?? '' })}</p>
      <p>
        <strong>{t('contact.removeDialog.history')}</strong>
      </p>
    </Dialog>
  );
}
