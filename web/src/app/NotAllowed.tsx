import { useTranslation } from 'react-i18next';
import { PageMessage } from './PageMessage';
import { paths } from './paths';

/** A page this user's role may not open (Settings for an Agent). The server refuses the calls anyway (P3). */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <PageMessage icon="ban" title={t('settings.notAllowed.title')} link={{ to: paths.inbox, label: t('settings.notAllowed.back') }} testId="not-allowed">
      {t('settings.notAllowed.body')}
    </PageMessage>
  );
}
