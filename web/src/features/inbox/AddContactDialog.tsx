import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { createContact, queryKeys, type InboxView } from '../../api';
import { Alert, Button, Dialog, TextField, useFormErrors } from '../../components';
import { conversationPath } from './routes';

type FieldName = 'firstName' | 'lastName' | 'email' | 'phone';

/** IN-4 "add a contact": creates it (POST /contacts, idempotent) and opens it. */
export function AddContactDialog({ view, onClose }: { view: InboxView; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<FieldName, string>>({ firstName: '', lastName: '', email: '', phone: '' });
  const [key] = useState(() => crypto.randomUUID());
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors<FieldName>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const anything = Object.values(values).some((v) => v.trim());
    if (!anything) {
      errors.validate(values, { firstName: [() => ({ key: 'errors.required' })] });
      return;
    }
    if (values.email.trim() && !errors.validate(values, { email: [(v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : { key: 'errors.email' })] })) return;
    setSaving(true);
    try {
      const body = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() || undefined]));
      const contact = await createContact(body, key);
      queryClient.setQueryData(queryKeys.contact(contact.id), contact);
      onClose();
      navigate(conversationPath(view, contact.id));
    } catch (err) {
      errors.fromError(err, ['firstName', 'lastName', 'email', 'phone']);
    } finally {
      setSaving(false);
    }
  };
  const field = (name: FieldName, label: string, type = 'text', autoComplete?: string) => (
    <TextField
      label={label}
      type={type}
      autoComplete={autoComplete}
      value={values[name]}
      error={errors.fieldErrors[name]}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
    />
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('inbox.newContact.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form="new-contact" loading={saving}>
            {t('inbox.newContact.submit')}
          </Button>
        </>
      }
    >
      <form id="new-contact" className="form-stack" onSubmit={submit} noValidate>
        {errors.formError ? <Alert>{errors.formError}</Alert> : null}
        <div className="form-row">
          {field('firstName', t('contact.fields.firstName'), 'text', 'off')}
          {field('lastName', t('contact.fields.lastName'), 'text', 'off')}
        </div>
        {field('email', t('contact.fields.email'), 'email', 'off')}
        {field('phone', t('contact.fields.phone'), 'tel', 'off')}
        <p className="field__hint">{t('inbox.newContact.phoneHint')}</p>
      </form>
    </Dialog>
  );
}
