import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';
import type { IconName } from '../../components';
import { ApiTokensSettings } from './ApiTokensSettings';
import { ChannelsSettings } from './ChannelsSettings';
import { ClosingCategoriesSettings } from './ClosingCategoriesSettings';
import { CustomFieldsSettings } from './CustomFieldsSettings';
import { GeneralSettings } from './GeneralSettings';
import { TeamsSettings } from './TeamsSettings';
import { UsersSettings } from './UsersSettings';

export type SettingsSection = {
  /** URL segment under /settings (`users` → /settings/users). */
  path: string;
  /** i18n keys of the link's title and one-line description. */
  titleKey: ParseKeys;
  descriptionKey: ParseKeys;
  icon: IconName;
  /** The section's page (lazy-load it if it is big). */
  Component: ComponentType;
};

/**
 * The settings sections: each one listed here gets its link on /settings and its route /settings/<path>.
 * (The whole settings module is one lazy chunk: the pages are small.)
 */
export const settingsSections: SettingsSection[] = [
  { path: 'general', titleKey: 'settings.workspace.title', descriptionKey: 'settings.workspace.description', icon: 'building', Component: GeneralSettings },
  { path: 'users', titleKey: 'settings.users.title', descriptionKey: 'settings.users.description', icon: 'user', Component: UsersSettings },
  { path: 'teams', titleKey: 'settings.teams.title', descriptionKey: 'settings.teams.description', icon: 'users', Component: TeamsSettings },
  { path: 'channels', titleKey: 'settings.channels.title', descriptionKey: 'settings.channels.description', icon: 'plug', Component: ChannelsSettings },
  { path: 'closing-notes', titleKey: 'settings.closing.title', descriptionKey: 'settings.closing.description', icon: 'check', Component: ClosingCategoriesSettings },
  { path: 'contact-fields', titleKey: 'settings.fields.title', descriptionKey: 'settings.fields.description', icon: 'layers', Component: CustomFieldsSettings },
  { path: 'api-tokens', titleKey: 'settings.tokens.title', descriptionKey: 'settings.tokens.description', icon: 'api', Component: ApiTokensSettings },
];
