import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listTemplates, queryKeys, sendMessage, syncTemplates, type Template } from '../../api';
import { useCanManage } from '../../app/session';
import { Alert, Button, Icon, Select, Spinner, TextField } from '../../components';
import { approvedTemplates, templateLabel, templatePreview, templateSend, templateVariables, variableKey } from './templates';

/**
 * Outside the reply window only an approved template may be sent (WhatsApp): pick one of the channel's synced
 * templates, fill its variables, see the text the contact will read, send. Owners/Managers can sync them here.
 */
export function TemplatePicker({ contactId, channelId, disabled }: { contactId: string; channelId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canManage = useCanManage();
  const templates = useQuery({ queryKey: queryKeys.templates(channelId), queryFn: async () => (await listTemplates(channelId)).items });
  const [picked, setPicked] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  // One key per template message: a retry after a lost answer is not sent twice.
  const key = useRef(crypto.randomUUID());
  const sync = useMutation({
    mutationFn: () => syncTemplates(channelId),
    onSuccess: (answer) => queryClient.setQueryData(queryKeys.templates(channelId), answer.items),
  });
  const approved = approvedTemplates(templates.data ?? []);
  const template = approved.find((x) => `${x.name}:${x.language}` === picked);
  const shape = template ? templateVariables(template) : undefined;
  const send = useMutation({
    mutationFn: () => sendMessage(contactId, { template: templateSend(template!, values), channelId }, key.current),
    onSuccess: () => {
      key.current = crypto.randomUUID();
      setPicked('');
      setValues({});
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(contactId) });
    },
  });
  const missing = shape?.variables.some((v) => !values[variableKey(v)]?.trim()) ?? true;
  /** "order_update (es)", with the provider's id after it when the name is not that id (Twilio's HX… SIDs). */
  const optionText = (x: Template) => {
    const { name, id } = templateLabel(x);
    const text = t(templateVariables(x).sendable ? 'composer.templates.option' : 'composer.templates.optionUnsupported', { name, language: x.language });
    return id ? t('composer.templates.withId', { name: text, id }) : text;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (template && shape?.sendable && !missing && !disabled) send.mutate();
  };

  if (templates.isPending) return <Spinner size="sm" label={t('composer.templates.loading')} />;
  if (templates.isError) return <Alert>{templates.error.message}</Alert>;
  return (
    <form className="template-picker" onSubmit={submit} data-testid="template-picker" aria-label={t('composer.templates.title')}>
      {sync.isError ? <Alert>{sync.error.message}</Alert> : null}
      {send.isError ? <Alert>{send.error.message}</Alert> : null}
      <div className="template-picker__row">
        {approved.length === 0 ? (
          <p className="template-picker__empty">{canManage ? t('composer.templates.noneManager') : t('composer.templates.none')}</p>
        ) : (
          <Select
            aria-label={t('composer.templates.pick')}
            value={picked}
            onChange={(e) => {
              setPicked(e.target.value);
              setValues({});
            }}
            disabled={disabled}
          >
            <option value="">{t('composer.templates.pick')}</option>
            {approved.map((x) => (
              <option key={`${x.name}:${x.language}`} value={`${x.name}:${x.language}`} disabled={!templateVariables(x).sendable}>
                {optionText(x)}
              </option>
            ))}
          </Select>
        )}
        {canManage ? (
          <Button size="sm" variant="ghost" onClick={() => sync.mutate()} loading={sync.isPending}>
            {t('composer.templates.sync')}
          </Button>
        ) : null}
      </div>
      {template && shape ? (
        <>
          <blockquote className="template-picker__preview" aria-label={t('composer.templates.preview')}>
            {templatePreview(template, values)}
          </blockquote>
          {shape.variables.length ? (
            <div className="template-picker__vars">
              {shape.variables.map((v) => (
                <TextField
                  key={variableKey(v)}
                  label={t(v.component === 'header' ? 'composer.templates.headerVariable' : 'composer.templates.variable', { name: v.name })}
                  value={values[variableKey(v)] ?? ''}
                  onChange={(e) => setValues((all) => ({ ...all, [variableKey(v)]: e.target.value }))}
                  disabled={disabled}
                />
              ))}
            </div>
          ) : null}
          <div className="composer__bar">
            <span className="composer__spacer" />
            <Button type="submit" size="sm" variant="primary" loading={send.isPending} disabled={disabled || missing} icon={<Icon name="send" size={14} />}>
              {t('composer.templates.send')}
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}
