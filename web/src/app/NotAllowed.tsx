import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components';
import { paths } from './paths';

/** A page this user's role may not open (Settings for an Agent). The server refuses the calls anyway (P3). */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <div className="page-center" data-testid="not-allowed">
      <EmptyState
        icon="ban"
        title={t('settings.notAllowed.title')}
        action={
          <Link className="btn btn--primary btn--md" to={paths.inbox}>
            {t('settings.notAllowed.back')}
          </Link>
        }
      >
        {t('settings.notAllowed.body')}
      </EmptyState>
    </div>
  );
}
