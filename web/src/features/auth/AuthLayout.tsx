import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components';
import { LanguagePicker } from '../../app/LanguagePicker';

/** The frame of the signed-out screens: the product on the left, the form on the right, the language picker. */
export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  const points: [IconName, string][] = [
    ['inbox', t('auth.brand.pointInbox')],
    ['users', t('auth.brand.pointTeam')],
    ['clock', t('auth.brand.pointLive')],
  ];
  return (
    <div className="auth">
      <aside className="auth__brand">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <p className="auth__tagline">{t('auth.brand.tagline')}</p>
        <ul className="auth__points">
          {points.map(([icon, text]) => (
            <li key={icon}>
              <Icon name={icon} size={18} />
              <span>{text}</span>
            </li>
          ))}
        </ul>
      </aside>
      <main className="auth__main">
        <div className="auth__top">
          <LanguagePicker />
        </div>
        <div className="auth__card">
          <h1 className="auth__title">{title}</h1>
          {subtitle ? <p className="auth__subtitle">{subtitle}</p> : null}
          {children}
        </div>
        {footer ? <p className="auth__footer">{footer}</p> : null}
      </main>
    </div>
  );
}
