import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  assignContact,
  closeConversation,
  listClosingCategories,
  queryKeys,
  reopenConversation,
  snoozeContact,
  unsnoozeContact,
  type Contact,
  type InboxRow,
} from '../../api';
import { useMe, useUsers } from '../../app/session';
import { Alert, Avatar, Button, Dialog, Field, Icon, Input, Select } from '../../components';
import { useFormatTime, useTimeZone } from '../../i18n/time';
import { applyRowEverywhere, useViewer } from './live';
import { Popover } from './Popover';
import { useTeams } from './useInboxData';

/** The answer of every conversation action is the contact's new inbox row: put it everywhere at once. */
function useRowAction<A>(fn: (arg: A) => Promise<InboxRow>) {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  return useMutation({ mutationFn: fn, onSuccess: (row) => applyRowEverywhere(queryClient, row, viewer) });
}

/** IN-9/IN-10: assign, close with a note, reopen, snooze and unsnooze, in the console header. */
export function ConversationActions({ contact, snoozedUntil }: { contact: Contact; snoozedUntil: string | null }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const [closing, setClosing] = useState(false);
  const reopen = useRowAction(() => reopenConversation(contact.id));
  const unsnooze = useRowAction(() => unsnoozeContact(contact.id));
  const status = contact.conversationStatus;
  const error = reopen.error ?? unsnooze.error;
  return (
    <div className="cactions" role="toolbar" aria-label={t('console.actions.label')}>
      {error ? <span className="cactions__error" role="alert">{error.message}</span> : null}
      {status === 'snoozed' && snoozedUntil ? (
        <span className="cactions__note">
          <Icon name="moon" size={14} /> {t('console.actions.snoozedUntil', { time: format.full(snoozedUntil) })}
        </span>
      ) : null}
      <AssignPicker contact={contact} />
      {status === 'open' ? <SnoozeMenu contactId={contact.id} /> : null}
      {status === 'snoozed' ? (
        <Button size="sm" onClick={() => unsnooze.mutate(undefined)} loading={unsnooze.isPending} data-testid="unsnooze-conversation">
          {t('console.actions.unsnooze')}
        </Button>
      ) : null}
      {status === 'open' || status === 'snoozed' ? (
        <Button size="sm" variant="primary" onClick={() => setClosing(true)} icon={<Icon name="check" size={14} />} data-testid="close-conversation">
          {t('console.actions.close')}
        </Button>
      ) : (
        <Button size="sm" variant="primary" onClick={() => reopen.mutate(undefined)} loading={reopen.isPending} data-testid="reopen-conversation">
          {t('console.actions.reopen')}
        </Button>
      )}
      {closing ? <CloseDialog contactId={contact.id} onClose={() => setClosing(false)} /> : null}
    </div>
  );
}

type Option = { key: string; label: string; userId: string | null; teamId: string | null; avatar?: string | null; kind: 'user' | 'team' | 'none' };

