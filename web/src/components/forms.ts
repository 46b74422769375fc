import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

/** Client-side checks, translated; the server checks again (and its errors are mapped by `useFormErrors`). */
export type Rule = (value: string) => { key: 'errors.required' | 'errors.email' | 'errors.passwordLength'; min?: number } | null;

export const rules = {
  required: ((value) => (value.trim() ? null : { key: 'errors.required' })) as Rule,
  email: ((value) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : { key: 'errors.email' })) as Rule,
  minLength:
    (min: number): Rule =>
    (value) =>
      value.length >= min ? null : { key: 'errors.passwordLength', min },
};

/**
 * Errors of one form: per field and for the whole form. `validate` runs client rules; `fromError` maps an
 * ApiError (its `details[].path`, e.g. `body.email` → `email`) onto the fields the form has, and shows its
 * message (already in the user's language) at the top.
 */
export function useFormErrors<F extends string>() {
  const { t } = useTranslation();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const validate = useCallback(
    (values: Record<F, string>, schema: Partial<Record<F, Rule[]>>): boolean => {
      const errors: FieldErrors<F> = {};
      for (const field of Object.keys(schema) as F[]) {
        for (const rule of schema[field] ?? []) {
          const problem = rule(values[field] ?? '');
          if (problem) {
            errors[field] = t(problem.key, { min: problem.min });
            break;
          }
        }
      }
      setFieldErrors(errors);
      setFormError(null);
      return Object.keys(errors).length === 0;
    },
    [t],
  );

  const fromError = useCallback(
    (err: unknown, fields: readonly F[]) => {
      if (!isApiError(err)) {
        setFormError(t('errors.generic'));
        return;
      }
      const mapped: FieldErrors<F> = {};
      for (const [field, message] of Object.entries(err.fieldErrors())) {
        if ((fields as readonly string[]).includes(field)) mapped[field as F] = message;
      }
      setFieldErrors(mapped);
      setFormError(err.message);
    },
    [t],
  );

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  return { fieldErrors, formError, validate, fromError, clear };
}
