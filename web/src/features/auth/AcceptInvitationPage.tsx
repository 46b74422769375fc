import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { acceptInvitation, isApiError } from '../../api';
import { paths } from '../../app/paths';
import { Alert, Button, TextField, rules, useFormErrors } from '../../components';
import { AuthLayout } from './AuthLayout';
import { useAfterSignIn } from './useAfterSignIn';

type F = 'name' | 'password';

/** /invite/:token — the link from an invitation: choose a name and password, join the workspace, signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const afterSignIn = useAfterSignIn();
  const form = useFormErrors<F>();
  const [values, setValues] = useState<Record<F, string>>({ name: '', password: '' });
  const [submitting, setSubmitting] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!form.validate(values, { name: [rules.required], password: [rules.required, rules.minLength(8)] })) return;
    setSubmitting(true);
    try {
      const { user } = await acceptInvitation(token, { name: values.name.trim(), password: values.password });
      await afterSignIn(user);
    } catch (err) {
      if (isApiError(err) && (err.code === 'invitation_invalid' || err.code === 'email_taken')) setInvalid(err.message);
      else form.fromError(err, ['name', 'password']);
      setSubmitting(false);
    }
  }

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

  const set = (field: F) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  return (
    <AuthLayout title={t('auth.invite.title')} subtitle={t('auth.invite.subtitle')}>
      <form className="form" onSubmit={onSubmit} noValidate>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <TextField
          label={t('auth.fields.name')}
          name="name"
          autoComplete="name"
          autoFocus
          maxLength={100}
          value={values.name}
          onChange={set('name')}
          error={form.fieldErrors.name}
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
          {submitting ? t('auth.invite.submitting') : t('auth.invite.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
