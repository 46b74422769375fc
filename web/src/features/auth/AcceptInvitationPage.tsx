import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { acceptInvitation, isApiError } from '../../api';
import { paths } from '../../app/paths';
import { Alert, TextField, rules } from '../../components';
import { AuthLayout } from './AuthLayout';
import { SignInForm, useSignInForm } from './SignInForm';

/** /invite/:token — the link from an invitation: choose a name and password, join the workspace, signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [invalid, setInvalid] = useState<string | null>(null);
  const form = useSignInForm({
    initial: { name: '', password: '' },
    rules: { name: [rules.required], password: [rules.required, rules.minLength(8)] },
    send: (values) => acceptInvitation(token, { name: values.name.trim(), password: values.password }),
    // A used-up link, or an email that already has an account: no field to fix, the whole page says so.
    onError: (err) => {
      if (!isApiError(err) || (err.code !== 'invitation_invalid' && err.code !== 'email_taken')) return false;
      setInvalid(err.message);
      return true;
    },
  });

  if (invalid) {
    return (
      <AuthLayout title={t('auth.invite.invalidTitle')}>
        <Alert tone="warning">{invalid}</Alert>
        <p className="muted">{t('auth.invite.invalidHelp')}</p>
        <Link className="btn btn--primary btn--md btn--block" to={paths.login}>
          {t('auth.invite.toLogin')}
        </Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('auth.invite.title')} subtitle={t('auth.invite.subtitle')}>
      <SignInForm form={form} submitLabel={t('auth.invite.submit')} submittingLabel={t('auth.invite.submitting')}>
        <TextField label={t('auth.fields.name')} autoComplete="name" autoFocus maxLength={100} {...form.field('name')} />
        <TextField label={t('auth.fields.password')} hint={t('auth.fields.passwordHint')} type="password" autoComplete="new-password" {...form.field('password')} />
      </SignInForm>
    </AuthLayout>
  );
}
