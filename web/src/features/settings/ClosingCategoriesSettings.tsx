import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createClosingCategory,
  deleteClosingCategory,
  listClosingCategories,
  queryKeys,
  updateClosingCategory,
  type ClosingCategory,
} from '../../api';
import { Alert, Button, EmptyState, Icon, Input, TextField, rules, useFormErrors } from '../../components';
import { moveItem, stepTarget, withPositions } from './reorder';
import { ConfirmDialog, DeleteButton, MoveButtons, QueryList, RowActions, SettingsPage, toast, useLiveQuery } from './ui';

/** IN-9: the categories an agent picks when closing a conversation, in the order they are offered. */
export function ClosingCategoriesSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = queryKeys.closingCategories;
  const categories = useQuery({ queryKey: key, queryFn: async () => (await listClosingCategories()).items });
  useLiveQuery(['closing_categories.updated'], key);
  const [deleting, setDeleting] = useState<ClosingCategory | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);

  const move = useMutation({
    mutationFn: ({ id, position }: { id: string; position: number }) => updateClosingCategory(id, { position }),
    onMutate: ({ id, position }) => {
      setMoveError(null);
      const before = queryClient.getQueryData<ClosingCategory[]>(key);
      if (before) {
        const from = before.findIndex((c) => c.id === id);
        queryClient.setQueryData(key, withPositions(moveItem(before, from, position)));
      }
      return { before };
    },
    onError: (err, _vars, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
      setMoveError(err.message);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <SettingsPage title={t('settings.closing.title')} description={t('settings.closing.description')}>
      <AddCategory />
      {moveError ? <Alert>{moveError}</Alert> : null}
      <QueryList
        query={categories}
        empty={
          <EmptyState icon="check" title={t('settings.closing.emptyTitle')}>
            {t('settings.closing.emptyBody')}
          </EmptyState>
        }
      >
        {(list) => (
          <ol className="card st-card-flush st-ordered">
            {list.map((category, index) => (
              <CategoryRow
                key={category.id}
                category={category}
                index={index}
                onMove={(step) => {
                  const target = stepTarget(list.length, index, step);
                  if (target !== null) move.mutate({ id: category.id, position: target });
                }}
                isFirst={index === 0}
                isLast={index === list.length - 1}
                onDelete={() => setDeleting(category)}
              />
            ))}
          </ol>
        )}
      </QueryList>
      <ConfirmDialog
        open={!!deleting}
        title={t('settings.closing.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('settings.common.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteClosingCategory(deleting!.id);
          await queryClient.invalidateQueries({ queryKey: key });
          toast(t('settings.closing.deleted', { name: deleting!.name }));
        }}
      >
        {t('settings.closing.deleteBody')}
      </ConfirmDialog>
    </SettingsPage>
  );
}

function AddCategory() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const errors = useFormErrors<'name'>();
  const add = useMutation({
    mutationFn: () => createClosingCategory({ name: name.trim() }),
    onSuccess: (created) => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.closingCategories });
      toast(t('settings.closing.added', { name: created.name }));
    },
    onError: (err) => errors.fromError(err, ['name']),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (errors.validate({ name }, { name: [rules.required] })) add.mutate();
  };
  return (
    <form className="card st-inline-form" onSubmit={submit} noValidate>
      <TextField
        className="st-grow"
        label={t('settings.closing.newName')}
        name="name"
        value={name}
        maxLength={100}
        placeholder={t('settings.closing.placeholder')}
        onChange={(e) => setName(e.target.value)}
        error={errors.fieldErrors.name ?? errors.formError ?? undefined}
      />
      <Button type="submit" variant="primary" icon={<Icon name="plus" size={16} />} loading={add.isPending}>
        {t('settings.common.add')}
      </Button>
    </form>
  );
}

function CategoryRow({
  category,
  index,
  isFirst,
  isLast,
  onMove,
  onDelete,
}: {
  category: ClosingCategory;
  index: number;
  isFirst: boolean;
  isLast: boolean;
  onMove: (step: -1 | 1) => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const errors = useFormErrors<'name'>();
  const rename = useMutation({
    mutationFn: () => updateClosingCategory(category.id, { name: name.trim() }),
    onSuccess: () => {
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.closingCategories });
      toast(t('settings.saved'));
    },
    onError: (err) => errors.fromError(err, ['name']),
  });
  const error = errors.fieldErrors.name ?? errors.formError ?? undefined;
  return (
    <li className="st-ordered__item">
      <span className="st-ordered__index" aria-hidden="true">
        {index + 1}
      </span>
      {editing ? (
        <form
          className="st-rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (errors.validate({ name }, { name: [rules.required] })) rename.mutate();
          }}
          noValidate
        >
          <div className="st-grow">
            <Input
              name="name"
              value={name}
              maxLength={100}
              aria-label={t('settings.closing.renameLabel', { name: category.name })}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setEditing(false);
                  setName(category.name);
                }
              }}
              autoFocus
            />
            {error ? <p className="field__error">{error}</p> : null}
          </div>
          <Button type="submit" size="sm" variant="primary" loading={rename.isPending}>
            {t('common.save')}
          </Button>
          <Button size="sm" onClick={() => {
              setEditing(false);
              setName(category.name);
              errors.clear();
            }}>
            {t('common.cancel')}
          </Button>
        </form>
      ) : (
        <span className="st-grow st-strong">{category.name}</span>
      )}
      {!editing ? (
        <RowActions>
          <MoveButtons name={category.name} isFirst={isFirst} isLast={isLast} onMove={onMove} />
          <Button size="sm" onClick={() => setEditing(true)}>
            {t('settings.common.rename')}
          </Button>
          <DeleteButton label={t('settings.closing.deleteNamed', { name: category.name })} onClick={onDelete} />
        </RowActions>
      ) : null}
    </li>
  );
}
