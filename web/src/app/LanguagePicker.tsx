import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, Select } from '../components';
import { LANGUAGES, currentLanguage, isLanguage } from '../i18n';
import { useChangeLanguage } from './session';

/**
 * The language picker (login/signup screens, user menu). Remembered on this browser; for a signed-in user also
 * saved on their profile.
 */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const change = useChangeLanguage();
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <div className={compact ? 'lang-picker lang-picker--compact' : 'lang-picker'}>
      <label htmlFor={id} className="lang-picker__label">
        <Icon name="globe" size={16} />
        <span className={compact ? 'visually-hidden' : undefined}>{t('common.language')}</span>
      </label>
      <Select
        id={id}
        value={i18n.language || currentLanguage()}
        disabled={busy}
        onChange={async (e) => {
          const value = e.target.value;
          if (!isLanguage(value)) return;
          setBusy(true);
          try {
            await change(value);
          } catch (err) {
            // The UI switched; saving on the profile failed (offline?): it is kept on this browser anyway.
            console.warn('could not save the language on the profile', err);
          } finally {
            setBusy(false);
          }
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
