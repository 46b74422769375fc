import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createTeam, deleteTeam, queryKeys, updateTeam, type Team } from '../../api';
import { useUsers } from '../../app/session';
import { Alert, Avatar, Button, Dialog, EmptyState, Icon, TextField, rules, useFormErrors } from '../../components';
import { useTeams } from '../inbox/useInboxData';
import { CheckList } from './CheckList';
import { ConfirmDialog, DeleteButton, QueryList, RowActions, SettingsPage, toast } from './ui';

/** WS-4: teams and their members (each team gets its team inbox). */
export function TeamsSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const users = useUsers();
  const queryClient = useQueryClient();
  // null: closed; 'new': creating; a team: editing it.
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';

  return (
    <SettingsPage
      title={t('settings.teams.title')}
      description={t('settings.teams.description')}
      action={
        <Button variant="primary" icon={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>
          {t('settings.teams.create')}
        </Button>
      }
    >
      <QueryList
        query={teams}
        empty={
          <EmptyState icon="users" title={t('settings.teams.emptyTitle')}>
            {t('settings.teams.emptyBody')}
          </EmptyState>
        }
      >
        {(list) => (
          <ul className="st-list">
            {list.map((team) => (
              <li key={team.id} className="card st-list__item">
                <div className="st-list__main">
                  <h2 className="st-strong">{team.name}</h2>
                  <p className="st-sub">{t('settings.teams.membersCount', { count: team.memberIds.length })}</p>
                  {team.memberIds.length ? (
                    <ul className="st-avatars" aria-label={t('settings.teams.members')}>
                      {team.memberIds.map((id) => (
                        <li key={id} className="st-chip st-chip--person">
                          <Avatar name={userName(id)} size="sm" /> {userName(id)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
                <RowActions>
                  <Button size="sm" onClick={() => setEditing(team)} aria-label={t('settings.teams.editNamed', { name: team.name })}>
                    {t('settings.common.edit')}
                  </Button>
                  <DeleteButton label={t('settings.teams.deleteNamed', { name: team.name })} onClick={() => setDeleting(team)} />
                </RowActions>
              </li>
            ))}
          </ul>
        )}
      </QueryList>
      {editing ? <TeamDialog team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={!!deleting}
        title={t('settings.teams.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('settings.common.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteTeam(deleting!.id);
          await queryClient.invalidateQueries({ queryKey: queryKeys.teams });
          toast(t('settings.teams.deleted', { name: deleting!.name }));
        }}
      >
        {t('settings.teams.deleteBody')}
      </ConfirmDialog>
    </SettingsPage>
  );
}

function TeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const errors = useFormErrors<'name' | 'memberIds'>();
  const save = useMutation({
    mutationFn: () => (team ? updateTeam(team.id, { name: name.trim(), memberIds }) : createTeam({ name: name.trim(), memberIds })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      toast(team ? t('settings.teams.saved', { name: saved.name }) : t('settings.teams.created', { name: saved.name }));
      onClose();
    },
    onError: (err) => errors.fromError(err, ['name', 'memberIds']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!errors.validate({ name, memberIds: '' }, { name: [rules.required] })) return;
    save.mutate();
  };
  return (
    <Dialog open onClose={onClose} title={team ? t('settings.teams.editTitle', { name: team.name }) : t('settings.teams.createTitle')}>
      <form className="form" onSubmit={submit} noValidate>
        {errors.formError ? <Alert>{errors.formError}</Alert> : null}
        <TextField label={t('settings.teams.name')} name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={errors.fieldErrors.name} autoFocus />
        <CheckList
          legend={t('settings.teams.members')}
          name="memberIds"
          options={(users.data ?? []).map((u) => ({ id: u.id, label: u.name, hint: u.email }))}
          value={memberIds}
          onChange={setMemberIds}
          error={errors.fieldErrors.memberIds}
        />
        <div className="st-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {team ? t('common.save') : t('settings.teams.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
