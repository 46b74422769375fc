import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Dialog, Icon, Input, LoadingBlock } from '../../components';
import { useRealtimeEvent } from '../../realtime';
import './settings.css';

/** The frame of a settings section: a way back to /settings, the title, an optional action, the body. */
export function SettingsPage({ title, description, action, children }: { title: string; description?: string; action?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <header className="page-header">
        <div className="st-header">
          <div>
            <Link to="/settings" className="st-back">
              <Icon name="chevronRight" size={14} className="st-back__icon" /> {t('settings.back')}
            </Link>
            <h1 className="page-header__title">{title}</h1>
            {description ? <p className="page-header__meta">{description}</p> : null}
          </div>
          {action ? <div className="st-header__action">{action}</div> : null}
        </div>
      </header>
      <div className="page__body settings st-body">{children}</div>
    </div>
  );
}

type ListQuery<T> = { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown; data?: T[] };

/** A query-backed list: loading / error, `empty` when it has no items (without it, `children` gets the empty list). */
export function QueryList<T>({ query, empty, children }: { query: ListQuery<T>; empty?: ReactNode; children: (items: T[]) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <LoadingBlock label={t('app.loading')} />;
  if (query.isError)
    return (
      <div className="st-stack">
        <Alert title={t('errors.loadFailed')}>{query.error?.message}</Alert>
        <div>
          <Button onClick={() => query.refetch()}>{t('common.retry')}</Button>
        </div>
      </div>
    );
  const items = query.data ?? [];
  return <>{items.length === 0 && empty ? empty : children(items)}</>;
}

/**
 * A settings section's list as a table: one row per item, `cells` renders its data cells and `actions` its buttons
 * in the last column (headed for screen readers only).
 */
export function SettingsTable<T>({
  query,
  empty,
  columns,
  rowKey,
  cells,
  actions,
}: {
  query: ListQuery<T>;
  empty?: ReactNode;
  columns: string[];
  rowKey: (item: T) => string;
  cells: (item: T) => ReactNode;
  actions: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <QueryList query={query} empty={empty}>
      {(items) => (
        <div className="card st-card-flush">
          <table className="st-table">
            <thead>
              <tr>
                {columns.map((label, index) => (
                  <th key={index} scope="col">
                    {label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('settings.common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={rowKey(item)}>
                  {cells(item)}
                  <td>
                    <RowActions>{actions(item)}</RowActions>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryList>
  );
}

/** Refreshes `queryKey` whenever one of these realtime events arrives (someone else changed it). */
export function useLiveQuery(types: string[], queryKey: QueryKey) {
  const queryClient = useQueryClient();
  useRealtimeEvent('*', (event) => {
    if (types.some((type) => (type.endsWith('.*') ? event.type.startsWith(type.slice(0, -1)) : event.type === type))) {
      void queryClient.invalidateQueries({ queryKey });
    }
  });
}

// ---------- Toasts: short confirmations of what just happened, announced politely ----------

type Toast = { id: number; message: string; tone: 'success' | 'error' };
let toasts: Toast[] = [];
let nextToast = 1;
const toastListeners = new Set<() => void>();
const emitToasts = () => toastListeners.forEach((l) => l());

export function toast(message: string, tone: Toast['tone'] = 'success') {
  const id = nextToast++;
  toasts = [...toasts, { id, message, tone }].slice(-3);
  emitToasts();
  setTimeout(() => {
    toasts = toasts.filter((x) => x.id !== id);
    emitToasts();
  }, 4000);
}

export function Toaster() {
  const list = useSyncExternalStore(
    (l) => {
      toastListeners.add(l);
      return () => void toastListeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div className="st-toasts" role="status" aria-live="polite">
      {list.map((x) => (
        <div key={x.id} className={`st-toast st-toast--${x.tone}`}>
          <Icon name={x.tone === 'success' ? 'check' : 'alert'} size={16} />
          {x.message}
        </div>
      ))}
    </div>
  );
}

// ---------- Confirmation ----------

/**
 * "Are you sure?" for destructive actions. With `typeToConfirm`, the button is enabled only once that text is
 * typed (removing a channel). Shows the server's error if the action fails.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  typeToConfirm,
  tone = 'danger',
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  typeToConfirm?: string;
  tone?: 'danger' | 'primary';
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  useEffect(() => {
    if (open) {
      setTyped('');
      setError(null);
    }
  }, [open]);
  const ready = !typeToConfirm || typed.trim() === typeToConfirm.trim();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={title} size="sm">
      <form onSubmit={submit} className="form">
        <div className="st-confirm__body">{children}</div>
        {typeToConfirm ? (
          <div className="field">
            <label className="field__label" htmlFor={inputId}>
              {t('settings.common.typeToConfirm', { name: typeToConfirm })}
            </label>
            <Input id={inputId} name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
          </div>
        ) : null}
        {error ? <Alert>{error}</Alert> : null}
        <div className="st-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant={tone} loading={busy} disabled={!ready} autoFocus={!typeToConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

// ---------- Copy ----------

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an http:// address other than localhost): select the text and use the old command.
    if (!input) return false;
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** A read-only value (a secret, a link) with a copy button. */
export function CopyField({ label, value, hint, name }: { label: string; value: string; hint?: string; name?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="st-copy">
        <input
          ref={ref}
          id={id}
          name={name}
          readOnly
          value={value}
          className="input st-copy__input"
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <Button onClick={async () => setState((await copyText(value, ref.current)) ? 'copied' : 'failed')} icon={state === 'copied' ? <Icon name="check" size={16} /> : undefined}>
          {state === 'copied' ? t('settings.common.copied') : t('settings.common.copy')}
        </Button>
      </div>
      <p className="field__hint" id={hint ? `${id}-hint` : undefined} aria-live="polite">
        {state === 'failed' ? t('settings.common.copyFailed') : hint}
      </p>
    </div>
  );
}

/** What to copy (CopyFields, an alert), then one button to close: the end of every "here is your secret" step. */
export function CopyPanel({ children, onDone, doneLabel }: { children: ReactNode; onDone: () => void; doneLabel?: string }) {
  const { t } = useTranslation();
  return (
    <div className="form">
      {children}
      <div className="st-actions">
        <Button variant="primary" onClick={onDone}>
          {doneLabel ?? t('settings.common.done')}
        </Button>
      </div>
    </div>
  );
}

/** A table row's small action buttons. */
export function RowActions({ children }: { children: ReactNode }) {
  return <div className="st-row-actions">{children}</div>;
}

/** A row's icon-only delete (or remove) button; `label` names what it deletes, for screen readers. */
export function DeleteButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="sm" variant="ghost" onClick={onClick} aria-label={label}>
      <Icon name="trash" size={16} />
    </Button>
  );
}

/** The ↑ / ↓ buttons of an ordered list's row; `onMove` gets the step. */
export function MoveButtons({ name, isFirst, isLast, onMove }: { name: string; isFirst: boolean; isLast: boolean; onMove: (step: -1 | 1) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Button size="sm" variant="ghost" disabled={isFirst} onClick={() => onMove(-1)} aria-label={t('settings.common.moveUp', { name })}>
        ↑
      </Button>
      <Button size="sm" variant="ghost" disabled={isLast} onClick={() => onMove(1)} aria-label={t('settings.common.moveDown', { name })}>
        ↓
      </Button>
    </>
  );
}
