import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys, updateWorkspace, type Locale, type Me, type Workspace } from '../../api';
import { useMe, useWorkspace } from '../../app/session';
import { Alert, Button, Field, Select, TextField, rules, useFormErrors } from '../../components';
import { LANGUAGES, isLanguage } from '../../i18n';
import { SettingsPage, toast } from './ui';

/** Every IANA time zone the browser knows (the server accepts the same names), plus the current one. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

type F = 'name' | 'timezone' | 'language';

/** WS-1: the workspace name, time zone and default language. */
export function GeneralSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const workspace = useWorkspace().data ?? me.workspace;
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: workspace.name, timezone: workspace.timezone, language: workspace.language as string });
  const [dirty, setDirty] = useState(false);
  const errors = useFormErrors<F>();
  const zones = useMemo(() => timeZones(values.timezone), [values.timezone]);

  // Someone else saved meanwhile (workspace.updated): show their values unless this form has edits.
  useEffect(() => {
    if (!dirty) setValues({ name: workspace.name, timezone: workspace.timezone, language: workspace.language });
  }, [workspace, dirty]);

  const save = useMutation({
    mutationFn: () => updateWorkspace({ name: values.name.trim(), timezone: values.timezone, language: values.language as Locale }),
    onSuccess: (saved: Workspace) => {
      queryClient.setQueryData(queryKeys.workspace, saved);
      queryClient.setQueryData<Me | null>(queryKeys.me, (prev) => (prev ? { ...prev, workspace: saved } : prev));
      setDirty(false);
      toast(t('settings.saved'));
    },
    onError: (err) => errors.fromError(err, ['name', 'timezone', 'language']),
  });

  const set = (field: F, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setDirty(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!errors.validate(values, { name: [rules.required] })) return;
    save.mutate();
  };

  return (
    <SettingsPage title={t('settings.workspace.title')} description={t('settings.workspace.description')}>
      <form className="card form st-form" onSubmit={submit} noValidate>
        {errors.formError ? <Alert>{errors.formError}</Alert> : null}
        <TextField
          label={t('settings.workspaceName')}
          name="name"
          value={values.name}
          maxLength={100}
          onChange={(e) => set('name', e.target.value)}
          error={errors.fieldErrors.name}
          autoComplete="organization"
        />
        <Field label={t('settings.timezone')} hint={t('settings.workspace.timezoneHint')} error={errors.fieldErrors.timezone}>
          {(p) => (
            <Select {...p} name="timezone" value={values.timezone} onChange={(e) => set('timezone', e.target.value)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('settings.defaultLanguage')} hint={t('settings.workspace.languageHint')} error={errors.fieldErrors.language}>
          {(p) => (
            <Select {...p} name="language" value={values.language} onChange={(e) => isLanguage(e.target.value) && set('language', e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="st-actions st-actions--start">
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </SettingsPage>
  );
}
