import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { login } from '../../api';
import { paths, safeNext } from '../../app/paths';
import { useSession } from '../../app/session';
import { TextField, rules } from '../../components';
import { AuthLayout } from './AuthLayout';
import { SignInForm, useSignInForm } from './SignInForm';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const form = useSignInForm({
    initial: { email: '', password: '' },
    rules: { email: [rules.required, rules.email], password: [rules.required] },
    send: (values) => login({ email: values.email.trim(), password: values.password }),
  });

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;

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
      <SignInForm form={form} submitLabel={t('auth.login.submit')} submittingLabel={t('auth.login.submitting')}>
        <TextField label={t('auth.fields.email')} type="email" autoComplete="email" autoFocus {...form.field('email')} />
        <TextField label={t('auth.fields.password')} type="password" autoComplete="current-password" {...form.field('password')} />
      </SignInForm>
    </AuthLayout>
  );
}
