import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createInvitation,
  deleteUser,
  listInvitations,
  queryKeys,
  revokeInvitation,
  updateUser,
  type CreatedInvitation,
  type Invitation,
  type Member,
  type Role,
  type Team,
  type Visibility,
} from '../../api';
import { useMe, useUsers } from '../../app/session';
import { Alert, Avatar, Button, Dialog, Field, Icon, Select, TextField, rules, useFormErrors } from '../../components';
import { useFormatTime } from '../../i18n/time';
import { useTeams } from '../inbox/useInboxData';
import { CheckList } from './CheckList';
import { ConfirmDialog, CopyField, DeleteButton, SettingsPage, SettingsTable, toast, useLiveQuery } from './ui';

const ROLES: Role[] = ['owner', 'manager', 'agent'];
const VISIBILITIES: Visibility[] = ['all', 'team', 'assigned'];

/** WS-2/3/4: users with role, visibility and teams; invitations by link. */
export function UsersSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const queryClient = useQueryClient();
  const invitations = useQuery({ queryKey: queryKeys.invitations, queryFn: async () => (await listInvitations()).items });
  useLiveQuery(['invitation.*', 'user.*'], queryKeys.invitations);
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [inviting, setInviting] = useState(false);
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name;
  const format = useFormatTime();

  return (
    <SettingsPage
      title={t('settings.users.title')}
      description={t('settings.users.description')}
      action={
        <Button variant="primary" icon={<Icon name="plus" size={16} />} onClick={() => setInviting(true)}>
          {t('settings.users.invite')}
        </Button>
      }
    >
      <SettingsTable
        query={users}
        columns={[t('settings.users.name'), t('settings.users.role'), t('settings.users.visibility'), t('settings.users.teams')]}
        rowKey={(u) => u.id}
        cells={(u) => (
          <>
            <td>
              <div className="st-person">
                <Avatar name={u.name} src={u.avatarUrl} size="sm" />
                <div>
                  <div className="st-strong">
                    {u.name}
                    {u.id === me.actor.userId ? <span className="st-chip">{t('settings.users.you')}</span> : null}
                  </div>
                  <div className="st-sub">{u.email}</div>
                </div>
              </div>
            </td>
            <td>{t(`roles.${u.role}`)}</td>
            <td>{t(`settings.users.visibilityShort.${u.visibility}`)}</td>
            <td>
              {u.teamIds.length ? (
                <span className="st-chips">
                  {u.teamIds.map((id) => (
                    <span key={id} className="st-chip">
                      {teamName(id) ?? '…'}
                    </span>
                  ))}
                </span>
              ) : (
                <span className="st-sub">{t('settings.users.noTeams')}</span>
              )}
            </td>
          </>
        )}
        actions={(u) => (
          <>
            <Button size="sm" onClick={() => setEditing(u)} aria-label={t('settings.users.editNamed', { name: u.name })}>
              {t('settings.common.edit')}
            </Button>
            {u.id !== me.actor.userId ? (
              <DeleteButton label={t('settings.users.removeNamed', { name: u.name })} onClick={() => setRemoving(u)} />
            ) : (
              <span className="st-action-placeholder" aria-hidden="true" />
            )}
          </>
        )}
      />

      <h2 className="section-title">{t('settings.users.pending')}</h2>
      <SettingsTable
        query={invitations}
        empty={<p className="st-empty">{t('settings.users.pendingEmpty')}</p>}
        columns={[t('settings.users.email'), t('settings.users.role'), t('settings.users.expires')]}
        rowKey={(inv) => inv.id}
        cells={(inv) => (
          <>
            <td className="st-strong">{inv.email}</td>
            <td>{t(`roles.${inv.role}`)}</td>
            <td>{format.full(inv.expiresAt)}</td>
          </>
        )}
        actions={(inv) => (
          <Button size="sm" onClick={() => setRevoking(inv)}>
            {t('settings.users.revoke')}
          </Button>
        )}
      />

      {editing ? <EditUserDialog user={editing} teams={teams.data ?? []} onClose={() => setEditing(null)} /> : null}
      <InviteDialog open={inviting} teams={teams.data ?? []} onClose={() => setInviting(false)} />
      <ConfirmDialog
        open={!!removing}
        title={t('settings.users.removeTitle', { name: removing?.name ?? '' })}
        confirmLabel={t('settings.users.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await deleteUser(removing!.id);
          await queryClient.invalidateQueries({ queryKey: queryKeys.users });
          toast(t('settings.users.removed', { name: removing!.name }));
        }}
      >
        {t('settings.users.removeBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={!!revoking}
        title={t('settings.users.revokeTitle')}
        confirmLabel={t('settings.users.revoke')}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await revokeInvitation(revoking!.id);
          await queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
          toast(t('settings.users.revoked'));
        }}
      >
        {t('settings.users.revokeBody', { email: revoking?.email ?? '' })}
      </ConfirmDialog>
    </SettingsPage>
  );
}

