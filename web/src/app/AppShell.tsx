import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { Icon, type IconName } from '../components';
import { ConnectionBanner } from './ConnectionBanner';
import { paths } from './paths';
import { useCanManage } from './session';
import { UserMenu } from './UserMenu';

type NavItem = { to: string; icon: IconName; label: string };

/** The signed-in frame: the nav rail, the connection banner, and the module in <Outlet/>. */
export function AppShell() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  const items: NavItem[] = [
    { to: paths.inbox, icon: 'messages', label: t('shell.nav.messages') },
    ...(canManage ? [{ to: paths.settings, icon: 'settings' as const, label: t('shell.nav.settings') }] : []),
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <nav className="rail" aria-label={t('shell.mainNav')}>
        <div className="rail__logo" title={t('app.name')}>
          <img src="/favicon.svg" alt={t('app.name')} width={30} height={30} />
        </div>
        <ul className="rail__items">
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className="rail__item">
                <Icon name={item.icon} size={20} />
                <span className="rail__label">{item.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="rail__bottom">
          <UserMenu />
        </div>
      </nav>
      <div className="shell__body">
        <ConnectionBanner />
        <main id="main" className="shell__main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
