import { useTranslation } from 'react-i18next';
import { PageMessage } from './PageMessage';
import { paths } from './paths';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <PageMessage icon="inbox" title={t('shell.notFound.title')} link={{ to: paths.inbox, label: t('shell.notFound.back') }}>
      {t('shell.notFound.body')}
    </PageMessage>
  );
}
