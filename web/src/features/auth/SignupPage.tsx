import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { signup } from '../../api';
import { paths, safeNext } from '../../app/paths';
import { useSession } from '../../app/session';
import { TextField, rules } from '../../components';
import { browserTimeZone } from '../../i18n/format';
import { currentLanguage } from '../../i18n';
import { AuthLayout } from './AuthLayout';
import { SignInForm, useSignInForm } from './SignInForm';

export function SignupPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const form = useSignInForm({
    initial: { workspaceName: '', name: '', email: '', password: '' },
    rules: {
      workspaceName: [rules.required],
      name: [rules.required],
      email: [rules.required, rules.email],
      password: [rules.required, rules.minLength(8)],
    },
    send: (values) =>
      signup({
        workspaceName: values.workspaceName.trim(),
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        // The workspace starts in the language and time zone of the person creating it.
        language: currentLanguage(),
        timezone: browserTimeZone(),
      }),
  });

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;

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
      <SignInForm form={form} submitLabel={t('auth.signup.submit')} submittingLabel={t('auth.signup.submitting')}>
        <TextField
          label={t('auth.fields.workspaceName')}
          hint={t('auth.fields.workspaceNameHint')}
          autoComplete="organization"
          autoFocus
          maxLength={100}
          {...form.field('workspaceName')}
        />
        <TextField label={t('auth.fields.name')} autoComplete="name" maxLength={100} {...form.field('name')} />
        <TextField label={t('auth.fields.email')} type="email" autoComplete="email" {...form.field('email')} />
        <TextField label={t('auth.fields.password')} hint={t('auth.fields.passwordHint')} type="password" autoComplete="new-password" {...form.field('password')} />
      </SignInForm>
    </AuthLayout>
  );
}
