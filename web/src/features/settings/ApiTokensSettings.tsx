import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createApiToken, listApiTokens, queryKeys, revokeApiToken, type ApiToken, type CreatedApiToken } from '../../api';
import { useUsers } from '../../app/session';
import { Alert, Button, Dialog, EmptyState, Icon, TextField, rules, useFormErrors } from '../../components';
import { Time } from '../../i18n/time';
import { ConfirmDialog, CopyField, CopyPanel, SettingsPage, SettingsTable, toast, useLiveQuery } from './ui';

/** API-1: workspace API tokens for the developer API (shown once, hashed, revocable). */
export function ApiTokensSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.apiTokens, queryFn: async () => (await listApiTokens()).items });
  useLiveQuery(['api_token.*'], queryKeys.apiTokens);
  const users = useUsers();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const userName = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? '—') : '—');

  return (
    <SettingsPage title={t('settings.tokens.title')} description={t('settings.tokens.description')}>
      <CreateToken onCreated={setCreated} />
      <SettingsTable
        query={tokens}
        empty={
          <EmptyState icon="api" title={t('settings.tokens.emptyTitle')}>
            {t('settings.tokens.emptyBody')}
          </EmptyState>
        }
        columns={[t('settings.tokens.name'), t('settings.tokens.prefix'), t('settings.tokens.createdBy'), t('settings.tokens.lastUsed')]}
        rowKey={(token) => token.id}
        cells={(token) => (
          <>
            <td className="st-strong">{token.name}</td>
            <td>
              <code>{token.prefix}…</code>
            </td>
            <td>
              {userName(token.createdBy)}
              <div className="st-sub">
                <Time value={token.createdAt} />
              </div>
            </td>
            <td>{token.lastUsedAt ? <Time value={token.lastUsedAt} /> : <span className="st-sub">{t('settings.tokens.neverUsed')}</span>}</td>
          </>
        )}
        actions={(token) => (
          <Button size="sm" onClick={() => setRevoking(token)} aria-label={t('settings.tokens.revokeNamed', { name: token.name })}>
            {t('settings.tokens.revoke')}
          </Button>
        )}
      />
      <Dialog open={!!created} onClose={() => setCreated(null)} title={t('settings.tokens.createdTitle', { name: created?.name ?? '' })}>
        {created ? (
          <CopyPanel onDone={() => setCreated(null)}>
            <Alert tone="warning" title={t('settings.tokens.onceTitle')}>
              {t('settings.tokens.onceBody')}
            </Alert>
            <CopyField label={t('settings.tokens.token')} value={created.token} name="token" hint={t('settings.tokens.usage')} />
          </CopyPanel>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={!!revoking}
        title={t('settings.tokens.revokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('settings.tokens.revoke')}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await revokeApiToken(revoking!.id);
          await queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens });
          toast(t('settings.tokens.revoked', { name: revoking!.name }));
        }}
      >
        {t('settings.tokens.revokeBody')}
      </ConfirmDialog>
    </SettingsPage>
  );
}

function CreateToken({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const errors = useFormErrors<'name'>();
  const create = useMutation({
    mutationFn: () => createApiToken(name.trim()),
    onSuccess: (token) => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens });
      onCreated(token);
    },
    onError: (err) => errors.fromError(err, ['name']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (errors.validate({ name }, { name: [rules.required] })) create.mutate();
  };
  return (
    <form className="card st-inline-form" onSubmit={submit} noValidate>
      <TextField
        className="st-grow"
        label={t('settings.tokens.newName')}
        name="name"
        value={name}
        maxLength={100}
        placeholder={t('settings.tokens.placeholder')}
        onChange={(e) => setName(e.target.value)}
        error={errors.fieldErrors.name ?? errors.formError ?? undefined}
      />
      <Button type="submit" variant="primary" icon={<Icon name="plus" size={16} />} loading={create.isPending}>
        {t('settings.tokens.create')}
      </Button>
    </form>
  );
}
