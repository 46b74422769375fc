import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addContactTags,
  isApiError,
  listCustomFields,
  listTags,
  queryKeys,
  removeContactTags,
  updateContact,
  type Contact,
  type ContactInput,
  type CustomField,
} from '../../api';
import { useUsers } from '../../app/session';
import { Alert, Button, Field, Icon, Input, Select } from '../../components';
import { useTeams } from '../inbox/useInboxData';
import { ContactChannels } from './ContactChannels';
import { COUNTRIES, joinPhone, LANGUAGES, splitPhone } from './countries';

/** CT-1 in the inbox's right column: editable fields, custom fields, tags, channels (CT-3), conversation. */
export function ContactDetails({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <aside className="details" aria-label={t('contact.panel')} data-testid="contact-details">
      <header className="details__header">
        <h2 className="details__name">{contact.name ?? t('contact.unnamed')}</h2>
        <p className="details__id">{t('contact.id', { id: contact.id })}</p>
      </header>
      <ConversationSummary contact={contact} />
      <ContactForm key={contact.id} contact={contact} />
      <Tags contact={contact} />
      <ContactChannels contact={contact} />
    </aside>
  );
}

function ConversationSummary({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const assignee = contact.assigneeId ? users.data?.find((u) => u.id === contact.assigneeId)?.name : null;
  const team = contact.teamId ? teams.data?.find((x) => x.id === contact.teamId)?.name : null;
  return (
    <section className="details__section">
      <h3 className="details__heading">{t('contact.conversation')}</h3>
      <dl className="details__dl">
        <dt>{t('contact.status')}</dt>
        <dd>{contact.conversationStatus ? t(`contact.statusValue.${contact.conversationStatus}`) : t('contact.noConversation')}</dd>
        <dt>{t('contact.assignee')}</dt>
        <dd>{assignee ?? t('contact.nobody')}</dd>
        <dt>{t('contact.team')}</dt>
        <dd>{team ?? '—'}</dd>
      </dl>
    </section>
  );
}

type Base = 'firstName' | 'lastName' | 'email' | 'phone' | 'country' | 'language';

function ContactForm({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const fields = useQuery({ queryKey: queryKeys.customFields, queryFn: async () => (await listCustomFields()).items });
  const split = splitPhone(contact.phone, contact.country);
  const initial = {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    email: contact.email ?? '',
    phoneCountry: split.country,
    phone: split.national,
    country: contact.country ?? '',
    language: contact.language ?? '',
  };
  const [values, setValues] = useState(initial);
  const [custom, setCustom] = useState<Record<string, unknown>>(contact.customFields ?? {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const regions = useMemo(() => new Intl.DisplayNames([i18n.language], { type: 'region' }), [i18n.language]);
  const languages = useMemo(() => new Intl.DisplayNames([i18n.language], { type: 'language' }), [i18n.language]);

  const save = useMutation({
    mutationFn: (patch: ContactInput) => updateContact(contact.id, patch),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.contact(contact.id), updated);
      setSaved(true);
    },
    onError: (err) => {
      setFormError(err.message);
      if (isApiError(err)) {
        const mapped: Record<string, string> = {};
        for (const [path, message] of Object.entries(err.fieldErrors())) mapped[path.replace(/^customFields\./, 'cf.')] = message;
        if (err.code === 'invalid_phone' && !mapped.phone) mapped.phone = err.message;
        setErrors(mapped);
      }
    },
  });

  const set = (name: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setSaved(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) problems.email = t('errors.email');
    if (values.phone.trim() && !/^\+?[\d\s().-]{4,}$/.test(values.phone.trim())) problems.phone = t('contact.invalidPhone');
    for (const f of fields.data ?? []) {
      const v = custom[f.key];
      if (f.type === 'number' && typeof v === 'string' && v !== '' && Number.isNaN(Number(v))) problems[`cf.${f.key}`] = t('contact.invalidNumber');
    }
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length) return;
    const patch: ContactInput = {};
    const text = (v: string) => v.trim() || null;
    const base: Record<Base, string | null> = {
      firstName: text(values.firstName),
      lastName: text(values.lastName),
      email: text(values.email),
      phone: joinPhone(values.phoneCountry, values.phone),
      country: text(values.country),
      language: text(values.language),
    };
    const before: Record<Base, string | null> = {
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      country: contact.country,
      language: contact.language,
    };
    for (const key of Object.keys(base) as Base[]) if (base[key] !== before[key]) patch[key] = base[key];
    const cf: Record<string, unknown> = {};
    for (const f of fields.data ?? []) {
      const raw = custom[f.key];
      const value = raw === '' || raw === undefined ? null : f.type === 'number' && typeof raw === 'string' ? Number(raw) : raw;
      if (value !== (contact.customFields?.[f.key] ?? null)) cf[f.key] = value;
    }
    if (Object.keys(cf).length) patch.customFields = cf;
    if (Object.keys(patch).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(patch);
  };

  const text = (name: 'firstName' | 'lastName' | 'email', label: string, type = 'text') => (
    <Field label={label} error={errors[name]}>
      {(p) => <Input {...p} type={type} value={values[name]} onChange={(e) => set(name, e.target.value)} />}
    </Field>
  );

  return (
    <form className="details__section form-stack details__form" onSubmit={submit} noValidate aria-label={t('contact.form')}>
      <h3 className="details__heading">{t('contact.fieldsTitle')}</h3>
      {formError ? <Alert>{formError}</Alert> : null}
      <div className="form-row">
        {text('firstName', t('contact.fields.firstName'))}
        {text('lastName', t('contact.fields.lastName'))}
      </div>
      {text('email', t('contact.fields.email'), 'email')}
      <Field label={t('contact.fields.phone')} error={errors.phone}>
        {(p) => (
          <div className="phone-input">
            <Select aria-label={t('contact.fields.phoneCountry')} value={values.phoneCountry} onChange={(e) => set('phoneCountry', e.target.value)}>
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} +{c.dial}
                </option>
              ))}
            </Select>
            <Input {...p} type="tel" value={values.phone} onChange={(e) => set('phone', e.target.value)} />
          </div>
        )}
      </Field>
      <div className="form-row">
        <Field label={t('contact.fields.language')} error={errors.language}>
          {(p) => (
            <Select {...p} value={values.language} onChange={(e) => set('language', e.target.value)}>
              <option value="">{t('contact.notSet')}</option>
              {[...new Set([...LANGUAGES, values.language].filter(Boolean))].map((code) => (
                <option key={code} value={code}>
                  {languages.of(code) ?? code}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('contact.fields.country')} error={errors.country}>
          {(p) => (
            <Select {...p} value={values.country} onChange={(e) => set('country', e.target.value)}>
              <option value="">{t('contact.notSet')}</option>
              {[...new Set([...COUNTRIES.map((c) => c.code), values.country].filter(Boolean))].map((code) => (
                <option key={code} value={code}>
                  {regions.of(code) ?? code}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {fields.data?.length ? <h3 className="details__heading">{t('contact.customFields')}</h3> : null}
      {(fields.data ?? []).map((f) => (
        <CustomFieldInput
          key={f.id}
          field={f}
          value={custom[f.key]}
          error={errors[`cf.${f.key}`]}
          onChange={(v) => {
            setCustom((c) => ({ ...c, [f.key]: v }));
            setSaved(false);
          }}
        />
      ))}
      <div className="details__actions">
        {saved ? (
          <span className="details__saved" role="status">
            <Icon name="check" size={14} /> {t('contact.saved')}
          </span>
        ) : null}
        <Button type="submit" size="sm" variant="primary" loading={save.isPending}>
          {t('contact.save')}
        </Button>
      </div>
    </form>
  );
}

function CustomFieldInput({ field, value, error, onChange }: { field: CustomField; value: unknown; error?: string; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const str = value === null || value === undefined ? '' : String(value);
  if (field.type === 'checkbox') {
    return (
      <label className="checkbox">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {field.label}
      </label>
    );
  }
  const type = { text: 'text', number: 'number', date: 'date', email: 'email', phone: 'tel', url: 'url', list: '' }[field.type];
  return (
    <Field label={field.label} error={error}>
      {(p) =>
        field.type === 'list' ? (
          <Select {...p} value={str} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('contact.notSet')}</option>
            {field.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        ) : (
          <Input {...p} type={type} value={str} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

function Tags({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const all = useQuery({ queryKey: queryKeys.tags, queryFn: async () => (await listTags()).items });
  const onSuccess = (updated: Contact) => {
    queryClient.setQueryData(queryKeys.contact(contact.id), updated);
    void queryClient.invalidateQueries({ queryKey: queryKeys.tags });
  };
  const add = useMutation({ mutationFn: (name: string) => addContactTags(contact.id, [name]), onSuccess });
  const remove = useMutation({ mutationFn: (name: string) => removeContactTags(contact.id, [name]), onSuccess });
  const q = search.trim();
  const has = new Set(contact.tags.map((x) => x.name.toLocaleLowerCase()));
  const suggestions = q ? (all.data ?? []).filter((x) => x.name.toLocaleLowerCase().includes(q.toLocaleLowerCase()) && !has.has(x.name.toLocaleLowerCase())).slice(0, 6) : [];
  const exact = (all.data ?? []).some((x) => x.name.toLocaleLowerCase() === q.toLocaleLowerCase()) || has.has(q.toLocaleLowerCase());
  const pick = (name: string) => add.mutate(name, { onSuccess: () => setSearch('') });
  const error = add.error ?? remove.error;
  return (
    <section className="details__section">
      <h3 className="details__heading">{t('contact.tags')}</h3>
      {error ? <Alert>{error.message}</Alert> : null}
      <ul className="tags" aria-label={t('contact.tags')}>
        {contact.tags.map((tag) => (
          <li key={tag.id} className="tag">
            {tag.name}
            <button type="button" className="tag__remove" aria-label={t('contact.removeTag', { name: tag.name })} onClick={() => remove.mutate(tag.name)}>
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="tags__add"
        onSubmit={(e) => {
          e.preventDefault();
          if (q && !exact) pick(q);
        }}
      >
        <Input type="search" aria-label={t('contact.tagSearch')} placeholder={t('contact.tagSearch')} value={search} onChange={(e) => setSearch(e.target.value)} maxLength={50} />
        {q ? (
          <ul className="picker__list tags__suggest">
            {suggestions.map((s) => (
              <li key={s.id}>
                <button type="button" className="picker__item" onClick={() => pick(s.name)}>
                  <Icon name="tag" size={14} /> {s.name}
                </button>
              </li>
            ))}
            {!exact ? (
              <li>
                <button type="submit" className="picker__item">
                  <Icon name="plus" size={14} /> {t('contact.createTag', { name: q })}
                </button>
              </li>
            ) : null}
          </ul>
        ) : null}
      </form>
    </section>
  );
}
