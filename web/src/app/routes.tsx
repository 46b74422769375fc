import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { LoadingBlock } from '../components';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SignupPage } from '../features/auth/SignupPage';
import { InboxRoutes } from '../features/inbox/InboxRoutes';
import { AppShell } from './AppShell';
import { NotAllowed } from './NotAllowed';
import { NotFound } from './NotFound';
import { RequireAuth, RequireRole, RootRedirect } from './RequireAuth';
import { SignedInApp } from './SignedInApp';

// Not the inbox: loaded on first visit, so the first screen stays small.
const SettingsRoutes = lazy(() => import('../features/settings/SettingsRoutes'));

function Lazy({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<LoadingBlock label={t('app.loading')} />}>{children}</Suspense>;
}

/**
 * The top-level routes. Each module owns its sub-routes (`/inbox/*` → features/inbox/InboxRoutes,
 * `/settings/*` → features/settings/SettingsRoutes) with a nested <Routes>.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<RootRedirect />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/invite/:token" element={<AcceptInvitationPage />} />
      <Route
        element={
          <RequireAuth>
            <SignedInApp>
              <AppShell />
            </SignedInApp>
          </RequireAuth>
        }
      >
        <Route path="/inbox/*" element={<InboxRoutes />} />
        <Route
          path="/settings/*"
          element={
            <RequireRole roles={['owner', 'manager']} fallback={<NotAllowed />}>
              <Lazy>
                <SettingsRoutes />
              </Lazy>
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
