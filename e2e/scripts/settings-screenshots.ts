// Screenshots of every settings page and its main dialogs at 1366×800, in English and Spanish, with some data —
// to look at what a change did (not a test). Needs web/dist and chromium.
//   npx tsx e2e/scripts/settings-screenshots.ts        → e2e/screenshots/settings/*.png
import path from 'node:path';
import { FakeIntegrator, SCREENSHOTS, VIEWPORT, launchBrowser, signUp, startConversa, switchLanguage } from '../harness.ts';

const out = path.join(SCREENSHOTS, 'settings');
const app = await startConversa();
const browser = await launchBrowser();
const fake = await FakeIntegrator.start();
const context = await browser.newContext({ viewport: VIEWPORT, baseURL: app.baseUrl, locale: 'en-US' });
const page = await context.newPage();
page.on('pageerror', (err) => console.error('page error:', err.message));
const shot = async (name: string) => {
  await page.waitForTimeout(300);
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
};

try {
  await signUp(page, { workspaceName: 'Tienda Aurora', name: 'Olivia Owner' });
  // Some data, through the API with the page's session cookie.
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await page.request.fetch(url, { method, data: body });
    if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
    return res.status() === 204 ? undefined : res.json();
  };
  const sales = await api('POST', '/api/v1/teams', { name: 'Ventas' });
  await api('POST', '/api/v1/teams', { name: 'Soporte', memberIds: [] });
  for (const [email, role, visibility] of [
    ['marta@example.test', 'agent', 'team'],
    ['joao@example.test', 'manager', 'all'],
  ] as const) {
    const inv = await api('POST', '/api/v1/invitations', { email, role, visibility, teamIds: [sales.id] });
    await (await browser.newContext()).request.post(`${app.baseUrl}/api/v1/invitations/${inv.token}/accept`, {
      data: { name: email.startsWith('marta') ? 'Marta Díaz' : 'João Pereira', password: 'a-long-password-123' },
    });
  }
  await api('POST', '/api/v1/invitations', { email: 'pending@example.test', role: 'agent', visibility: 'assigned', teamIds: [] });
  await api('POST', '/api/v1/channels', { type: 'api', name: 'Tienda online', config: { outboundUrl: fake.url } });
  for (const name of ['Venta cerrada', 'Sin respuesta', 'Consulta resuelta']) await api('POST', '/api/v1/closing-categories', { name });
  await api('POST', '/api/v1/custom-fields', { key: 'customer_number', label: 'Customer number', type: 'text' });
  await api('POST', '/api/v1/custom-fields', { key: 'plan', label: 'Plan', type: 'list', options: ['Free', 'Pro', 'Business'] });
  await api('POST', '/api/v1/custom-fields', { key: 'birthday', label: 'Birthday', type: 'date' });
  await api('POST', '/api/v1/api-tokens', { name: 'CRM sync' });

  for (const lang of ['en', 'es'] as const) {
    if (lang !== 'en') await switchLanguage(page, lang);
    const visit = async (p: string, name: string) => {
      await page.goto(p);
      await page.locator('.page-header__title').waitFor();
      await shot(`${lang}-${name}`);
    };
    await visit('/settings', 'index');
    await visit('/settings/general', 'general');
    await visit('/settings/users', 'users');
    await page.locator('.st-table tbody tr').nth(1).getByRole('button').first().click();
    await shot(`${lang}-users-edit`);
    await page.keyboard.press('Escape');
    await page.locator('.page-header .btn--primary').click();
    await page.locator('dialog input[name=email]').fill(`new.${lang}@example.test`);
    await page.locator('dialog button[type=submit]').click();
    await page.locator('dialog input[name=invitationLink]').waitFor();
    await shot(`${lang}-users-invite-link`);
    await page.keyboard.press('Escape');
    await visit('/settings/teams', 'teams');
    await page.locator('.st-list__item').first().getByRole('button').first().click();
    await shot(`${lang}-teams-edit`);
    await page.keyboard.press('Escape');
    await visit('/settings/channels', 'channels');
    await page.locator('.page-header .btn--primary').click();
    await page.locator('dialog button[type=submit]').click();
    await shot(`${lang}-channels-create-errors`);
    await page.locator('dialog input[name=name]').fill(`Canal ${lang}`);
    await page.locator('dialog input[name=outboundUrl]').fill(fake.url);
    await page.locator('dialog button[type=submit]').click();
    await page.locator('dialog input[name=secret]').waitFor();
    await shot(`${lang}-channels-created`);
    await page.keyboard.press('Escape');
    await page.locator('.st-table tbody tr').first().getByRole('button').last().click();
    await shot(`${lang}-channels-remove`);
    await page.keyboard.press('Escape');
    await visit('/settings/closing-notes', 'closing');
    await visit('/settings/contact-fields', 'fields');
    await page.locator('.page-header .btn--primary').click();
    await page.locator('dialog select[name=type]').selectOption('list');
    await shot(`${lang}-fields-create`);
    await page.keyboard.press('Escape');
    await visit('/settings/api-tokens', 'tokens');
  }
} finally {
  await browser.close();
  await fake.close();
  await app.close();
}
process.exit(0);