/** Role choices for this actor: only an Owner makes (or changes) an Owner. */
function useRoleOptions() {
  const me = useMe();
  return me.actor.role === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
}

function AccessFields({
  role,
  visibility,
  teamIds,
  teams,
  onChange,
  errors,
}: {
  role: Role;
  visibility: Visibility;
  teamIds: string[];
  teams: Team[];
  onChange: (patch: Partial<{ role: Role; visibility: Visibility; teamIds: string[] }>) => void;
  errors: Partial<Record<'role' | 'visibility' | 'teamIds', string>>;
}) {
  const { t } = useTranslation();
  const roles = useRoleOptions();
  const shown = roles.includes(role) ? roles : [role, ...roles];
  return (
    <>
      <Field label={t('settings.users.role')} error={errors.role} hint={t(`settings.users.roleHint.${role}`)}>
        {(p) => (
          <Select {...p} name="role" value={role} disabled={!roles.includes(role)} onChange={(e) => onChange({ role: e.target.value as Role })}>
            {shown.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t('settings.users.visibility')} error={errors.visibility} hint={t('settings.users.visibilityHint')}>
        {(p) => (
          <Select {...p} name="visibility" value={visibility} onChange={(e) => onChange({ visibility: e.target.value as Visibility })}>
            {VISIBILITIES.map((v) => (
              <option key={v} value={v}>
                {t(`settings.users.visibilityOptions.${v}`)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <CheckList
        legend={t('settings.users.teams')}
        name="teamIds"
        options={teams.map((team) => ({ id: team.id, label: team.name }))}
        value={teamIds}
        onChange={(next) => onChange({ teamIds: next })}
        empty={t('settings.users.noTeamsYet')}
        error={errors.teamIds}
      />
    </>
  );
}

function EditUserDialog({ user, teams, onClose }: { user: Member; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ role: user.role, visibility: user.visibility, teamIds: user.teamIds });
  const errors = useFormErrors<'role' | 'visibility' | 'teamIds'>();
  const save = useMutation({
    mutationFn: () => updateUser(user.id, values),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
      toast(t('settings.users.saved', { name: user.name }));
      onClose();
    },
    onError: (err) => errors.fromError(err, ['role', 'visibility', 'teamIds']),
  });
  return (
    <Dialog open onClose={onClose} title={t('settings.users.editTitle', { name: user.name })}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {errors.formError ? <Alert>{errors.formError}</Alert> : null}
        <p className="st-sub">{user.email}</p>
        <AccessFields {...values} teams={teams} errors={errors.fieldErrors} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
        <div className="st-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

type InviteField = 'email' | 'role' | 'visibility' | 'teamIds';

function InviteDialog({ open, teams, onClose }: { open: boolean; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const empty = { email: '', role: 'agent' as Role, visibility: 'all' as Visibility, teamIds: [] as string[] };
  const [values, setValues] = useState(empty);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const errors = useFormErrors<InviteField>();
  useEffect(() => {
    if (open) {
      setValues(empty);
      setCreated(null);
      errors.clear();
    }
  }, [open]);
  const invite = useMutation({
    mutationFn: () => createInvitation({ ...values, email: values.email.trim() }),
    onSuccess: (inv) => {
      setCreated(inv);
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations });
    },
    onError: (err) => errors.fromError(err, ['email', 'role', 'visibility', 'teamIds']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!errors.validate({ email: values.email, role: values.role, visibility: values.visibility, teamIds: '' }, { email: [rules.required, rules.email] })) return;
    invite.mutate();
  };
  return (
    <Dialog open={open} onClose={onClose} title={created ? t('settings.users.linkTitle') : t('settings.users.inviteTitle')}>
      {created ? (
        <div className="form">
          <Alert tone="info" title={t('settings.users.linkNoEmail')}>
            {t('settings.users.linkBody', { email: created.email })}
          </Alert>
          <CopyField label={t('settings.users.link')} value={created.link} name="invitationLink" hint={t('settings.users.linkHint')} />
          <div className="st-actions">
            <Button
              onClick={() => {
                setValues(empty);
                setCreated(null);
              }}
            >
              {t('settings.users.inviteAnother')}
            </Button>
            <Button variant="primary" onClick={onClose}>
              {t('settings.common.done')}
            </Button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {errors.formError ? <Alert>{errors.formError}</Alert> : null}
          <TextField
            label={t('settings.users.email')}
            name="email"
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
            error={errors.fieldErrors.email}
            autoFocus
          />
          <AccessFields {...values} teams={teams} errors={errors.fieldErrors} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
          <div className="st-actions">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" loading={invite.isPending}>
              {t('settings.users.inviteSend')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