/** Who the user may assign to: Owners/Managers anyone; an agent himself or one of his teams (or nobody). */
function AssignPicker({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const [search, setSearch] = useState('');
  const assign = useRowAction((target: { userId: string | null; teamId: string | null }) => assignContact(contact.id, target));
  const isAgent = me.actor.role === 'agent';
  const options = useMemo(() => {
    const people = (users.data ?? []).filter((u) => !isAgent || u.id === me.actor.userId);
    const groups = (teams.data ?? []).filter((x) => !isAgent || me.actor.teamIds.includes(x.id));
    const list: Option[] = [
      ...people.map((u) => ({
        key: `u${u.id}`,
        label: u.id === me.actor.userId ? t('console.actions.me', { name: u.name }) : u.name,
        userId: u.id,
        // Assigning a person keeps the contact's team when the person is in it.
        teamId: contact.teamId && (teams.data ?? []).find((x) => x.id === contact.teamId)?.memberIds.includes(u.id) ? contact.teamId : null,
        avatar: u.avatarUrl,
        kind: 'user' as const,
      })),
      ...groups.map((g) => ({ key: `t${g.id}`, label: g.name, userId: null, teamId: g.id, kind: 'team' as const })),
    ];
    const q = search.trim().toLocaleLowerCase();
    return q ? list.filter((o) => o.label.toLocaleLowerCase().includes(q)) : list;
  }, [users.data, teams.data, isAgent, me.actor, search, t, contact.teamId]);

  const assignee = contact.assigneeId ? users.data?.find((u) => u.id === contact.assigneeId) : undefined;
  const team = contact.teamId ? teams.data?.find((x) => x.id === contact.teamId) : undefined;
  const current = assignee ? assignee.name : team ? team.name : t('console.actions.unassigned');
  const canUnassign = !!(contact.assigneeId || contact.teamId) && (!isAgent || contact.assigneeId === me.actor.userId || contact.assigneeId === null);

  return (
    <Popover
      label={t('console.actions.assignTo')}
      testId="assign-button"
      button={
        <>
          {assignee ? <Avatar name={assignee.name} src={assignee.avatarUrl} size="sm" /> : <Icon name={team ? 'users' : 'userOff'} size={14} />}
          <span className="visually-hidden">{t('console.actions.assign')}: </span>
          {current}
        </>
      }
    >
      {(close) => (
        <div className="picker">
          <Input type="search" autoFocus aria-label={t('console.actions.searchAssignee')} placeholder={t('console.actions.searchAssignee')} value={search} onChange={(e) => setSearch(e.target.value)} />
          {assign.isError ? <Alert>{assign.error.message}</Alert> : null}
          <ul className="picker__list">
            {options.map((o) => (
              <li key={o.key}>
                <button
                  type="button"
                  className="picker__item"
                  aria-pressed={(o.userId ?? null) === contact.assigneeId && (o.kind === 'team' ? o.teamId === contact.teamId && !contact.assigneeId : true)}
                  onClick={() => assign.mutate({ userId: o.userId, teamId: o.teamId }, { onSuccess: close })}
                >
                  {o.kind === 'user' ? <Avatar name={o.label} src={o.avatar} size="sm" /> : <Icon name="users" size={16} />}
                  <span>{o.label}</span>
                  {o.kind === 'team' ? <span className="picker__kind">{t('console.actions.team')}</span> : null}
                </button>
              </li>
            ))}
            {options.length === 0 ? <li className="picker__empty">{t('console.actions.noMatch')}</li> : null}
            {canUnassign ? (
              <li>
                <button type="button" className="picker__item" onClick={() => assign.mutate({ userId: null, teamId: null }, { onSuccess: close })}>
                  <Icon name="userOff" size={16} />
                  <span>{t('console.actions.unassign')}</span>
                </button>
              </li>
            ) : null}
          </ul>
        </div>
      )}
    </Popover>
  );
}

/** The instant of a wall-clock time in a time zone (for "tomorrow 9:00" in the workspace zone). */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const offset = (at: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(at))
        .map((x) => [x.type, Number(x.value)]),
    );
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - Math.floor(at / 60_000) * 60_000;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/** Snooze presets: in 1 h, in 3 h, tomorrow 9:00, next Monday 9:00 (in the workspace time zone). */
export function snoozePresets(now: Date, timeZone: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  );
  const [y, m, d] = [Number(p.year), Number(p.month), Number(p.day)];
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  const daysToMonday = ((8 - weekday) % 7) || 7;
  return [
    { key: 'oneHour', until: new Date(now.getTime() + 3_600_000) },
    { key: 'threeHours', until: new Date(now.getTime() + 3 * 3_600_000) },
    { key: 'tomorrow', until: zonedTime(y, m, d + 1, 9, timeZone) },
    { key: 'nextWeek', until: zonedTime(y, m, d + daysToMonday, 9, timeZone) },
  ] as const;
}

function SnoozeMenu({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const format = useFormatTime();
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const snooze = useRowAction((until: Date) => snoozeContact(contactId, until));
  const timeZone = useTimeZone();
  const presets = snoozePresets(new Date(), timeZone);
  return (
    <Popover
      label={t('console.snooze.label')}
      testId="snooze-button"
      button={
        <>
          <Icon name="moon" size={14} /> {t('console.actions.snooze')}
        </>
      }
    >
      {(close) => {
        const go = (until: Date) => snooze.mutate(until, { onSuccess: close });
        const submit = (e: FormEvent) => {
          e.preventDefault();
          const until = new Date(custom);
          if (!custom || Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) {
            setError(t('console.snooze.pastError'));
            return;
          }
          setError(null);
          go(until);
        };
        return (
          <div className="snooze">
            {snooze.isError ? <Alert>{snooze.error.message}</Alert> : null}
            <ul className="picker__list">
              {presets.map((p) => (
                <li key={p.key}>
                  <button type="button" className="picker__item" onClick={() => go(p.until)}>
                    <span>{t(`console.snooze.${p.key}`)}</span>
                    <span className="picker__kind">{format.full(p.until)}</span>
                  </button>
                </li>
              ))}
            </ul>
            <form className="snooze__custom" onSubmit={submit}>
              <Field label={t('console.snooze.custom')} error={error ?? undefined}>
                {(p) => <Input {...p} type="datetime-local" value={custom} onChange={(e) => setCustom(e.target.value)} />}
              </Field>
              <Button size="sm" type="submit" loading={snooze.isPending}>
                {t('console.snooze.submit')}
              </Button>
            </form>
          </div>
        );
      }}
    </Popover>
  );
}

function CloseDialog({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const categories = useQuery({ queryKey: queryKeys.closingCategories, queryFn: async () => (await listClosingCategories()).items });
  const [category, setCategory] = useState('');
  const [summary, setSummary] = useState('');
  const close = useRowAction(() => closeConversation(contactId, { category: category || undefined, summary: summary.trim() || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.mutate(undefined, { onSuccess: onClose });
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('console.close.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="close-conversation" loading={close.isPending}>
            {t('console.close.submit')}
          </Button>
        </>
      }
    >
      <form id="close-conversation" className="form-stack" onSubmit={submit}>
        {close.isError ? <Alert>{close.error.message}</Alert> : null}
        <Field label={t('console.close.category')}>
          {(p) => (
            <Select {...p} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('console.close.noCategory')}</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('console.close.summary')} hint={t('console.close.summaryHint')}>
          {(p) => <textarea {...p} className="input" rows={4} maxLength={2000} value={summary} onChange={(e) => setSummary(e.target.value)} />}
        </Field>
      </form>
    </Dialog>
  );
}
