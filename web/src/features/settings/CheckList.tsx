import { useTranslation } from 'react-i18next';

export type CheckOption = { id: string; label: string; hint?: string };

/** A multi-select as a labelled group of checkboxes (keyboard and screen-reader friendly). */
export function CheckList({
  legend,
  options,
  value,
  onChange,
  empty,
  error,
  name,
}: {
  legend: string;
  options: CheckOption[];
  value: string[];
  onChange: (next: string[]) => void;
  empty?: string;
  error?: string;
  name: string;
}) {
  const { t } = useTranslation();
  const selected = new Set(value);
  return (
    <fieldset className={['field', 'st-checklist', error && 'field--invalid'].filter(Boolean).join(' ')}>
      <legend className="field__label">
        {legend} <span className="st-checklist__count">{t('settings.common.selected', { count: value.length })}</span>
      </legend>
      {options.length === 0 ? (
        <p className="field__hint">{empty}</p>
      ) : (
        <ul className="st-checklist__list">
          {options.map((o) => (
            <li key={o.id}>
              <label className="st-check">
                <input
                  type="checkbox"
                  name={name}
                  value={o.id}
                  checked={selected.has(o.id)}
                  onChange={(e) => onChange(e.target.checked ? [...value, o.id] : value.filter((id) => id !== o.id))}
                />
                <span>{o.label}</span>
                {o.hint ? <span className="st-check__hint">{o.hint}</span> : null}
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}
