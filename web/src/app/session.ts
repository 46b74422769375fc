import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMe, getWorkspace, isApiError, listUsers, logout, queryKeys, updateUser, type Me, type Member, type Role } from '../api';
import { changeLanguage, type Language } from '../i18n';
import { paths } from './paths';

/**
 * The signed-in session: `data` is the actor and workspace, `null` when signed out, `undefined` while loading.
 * (GET /auth/me; a 401 is "signed out", not an error.)
 */
export function useSession() {
  return useQuery<Me | null>({
    queryKey: queryKeys.me,
    queryFn: async () => {
      try {
        return await getMe();
      } catch (err) {
        if (isApiError(err) && err.isUnauthenticated) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
  });
}

/** The session inside the signed-in part of the app (RequireAuth guarantees it is there). */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe outside the signed-in app');
  return data;
}

/** True when the signed-in user has one of `roles`. Only hides UI: the server enforces permissions (P3). */
export function useHasRole(...roles: Role[]): boolean {
  const { data } = useSession();
  return !!data && roles.includes(data.actor.role);
}

/** Owners and Managers manage the workspace (settings, channels, users, teams). */
export function useCanManage(): boolean {
  return useHasRole('owner', 'manager');
}

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: async () => (await listUsers()).items });
}

/** The signed-in user's record (name, email, avatar, language), from the users list. */
export function useCurrentUser(): Member | undefined {
  const me = useMe();
  const { data } = useUsers();
  return data?.find((u) => u.id === me.actor.userId);
}

/** The workspace settings, kept fresh by `workspace.updated` events; the session's copy until loaded. */
export function useWorkspace() {
  const me = useMe();
  return useQuery({ queryKey: queryKeys.workspace, queryFn: getWorkspace, placeholderData: me.workspace });
}

/**
 * Set from the moment the user asks to sign out. The session may end on this page before the logout call answers
 * (the server's `session.ended` event): that is not an interrupted visit to come back to with `?next=`.
 */
let signingOut = false;
export const isSigningOut = () => signingOut;

/** Signs out: ends the server session, then loads the login page afresh. */
export function useSignOut() {
  return useMutation({
    onMutate: () => {
      signingOut = true;
    },
    onError: () => {
      signingOut = false;
    },
    mutationFn: async () => {
      try {
        await logout();
      } catch (err) {
        // Already signed out on the server: the result is the same.
        if (!(isApiError(err) && err.isUnauthenticated)) throw err;
      }
    },
    // A fresh load of the login page: nothing of the workspace stays in memory, and no signed-in page sees the
    // session end first (it would send the user to /login?next=<page>, as for an expired session).
    onSuccess: () => window.location.replace(paths.login),
  });
}

/**
 * Changes the UI language; for a signed-in user also saves it on their profile (PATCH /users/{id}), so the
 * server answers (errors, emails) in it on every device.
 */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  return async (language: Language) => {
    await changeLanguage(language);
    const userId = session?.actor.userId;
    if (!userId) return;
    await updateUser(userId, { language });
    queryClient.setQueryData<Me | null>(queryKeys.me, (prev) => (prev ? { ...prev, actor: { ...prev.actor, locale: language } } : prev));
    void queryClient.invalidateQueries({ queryKey: queryKeys.users });
  };
}
