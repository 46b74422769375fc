import { useTranslation } from 'react-i18next';
import { Icon } from '../components';
import { useConnectionState } from '../realtime';

/** Shown while the live connection is lost (after it once worked): changes will catch up when it is back. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const state = useConnectionState();
  return (
    <div className="conn-banner-slot" role="status" aria-live="polite">
      {state === 'reconnecting' ? (
        <div className="conn-banner">
          <Icon name="wifiOff" size={16} />
          <strong>{t('shell.connection.reconnecting')}</strong>
          <span>{t('shell.connection.reconnectingHelp')}</span>
        </div>
      ) : null}
    </div>
  );
}
