import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';
import type { IconName } from '../../components';

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
 * Sections come with the Settings work (general, users, teams, channels, fields, closing notes, API tokens).
 */
export const settingsSections: SettingsSection[] = [];
