import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createChannel, isApiError, queryKeys, updateChannel, type Channel, type CreatedChannel } from '../../api';
import { Alert, Button, TextField, rules, useFormErrors, type Rule } from '../../components';
import { useFormatTime } from '../../i18n/time';
import { errorFields, fromConfig, isMetaKind, isProviderWebhookKind, isReadyKind, KIND_FIELDS, META_NEXT_STEP, PROVIDER_WEBHOOK_STEPS, READY_KINDS, toConfig, USER_SECRET_HINT, type ChannelKind, type FieldSpec, type FormValues, type ProviderWebhookKind } from './channelKinds';
import { channelStatusLine, useChannelLabels } from './channelLabels';
import { CopyField, CopyPanel, toast } from './ui';

type Provider = { code?: string; message?: string };

/**
 * The one form behind connecting and editing every channel type: name + the type's config fields (KIND_FIELDS),
 * client checks, the server's field errors under their fields, and a provider's refusal in an alert with its own
 * words. Connected, it shows what the admin must copy next (`Connected`); edited, it closes with a toast.
 */
export function ChannelForm({
  kind,
  channel,
  onClose,
  onCreated,
}: {
  kind: ChannelKind;
  channel?: Channel;
  onClose: () => void;
  /** Connected: the dialog's title says so. */
  onCreated?: (channel: Channel) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const labels = useChannelLabels();
  const format = useFormatTime();
  const [name, setName] = useState(channel?.name ?? '');
  const [values, setValues] = useState<FormValues>(() => fromConfig(kind, channel?.config));
  const [created, setCreated] = useState<{ channel: CreatedChannel; values: FormValues } | null>(null);
  const [provider, setProvider] = useState<Provider | null>(null);
  const errors = useFormErrors<string>();
  const fields = KIND_FIELDS[kind];
  // The form is taller than the dialog: a refusal shown at its top must be scrolled to, or it goes unseen.
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.formError) alertRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [errors.formError, provider]);
  const save = useMutation({
    mutationFn: () => {
      const config = toConfig(kind, values, channel?.config);
      return channel ? updateChannel(channel.id, { name: name.trim(), config }) : createChannel({ type: kind, name: name.trim(), config });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.channels });
      if (channel) {
        toast(t('settings.channels.saved', { name: saved.name }));
        onClose();
      } else {
        setCreated({ channel: saved as CreatedChannel, values });
        onCreated?.(saved);
      }
    },
    onError: (err) => {
      errors.fromError(err, errorFields(kind));
      setProvider(isApiError(err) ? ((err.info.provider as Provider | undefined) ?? null) : null);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProvider(null);
    const schema: Record<string, Rule[]> = { name: [rules.required] };
    for (const field of fields) if (!field.optional) schema[`config.${field.key}`] = [rules.required];
    const typed: Record<string, string> = { name };
    for (const field of fields) typed[`config.${field.key}`] = values[field.key] ?? '';
    if (errors.validate(typed, schema)) save.mutate();
  };

  if (created) return <Connected kind={kind} channel={created.channel} values={created.values} onClose={onClose} />;

  const field = (spec: FieldSpec) => (
    <TextField
      key={spec.key}
      label={t(`settings.channels.fields.${spec.key}`)}
      hint={t(`settings.channels.fields.${spec.key}Hint`)}
      name={spec.key}
      value={values[spec.key] ?? ''}
      type={spec.secret ? 'password' : spec.inputMode === 'url' ? 'url' : 'text'}
      inputMode={spec.inputMode}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setValues((v) => ({ ...v, [spec.key]: e.target.value }))}
      error={errors.fieldErrors[`config.${spec.key}`]}
    />
  );
  const advanced = fields.filter((f) => f.advanced);
  return (
    <form className="form" onSubmit={submit} noValidate>
      {channel && channel.status !== 'connected' ? (
        <Alert tone="warning" title={channelStatusLine(labels, channel)}>
          {channel.statusChangedAt ? `${t('settings.channels.since', { time: format.full(channel.statusChangedAt) })} ` : null}
          {t('settings.channels.reconnectHint')}
        </Alert>
      ) : (
        <p className="st-sub">{t(`settings.channels.intro.${kind}`)}</p>
      )}
      {errors.formError ? (
        <div ref={alertRef}>
          <Alert title={errors.formError}>
            {provider?.message ? (
              <span data-testid="provider-message">{t('settings.channels.providerSaid', { message: provider.message, code: provider.code ?? '' })}</span>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <TextField
        label={t('settings.channels.name')}
        name="name"
        value={name}
        maxLength={100}
        placeholder={t('settings.channels.namePlaceholder')}
        onChange={(e) => setName(e.target.value)}
        error={errors.fieldErrors.name}
        autoFocus
      />
      {fields.filter((f) => !f.advanced).map(field)}
      {advanced.length ? (
        <details className="st-advanced" open={advanced.some((f) => values[f.key] || errors.fieldErrors[`config.${f.key}`])}>
          <summary>{t('settings.channels.advanced')}</summary>
          {advanced.map(field)}
        </details>
      ) : null}
      <div className="st-actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {channel ? t('common.save') : t('settings.channels.createSubmit')}
        </Button>
      </div>
    </form>
  );
}

/** What to copy once connected: each type's next step (Meta's callback, an SMS provider's webhook, the embed code, the API secret). */
function Connected({ kind, channel, values, onClose }: { kind: ChannelKind; channel: CreatedChannel; values: FormValues; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <CopyPanel onDone={onClose} doneLabel={isReadyKind(kind) ? undefined : t('settings.channels.copiedDone')}>
      {isMetaKind(kind) ? (
        <>
          <Alert tone="info" title={t('settings.channels.metaNextTitle')}>
            {t(`settings.channels.${META_NEXT_STEP[kind]}`)}
          </Alert>
          <CopyField label={t('settings.channels.callbackUrl')} value={channel.inboundUrl} name="inboundUrl" />
          <CopyField label={t('settings.channels.fields.verifyToken')} value={values.verifyToken ?? ''} name="verifyToken" />
        </>
      ) : isReadyKind(kind) ? (
        <Alert tone="info">{t(`settings.channels.${READY_KINDS[kind]}`)}</Alert>
      ) : isProviderWebhookKind(kind) ? (
        <ProviderWebhookStep kind={kind} inboundUrl={channel.inboundUrl} />
      ) : kind === 'webchat' && channel.publicKey ? (
        <>
          <CopyField label={t('settings.channels.embedCode')} value={embedSnippet(channel.publicKey)} name="embed" hint={t('settings.channels.embedHint')} />
          <CopyField label={t('settings.channels.secret')} value={channel.secret} name="secret" hint={t(`settings.channels.${USER_SECRET_HINT.webchat}`)} />
        </>
      ) : (
        <>
          <Alert tone="warning" title={t('settings.channels.onceTitle')}>
            {t('settings.channels.onceBody')}
          </Alert>
          <CopyField label={t('settings.channels.webhookUrl')} value={channel.inboundUrl} name="inboundUrl" hint={t('settings.channels.webhookUrlHint')} />
          <CopyField label={t('settings.channels.secret')} value={channel.secret} name="secret" hint={t(`settings.channels.${USER_SECRET_HINT.api}`)} />
        </>
      )}
    </CopyPanel>
  );
}

/** Where to set the channel's webhook URL at an SMS provider, and the URL to copy (after connecting, and from the list). */
export function ProviderWebhookStep({ kind, inboundUrl }: { kind: ProviderWebhookKind; inboundUrl: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Alert tone="info" title={t('settings.channels.providerNextTitle')}>
        {t(`settings.channels.${PROVIDER_WEBHOOK_STEPS[kind]}`)}
      </Alert>
      <CopyField label={t('settings.channels.webhookUrl')} value={inboundUrl} name="inboundUrl" hint={t('settings.channels.publicUrlHint')} />
    </>
  );
}

/** The one tag a site needs: the widget script from this server, naming the channel by its public key. */
export const embedSnippet = (publicKey: string) => `<script src="${window.location.origin}/widget.js" data-key="${publicKey}" async></script>`;
