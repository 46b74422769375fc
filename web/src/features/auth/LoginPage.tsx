import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { login } from '../../api';
import { paths, safeNext } from '../../app/paths';
import { useSession } from '../../app/session';
import { Alert, Button, TextField, rules, useFormErrors } from '../../components';
import { AuthLayout } from './AuthLayout';
import { useAfterSignIn } from './useAfterSignIn';

type F = 'email' | 'password';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const afterSignIn = useAfterSignIn();
  const form = useFormErrors<F>();
  const [values, setValues] = useState<Record<F, string>>({ email: '', password: '' });
  const [submitting, setSubmitting] = useState(false);

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!form.validate(values, { email: [rules.required, rules.email], password: [rules.required] })) return;
    setSubmitting(true);
    try {
      const { user } = await login({ email: values.email.trim(), password: values.password });
      await afterSignIn(user);
    } catch (err) {
      form.fromError(err, ['email', 'password']);
      setSubmitting(false);
    }
  }

  const set = (field: F) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  return (
    <AuthLayout
      title={t('auth.login.title')}
      subtitle={t('auth.login.subtitle')}
      footer={
        <>
          {t('auth.login.noAccount')} <Link to={{ pathname: paths.signup, search: params.toString() }}>{t('auth.login.toSignup')}</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <TextField
          label={t('auth.fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          autoFocus
          value={values.email}
          onChange={set('email')}
          error={form.fieldErrors.email}
        />
        <TextField
          label={t('auth.fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={values.password}
          onChange={set('password')}
          error={form.fieldErrors.password}
        />
        <Button type="submit" variant="primary" block loading={submitting}>
          {submitting ? t('auth.login.submitting') : t('auth.login.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
