import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { User } from '../../api';
import { Alert, Button, useFormErrors, type Rule } from '../../components';
import { useAfterSignIn } from './useAfterSignIn';

/**
 * A signed-out form that signs the user in: its values, the client checks, then `send`. The server's errors go
 * onto the form's fields (the keys of `initial`) and the alert on top, unless `onError` takes the error (returns true).
 */
export function useSignInForm<F extends string>({
  initial,
  rules,
  send,
  onError,
}: {
  initial: Record<F, string>;
  rules: Partial<Record<F, Rule[]>>;
  send: (values: Record<F, string>) => Promise<{ user: User }>;
  onError?: (err: unknown) => boolean;
}) {
  const afterSignIn = useAfterSignIn();
  const errors = useFormErrors<F>();
  const [values, setValues] = useState(initial);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!errors.validate(values, rules)) return;
    setSubmitting(true);
    try {
      const { user } = await send(values);
      await afterSignIn(user);
    } catch (err) {
      if (!onError?.(err)) errors.fromError(err, Object.keys(initial) as F[]);
      setSubmitting(false);
    }
  }

  /** The props that tie a TextField to one of the form's values and its error. */
  const field = (name: F) => ({
    name,
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: errors.fieldErrors[name],
  });

  return { onSubmit, field, submitting, formError: errors.formError };
}

/** The form of `useSignInForm`: the error alert, the fields, the full-width submit button. */
export function SignInForm({
  form,
  submitLabel,
  submittingLabel,
  children,
}: {
  form: Pick<ReturnType<typeof useSignInForm>, 'onSubmit' | 'submitting' | 'formError'>;
  submitLabel: string;
  submittingLabel: string;
  children: ReactNode;
}) {
  return (
    <form className="form" onSubmit={form.onSubmit} noValidate>
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      {children}
      <Button type="submit" variant="primary" block loading={form.submitting}>
        {form.submitting ? submittingLabel : submitLabel}
      </Button>
    </form>
  );
}
