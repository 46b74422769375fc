import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { inboxPath } from '../../app/paths';
import { useMe } from '../../app/session';
import { CountBadge, Icon, Spinner, type IconName } from '../../components';
import { useRealtimeEvent } from '../../realtime';
import { newMessageDots, useNewMessageDots } from './newMessageDots';
import { useInboxCounts, useTeams } from './useInboxData';
import { parseInboxPath } from './routes';
import { inboxEntries, type InboxEntry } from './views';

const standardIcons: Record<string, IconName> = { all: 'inbox', mine: 'user', unassigned: 'userOff' };

export function useInboxLabel() {
  const { t } = useTranslation();
  return (entry: InboxEntry) => (entry.kind === 'standard' ? t(`inbox.views.${entry.id}`) : (entry.name ?? t('inbox.unknownTeam')));
}

/** IN-1/IN-3: the inboxes the user may open, with live open-conversation counts and new-message dots. */
export function InboxSidebar() {
  const { t } = useTranslation();
  const me = useMe();
  const counts = useInboxCounts();
  const teams = useTeams();
  const dots = useNewMessageDots();
  const label = useInboxLabel();

  const location = useLocation();
  const openView = parseInboxPath(location.pathname.split('/').filter(Boolean).slice(1))?.view ?? null;
  useRealtimeEvent('message.created', (event) => {
    // The inbox on screen shows the message itself: no dot for it.
    if (event.inbox && event.inbox !== openView) newMessageDots.light(event.inbox);
  });

  const entries = counts.data ? inboxEntries(me.actor, counts.data, teams.data) : [];
  const standard = entries.filter((e) => e.kind === 'standard');
  const team = entries.filter((e) => e.kind === 'team');

  const link = (entry: InboxEntry) => (
    <li key={entry.view}>
      <NavLink to={inboxPath(entry.view)} className="side-nav__item">
        <span className="side-nav__icon">
          {entry.kind === 'standard' ? <Icon name={standardIcons[entry.id]!} size={16} /> : <Icon name="users" size={16} />}
        </span>
        <span className="side-nav__label">{label(entry)}</span>
        {dots.has(entry.view) ? (
          <span className="dot" title={t('inbox.newMessages')}>
            <span className="visually-hidden">{t('inbox.newMessages')}</span>
          </span>
        ) : null}
        <span className="visually-hidden">, {t('inbox.openCount', { count: entry.count })}</span>
        <span aria-hidden="true">
          <CountBadge value={entry.count} />
        </span>
      </NavLink>
    </li>
  );

  return (
    <nav className="inbox__sidebar side-nav" aria-label={t('inbox.sidebarLabel')}>
      <h1 className="side-nav__title">{t('inbox.title')}</h1>
      {counts.isPending ? (
        <div className="side-nav__loading">
          <Spinner label={t('app.loading')} />
        </div>
      ) : counts.isError ? (
        <p className="side-nav__error">{counts.error.message}</p>
      ) : (
        <>
          <h2 className="side-nav__heading">{t('inbox.standard')}</h2>
          <ul className="side-nav__list">{standard.map(link)}</ul>
          {team.length ? (
            <>
              <h2 className="side-nav__heading">{t('inbox.teams')}</h2>
              <ul className="side-nav__list">{team.map(link)}</ul>
            </>
          ) : null}
        </>
      )}
    </nav>
  );
}
