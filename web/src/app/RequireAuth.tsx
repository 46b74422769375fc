import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api';
import { Alert, Button, LoadingBlock } from '../components';
import { paths } from './paths';
import { isSigningOut, useSession } from './session';

/** Renders `children` for a signed-in user; otherwise goes to /login?next=<here>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.data === undefined) {
    if (session.isError) {
      return (
        <div className="page-center">
          <Alert title={t('errors.loadFailed')}>{session.error.message}</Alert>
          <Button onClick={() => session.refetch()}>{t('common.retry')}</Button>
        </div>
      );
    }
    return <LoadingBlock label={t('app.loading')} />;
  }
  if (session.data === null) {
    const next = isSigningOut() ? '' : location.pathname + location.search;
    const search = next && next !== '/' ? `?${new URLSearchParams({ next })}` : '';
    return <Navigate to={`${paths.login}${search}`} replace />;
  }
  return <>{children}</>;
}

/**
 * Renders `children` only for these roles; others see `fallback` (e.g. a "not allowed" page), or go to the inbox
 * without one. (The server refuses them anyway: P3.)
 */
export function RequireRole({ roles, children, fallback }: { roles: Role[]; children: ReactNode; fallback?: ReactNode }) {
  const { data } = useSession();
  if (!data || !roles.includes(data.actor.role)) return fallback === undefined ? <Navigate to={paths.inbox} replace /> : <>{fallback}</>;
  return <>{children}</>;
}

/** `/`: the inbox when signed in, the login page otherwise. */
export function RootRedirect() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.data === undefined && !session.isError) return <LoadingBlock label={t('app.loading')} />;
  return <Navigate to={session.data ? paths.inbox : paths.login} replace />;
}
