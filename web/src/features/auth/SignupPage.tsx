import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { signup } from '../../api';
import { paths, safeNext } from '../../app/paths';
import { useSession } from '../../app/session';
import { Alert, Button, TextField, rules, useFormErrors } from '../../components';
import { browserTimeZone } from '../../i18n/format';
import { currentLanguage } from '../../i18n';
import { AuthLayout } from './AuthLayout';
import { useAfterSignIn } from './useAfterSignIn';

type F = 'workspaceName' | 'name' | 'email' | 'password';
const FIELDS: readonly F[] = ['workspaceName', 'name', 'email', 'password'];

export function SignupPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const afterSignIn = useAfterSignIn();
  const form = useFormErrors<F>();
  const [values, setValues] = useState<Record<F, string>>({ workspaceName: '', name: '', email: '', password: '' });
  const [submitting, setSubmitting] = useState(false);

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = form.validate(values, {
      workspaceName: [rules.required],
      name: [rules.required],
      email: [rules.required, rules.email],
      password: [rules.required, rules.minLength(8)],
    });
    if (!ok) return;
    setSubmitting(true);
    try {
      const { user } = await signup({
        workspaceName: values.workspaceName.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        // The workspace starts in the language and time zone of the person creating it.
        language: currentLanguage(),
        timezone: browserTimeZone(),
      });
      await afterSignIn(user);
    } catch (err) {
      form.fromError(err, FIELDS);
      setSubmitting(false);
    }
  }

  const set = (field: F) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  return (
    <AuthLayout
      title={t('auth.signup.title')}
      subtitle={t('auth.signup.subtitle')}
      footer={
        <>
          {t('auth.signup.haveAccount')} <Link to={{ pathname: paths.login, search: params.toString() }}>{t('auth.signup.toLogin')}</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <TextField
          label={t('auth.fields.workspaceName')}
          hint={t('auth.fields.workspaceNameHint')}
          name="workspaceName"
          autoComplete="organization"
          autoFocus
          maxLength={100}
          value={values.workspaceName}
          onChange={set('workspaceName')}
          error={form.fieldErrors.workspaceName}
        />
        <TextField
          label={t('auth.fields.name')}
          name="name"
          autoComplete="name"
          maxLength={100}
          value={values.name}
          onChange={set('name')}
          error={form.fieldErrors.name}
        />
        <TextField
          label={t('auth.fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={set('email')}
          error={form.fieldErrors.email}
        />
        <TextField
          label={t('auth.fields.password')}
          hint={t('auth.fields.passwordHint')}
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          error={form.fieldErrors.password}
        />
        <Button type="submit" variant="primary" block loading={submitting}>
          {submitting ? t('auth.signup.submitting') : t('auth.signup.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
