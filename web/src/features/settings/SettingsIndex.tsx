import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, useUsers, useWorkspace } from '../../app/session';
import { Icon } from '../../components';
import { languageLabel } from '../../i18n';
import { useChannels, useTeams } from '../inbox/useInboxData';
import { settingsSections } from './sections';

/** /settings: the workspace at a glance, and a link to each settings section. */
export function SettingsIndex() {
  const { t } = useTranslation();
  const me = useMe();
  const workspace = useWorkspace().data ?? me.workspace;
  const users = useUsers();
  const teams = useTeams();
  const channels = useChannels();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-header__title">{t('settings.title')}</h1>
          <p className="page-header__meta">{t('settings.subtitle')}</p>
        </div>
      </header>
      <div className="page__body settings">
        <section className="card" aria-labelledby="settings-workspace">
          <h2 id="settings-workspace" className="card__title">
            <Icon name="building" size={18} /> {t('settings.general')}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t('settings.workspaceName')}</dt>
              <dd>{workspace.name}</dd>
            </div>
            <div>
              <dt>{t('settings.timezone')}</dt>
              <dd>{workspace.timezone.replaceAll('_', ' ')}</dd>
            </div>
            <div>
              <dt>{t('settings.defaultLanguage')}</dt>
              <dd>{languageLabel(workspace.language)}</dd>
            </div>
            <div>
              <dt>{t('settings.people')}</dt>
              <dd>
                {[
                  users.data && t('settings.usersCount', { count: users.data.length }),
                  teams.data && t('settings.teamsCount', { count: teams.data.length }),
                  channels.data && t('settings.channelsCount', { count: channels.data.length }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </dd>
            </div>
          </dl>
        </section>
        {settingsSections.length ? (
          <section aria-labelledby="settings-sections">
            <h2 id="settings-sections" className="section-title">
              {t('settings.sections')}
            </h2>
            <ul className="link-grid">
              {settingsSections.map((s) => (
                <li key={s.path}>
                  <Link to={s.path} className="link-card">
                    <Icon name={s.icon} size={20} />
                    <span>
                      <span className="link-card__title">{t(s.titleKey)}</span>
                      <span className="link-card__desc">{t(s.descriptionKey)}</span>
                    </span>
                    <Icon name="chevronRight" size={16} className="link-card__chevron" />
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
