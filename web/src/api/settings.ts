import { http } from './client';
import type { ClosingCategory, CustomField, CustomFieldType } from './messages';
import type { Channel, List, Role, Team, Visibility } from './types';

/** Settings calls (Owner/Manager; the server refuses everyone else: P3). See /api/openapi.json. */

export type Invitation = {
  id: string;
  email: string;
  role: Role;
  visibility: Visibility;
  teamIds: string[];
  expiresAt: string;
  createdAt: string;
  invitedBy: string | null;
};
/** POST /invitations: the invitation with its secret token and accept link, shown once. */
export type CreatedInvitation = Invitation & { token: string; link: string };
export type InvitationInput = { email: string; role: Role; visibility: Visibility; teamIds: string[] };
export const listInvitations = () => http.get<List<Invitation>>('/api/v1/invitations');
export const createInvitation = (input: InvitationInput) => http.post<CreatedInvitation>('/api/v1/invitations', input);
export const revokeInvitation = (id: string) => http.delete(`/api/v1/invitations/${encodeURIComponent(id)}`);

export const createTeam = (input: { name: string; memberIds: string[] }) => http.post<Team>('/api/v1/teams', input);
export const updateTeam = (id: string, patch: { name?: string; memberIds?: string[] }) =>
  http.patch<Team>(`/api/v1/teams/${encodeURIComponent(id)}`, patch);
export const deleteTeam = (id: string) => http.delete(`/api/v1/teams/${encodeURIComponent(id)}`);

/** POST /channels: the channel with its webhook secret, shown once (Owners/Managers may reveal it again). */
export type CreatedChannel = Channel & { secret: string };
/** The provider is asked first (WhatsApp, Telegram): 422 `channel_credentials_invalid` / 502 `provider_unreachable` save nothing. */
export const createChannel = (input: { type: string; name: string; config: Record<string, unknown> }) => http.post<CreatedChannel>('/api/v1/channels', input);
/** `config` replaces the whole config and is checked with the provider again; accepted, it reconnects the channel. */
export const updateChannel = (id: string, patch: { name?: string; config?: Record<string, unknown> }) =>
  http.patch<Channel>(`/api/v1/channels/${encodeURIComponent(id)}`, patch);
export const revealChannelSecret = (id: string) => http.get<{ secret: string }>(`/api/v1/channels/${encodeURIComponent(id)}/secret`);
/** CH-5: how many open conversations removing the channel interrupts, and the phrase (its name) to type back. */
export const channelRemovalPreview = (id: string) =>
  http.get<{ openConversations: number; confirmationPhrase: string }>(`/api/v1/channels/${encodeURIComponent(id)}/removal`);
/** Mails the signed-in admin a one-time code (10 minutes, 5 tries); asking again replaces it. */
export const sendChannelRemovalCode = (id: string) =>
  http.post<{ sentTo: string; expiresAt: string }>(`/api/v1/channels/${encodeURIComponent(id)}/removal-code`);
/** Irreversible: 422 `removal_code_invalid` (with `attemptsLeft`) for a wrong or expired code. */
export const deleteChannel = (id: string, proof: { confirmation: string; code: string }) =>
  http.delete(`/api/v1/channels/${encodeURIComponent(id)}`, { body: proof });

export const createClosingCategory = (input: { name: string; position?: number }) => http.post<ClosingCategory>('/api/v1/closing-categories', input);
export const updateClosingCategory = (id: string, patch: { name?: string; position?: number }) =>
  http.patch<ClosingCategory>(`/api/v1/closing-categories/${encodeURIComponent(id)}`, patch);
export const deleteClosingCategory = (id: string) => http.delete(`/api/v1/closing-categories/${encodeURIComponent(id)}`);

export type CustomFieldInput = { key: string; label: string; type: CustomFieldType; options?: string[]; position?: number };
export const createCustomField = (input: CustomFieldInput) => http.post<CustomField>('/api/v1/custom-fields', input);
export const updateCustomField = (id: string, patch: { label?: string; options?: string[]; position?: number }) =>
  http.patch<CustomField>(`/api/v1/custom-fields/${encodeURIComponent(id)}`, patch);
export const deleteCustomField = (id: string) => http.delete(`/api/v1/custom-fields/${encodeURIComponent(id)}`);

export type ApiToken = { id: string; name: string; prefix: string; createdAt: string; createdBy: string | null; lastUsedAt: string | null };
/** POST /api-tokens: the token itself is in this answer only. */
export type CreatedApiToken = ApiToken & { token: string };
export const listApiTokens = () => http.get<List<ApiToken>>('/api/v1/api-tokens');
export const createApiToken = (name: string) => http.post<CreatedApiToken>('/api/v1/api-tokens', { name });
export const revokeApiToken = (id: string) => http.delete(`/api/v1/api-tokens/${encodeURIComponent(id)}`);
