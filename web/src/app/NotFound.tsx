import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components';
import { paths } from './paths';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="page-center">
      <EmptyState
        icon="inbox"
        title={t('shell.notFound.title')}
        action={
          <Link className="btn btn--primary btn--md" to={paths.inbox}>
            {t('shell.notFound.back')}
          </Link>
        }
      >
        {t('shell.notFound.body')}
      </EmptyState>
    </div>
  );
}
