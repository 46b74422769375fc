import { http } from './client';
import type { Channel, InboxCounts, InboxRow, InboxView, List, Locale, Member, Page, Role, Team, User, Visibility, Workspace } from './types';

export const getWorkspace = () => http.get<Workspace>('/api/v1/workspace');
export const updateWorkspace = (patch: { name?: string; timezone?: string; language?: Locale }) =>
  http.patch<Workspace>('/api/v1/workspace', patch);

export const listUsers = () => http.get<List<Member>>('/api/v1/users');
export type UserPatch = { name?: string; language?: Locale | null; role?: Role; visibility?: Visibility; teamIds?: string[] };
export const updateUser = (id: string, patch: UserPatch) => http.patch<User>(`/api/v1/users/${id}`, patch);
export const deleteUser = (id: string) => http.delete(`/api/v1/users/${id}`);

export const listTeams = () => http.get<List<Team>>('/api/v1/teams');

export const listChannels = () => http.get<List<Channel>>('/api/v1/channels');

export const getInboxCounts = () => http.get<InboxCounts>('/api/v1/inbox/counts');

export type InboxQuery = {
  view?: InboxView;
  status?: 'open' | 'closed' | 'snoozed';
  sort?: 'newest' | 'oldest' | 'longest' | 'shortest';
  q?: string;
  cursor?: string;
  limit?: number;
};
/** One page of an inbox (IN-1, IN-4). */
export const listInbox = (query: InboxQuery = {}) => http.get<Page<InboxRow>>('/api/v1/inbox', { query });
