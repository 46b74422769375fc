// Screenshots of the main screens, to look at what a change did (not a test).
//   BASE=http://127.0.0.1:3000 OUT=/tmp/shots node web/scripts/screenshots.mjs
// Needs a running server with the demo data (`npm run seed`) and Debian's chromium (/usr/bin/chromium).
import { chromium } from 'playwright-core';

const base = process.env.BASE ?? 'http://127.0.0.1:3000';
const out = process.env.OUT ?? '/tmp/shots';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const shot = async (page, name) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
};

async function session(locale, email, password = 'conversa-demo') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  page.on('console', (msg) => msg.type() === 'error' && console.error('console:', msg.text()));
  if (email) {
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/inbox\//);
    await page.waitForSelector('.side-nav__list');
  }
  return { context, page };
}

for (const locale of ['en', 'es', 'pt-BR']) {
  const { context, page } = await session(locale);
  await page.goto(`${base}/login`);
  await page.waitForSelector('form');
  await shot(page, `login-${locale}`);
  await context.close();
}

{
  const { context, page } = await session('en');
  await page.goto(`${base}/signup`);
  await page.click('button[type=submit]');
  await shot(page, 'signup-errors');
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', 'demo@conversa.local');
  await page.fill('input[name=password]', 'wrong-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('[role=alert]');
  await shot(page, 'login-wrong-password');
  await page.goto(`${base}/invite/not-a-real-token`);
  await page.fill('input[name=name]', 'Ana');
  await page.fill('input[name=password]', 'long-enough-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.alert');
  await shot(page, 'invite-invalid');
  await context.close();
}

{
  const { context, page } = await session('es', 'demo@conversa.local');
  await page.goto(`${base}/inbox/all`);
  await page.waitForSelector('.conv-list, .empty');
  await shot(page, 'inbox-owner-all');
  await page.click('.side-nav__list >> nth=1 >> a >> nth=0');
  await page.waitForSelector('.conv-list, .empty');
  await shot(page, 'inbox-owner-team');
  await page.click('.user-menu__trigger');
  await shot(page, 'user-menu');
  await page.keyboard.press('Escape');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('.facts');
  await shot(page, 'settings');
  await context.setOffline(true);
  await page.waitForSelector('.conn-banner', { timeout: 30_000 }).catch(() => console.error('no reconnect banner'));
  await shot(page, 'reconnecting');
  await context.close();
}

{
  const { context, page } = await session('pt-BR', 'thiago@conversa.local');
  await page.waitForSelector('.conv-list, .empty');
  await shot(page, 'inbox-agent-assigned');
  await context.close();
}

{
  const { context, page } = await session('en');
  await page.goto(`${base}/signup`);
  await page.fill('input[name=workspaceName]', 'Acme Support');
  await page.fill('input[name=name]', 'Nora Owner');
  await page.fill('input[name=email]', `nora+${Date.now()}@example.com`);
  await page.fill('input[name=password]', 'a-long-password');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/inbox\//);
  await page.waitForSelector('.empty');
  await shot(page, 'inbox-new-workspace');
  await context.close();
}

await browser.close();
