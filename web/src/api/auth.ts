import { http } from './client';
import type { Locale, Me, User, Workspace } from './types';

export type SignupInput = {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
  language?: Locale;
  /** IANA zone; the browser's by default. */
  timezone?: string;
};

/** Creates a workspace and its Owner, and signs in (sets the session cookie). */
export const signup = (input: SignupInput) => http.post<{ user: User; workspace: Workspace }>('/api/v1/auth/signup', input);

/** Signs in (sets the session cookie). */
export const login = (input: { email: string; password: string }) => http.post<{ user: User }>('/api/v1/auth/login', input);

/** Ends the session (clears the cookie; the server closes this user's sockets). */
export const logout = () => http.post<void>('/api/v1/auth/logout');

/** Who is signed in: role, visibility, teams, locale, and the workspace. 401 when signed out. */
export const getMe = () => http.get<Me>('/api/v1/auth/me');

/** Accepts an invitation: creates the user and signs them in. */
export const acceptInvitation = (token: string, input: { name: string; password: string }) =>
  http.post<{ user: User }>(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, input);
