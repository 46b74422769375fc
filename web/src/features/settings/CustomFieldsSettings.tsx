import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createCustomField,
  deleteCustomField,
  listCustomFields,
  queryKeys,
  updateCustomField,
  type CustomField,
  type CustomFieldType,
} from '../../api';
import { Alert, Button, Dialog, EmptyState, Field, Icon, Select, TextField, rules, useFormErrors } from '../../components';
import { keyFromLabel, parseOptions } from './fieldText';
import { moveItem, positionChanges, stepTarget, withPositions } from './reorder';
import { ConfirmDialog, DeleteButton, MoveButtons, QueryList, RowActions, SettingsPage, toast, useLiveQuery } from './ui';

const TYPES: CustomFieldType[] = ['text', 'number', 'date', 'list', 'checkbox', 'email', 'phone', 'url'];

/** CT-2: typed contact fields, in the order the contact panel shows them. */
export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.customFields;
  const fields = useQuery({ queryKey: key, queryFn: async () => (await listCustomFields()).items });
  useLiveQuery(['custom_fields.updated'], key);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);

  const move = useMutation({
    mutationFn: async (ordered: CustomField[]) => {
      for (const change of positionChanges(ordered)) await updateCustomField(change.id, { position: change.position });
    },
    onMutate: (ordered) => {
      setMoveError(null);
      const before = queryClient.getQueryData<CustomField[]>(key);
      queryClient.setQueryData(key, withPositions(ordered));
      return { before };
    },
    onError: (err, _vars, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
      setMoveError(err.message);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <SettingsPage
      title={t('settings.fields.title')}
      description={t('settings.fields.description')}
      action={
        <Button variant="primary" icon={<Icon name="plus" size={16} />} onClick={() => setEditing('new')}>
          {t('settings.fields.create')}
        </Button>
      }
    >
      {moveError ? <Alert>{moveError}</Alert> : null}
      <QueryList
        query={fields}
        empty={
          <EmptyState icon="layers" title={t('settings.fields.emptyTitle')}>
            {t('settings.fields.emptyBody')}
          </EmptyState>
        }
      >
        {(list) => (
          <ol className="card st-card-flush st-ordered">
            {list.map((field, index) => {
              const step = (s: -1 | 1) => {
                const target = stepTarget(list.length, index, s);
                if (target !== null) move.mutate(moveItem(list, index, target));
              };
              return (
                <li key={field.id} className="st-ordered__item">
                  <span className="st-ordered__index" aria-hidden="true">
                    {index + 1}
                  </span>
                  <div className="st-grow">
                    <div className="st-strong">
                      {field.label} <span className="st-chip">{t(`settings.fields.types.${field.type}`)}</span>
                    </div>
                    <div className="st-sub">
                      <code>{field.key}</code>
                      {field.type === 'list' && field.options.length ? ` · ${field.options.join(', ')}` : ''}
                    </div>
                  </div>
                  <RowActions>
                    <MoveButtons name={field.label} isFirst={index === 0} isLast={index === list.length - 1} onMove={step} />
                    <Button size="sm" onClick={() => setEditing(field)} aria-label={t('settings.fields.editNamed', { name: field.label })}>
                      {t('settings.common.edit')}
                    </Button>
                    <DeleteButton label={t('settings.fields.deleteNamed', { name: field.label })} onClick={() => setDeleting(field)} />
                  </RowActions>
                </li>
              );
            })}
          </ol>
        )}
      </QueryList>
      {editing ? <FieldDialog field={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={!!deleting}
        title={t('settings.fields.deleteTitle', { name: deleting?.label ?? '' })}
        confirmLabel={t('settings.common.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteCustomField(deleting!.id);
          await queryClient.invalidateQueries({ queryKey: key });
          toast(t('settings.fields.deleted', { name: deleting!.label }));
        }}
      >
        {t('settings.fields.deleteBody')}
      </ConfirmDialog>
    </SettingsPage>
  );
}

type F = 'key' | 'label' | 'type' | 'options';

function FieldDialog({ field, onClose }: { field: CustomField | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    key: field?.key ?? '',
    label: field?.label ?? '',
    type: (field?.type ?? 'text') as CustomFieldType,
    options: (field?.options ?? []).join('\n'),
  });
  const [keyTouched, setKeyTouched] = useState(!!field);
  const errors = useFormErrors<F>();
  const save = useMutation({
    mutationFn: () => {
      const options = values.type === 'list' ? parseOptions(values.options) : undefined;
      return field
        ? updateCustomField(field.id, { label: values.label.trim(), ...(field.type === 'list' ? { options } : {}) })
        : createCustomField({ key: values.key.trim(), label: values.label.trim(), type: values.type, ...(options ? { options } : {}) });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.customFields });
      toast(field ? t('settings.saved') : t('settings.fields.created', { name: saved.label }));
      onClose();
    },
    onError: (err) => errors.fromError(err, ['key', 'label', 'type', 'options']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const listRule = values.type === 'list' ? [rules.required] : [];
    if (errors.validate(values, { label: [rules.required], key: field ? [] : [rules.required], options: listRule })) save.mutate();
  };
  return (
    <Dialog open onClose={onClose} title={field ? t('settings.fields.editTitle', { name: field.label }) : t('settings.fields.createTitle')}>
      <form className="form" onSubmit={submit} noValidate>
        {errors.formError ? <Alert>{errors.formError}</Alert> : null}
        <TextField
          label={t('settings.fields.label')}
          name="label"
          value={values.label}
          maxLength={100}
          onChange={(e) => {
            const label = e.target.value;
            setValues((v) => ({ ...v, label, key: keyTouched ? v.key : keyFromLabel(label) }));
          }}
          error={errors.fieldErrors.label}
          autoFocus
        />
        <TextField
          label={t('settings.fields.key')}
          name="key"
          value={values.key}
          maxLength={50}
          disabled={!!field}
          pattern="[a-z0-9_]+"
          onChange={(e) => {
            setKeyTouched(true);
            setValues((v) => ({ ...v, key: e.target.value }));
          }}
          error={errors.fieldErrors.key}
          hint={field ? t('settings.fields.keyFixed') : t('settings.fields.keyHint')}
        />
        <Field label={t('settings.fields.type')} error={errors.fieldErrors.type} hint={field ? t('settings.fields.typeFixed') : undefined}>
          {(p) => (
            <Select {...p} name="type" value={values.type} disabled={!!field} onChange={(e) => setValues((v) => ({ ...v, type: e.target.value as CustomFieldType }))}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`settings.fields.types.${type}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {values.type === 'list' ? (
          <Field label={t('settings.fields.options')} hint={t('settings.fields.optionsHint')} error={errors.fieldErrors.options}>
            {(p) => (
              <textarea
                {...p}
                name="options"
                className="input st-textarea"
                rows={5}
                value={values.options}
                onChange={(e) => setValues((v) => ({ ...v, options: e.target.value }))}
              />
            )}
          </Field>
        ) : null}
        <div className="st-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {field ? t('common.save') : t('settings.fields.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
