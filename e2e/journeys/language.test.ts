// Issue 3, "Done when" 2: the language switch in the user menu translates the sidebar, the settings pages and
// the login screen (Spanish, Brazilian Portuguese). Expected texts come from the translation files, and must
// differ from English, so a missing translation fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { journey, signUp, switchLanguage } from '../harness.ts';

type Tree = { [key: string]: string | Tree };
const load = (code: string) => JSON.parse(readFileSync(new URL(`../../web/src/i18n/${code}.json`, import.meta.url), 'utf8')) as Tree;
const en = load('en');
const text = (tree: Tree, key: string) => {
  const value = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
  if (typeof value !== 'string') throw new Error(`no text at ${key}`);
  return value;
};

/** The text of `key` in `tree`, checked to be translated (different from English). */
function translated(tree: Tree, key: string) {
  const value = text(tree, key);
  assert.notEqual(value, text(en, key), `${key} is not translated`);
  return value;
}

async function checkSignedIn(page: Page, tree: Tree) {
  const t = (key: string) => translated(tree, key);
  // The inbox sidebar.
  await page.getByRole('navigation', { name: t('shell.mainNav') }).getByRole('link', { name: t('shell.nav.messages') }).click();
  const sidebar = page.getByRole('navigation', { name: t('inbox.sidebarLabel') });
  await sidebar.getByRole('link', { name: new RegExp(`^${t('inbox.views.unassigned')}`) }).waitFor();
  await sidebar.getByRole('link', { name: new RegExp(`^${t('inbox.views.mine')}`) }).waitFor();
  // Settings: the index, and two sections.
  await page.getByRole('navigation', { name: t('shell.mainNav') }).getByRole('link', { name: t('shell.nav.settings') }).click();
  await page.getByRole('heading', { name: t('settings.title'), level: 1 }).waitFor();
  await page.getByRole('link', { name: new RegExp(t('settings.channels.title')) }).click();
  await page.getByRole('heading', { name: t('settings.channels.title'), level: 1 }).waitFor();
  await page.getByRole('button', { name: t('settings.channels.connect') }).waitFor();
  await page.getByRole('link', { name: t('settings.back') }).click();
  await page.getByRole('link', { name: new RegExp(t('settings.fields.title')) }).click();
  await page.getByRole('heading', { name: t('settings.fields.emptyTitle') }).waitFor();
}

journey('switching to Español and Português (Brasil) translates the sidebar, settings and login screen', async ({ newPage }) => {
  const es = load('es');
  const pt = load('pt-BR');
  const page = await newPage();
  const owner = await signUp(page, { workspaceName: 'Multilingüe' });
  await page.getByRole('link', { name: /^Unassigned/ }).waitFor();

  await switchLanguage(page, 'es');
  await checkSignedIn(page, es);

  await switchLanguage(page, 'pt-BR');
  await checkSignedIn(page, pt);

  // Signed out, the login screen stays in the chosen language.
  await page.locator('.user-menu__trigger').click();
  await page.getByRole('button', { name: translated(pt, 'shell.userMenu.signOut') }).click();
  // A deliberate sign-out is not an interrupted visit: it ends on a bare /login, no `?next=` back to the page left.
  await page.waitForURL((url) => url.pathname === '/login' && url.search === '');
  await page.getByRole('heading', { name: translated(pt, 'auth.login.title') }).waitFor();

  // The login screen's own picker switches it to Spanish; signing in keeps the profile's language (pt-BR).
  await page.getByLabel(text(pt, 'common.language')).selectOption('es');
  await page.getByRole('heading', { name: translated(es, 'auth.login.title') }).waitFor();
  await page.getByRole('button', { name: translated(es, 'auth.login.submit') }).waitFor();
  await page.fill('input[name=email]', owner.email);
  await page.fill('input[name=password]', owner.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  const rail = page.getByRole('navigation', { name: translated(pt, 'shell.mainNav') });
  await rail.getByRole('link', { name: translated(pt, 'shell.nav.messages') }).click();
  await page.getByRole('link', { name: new RegExp(`^${translated(pt, 'inbox.views.unassigned')}`) }).waitFor();
});
