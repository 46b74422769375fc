/**
 * Browser journeys: a whole Conversa node in-process (API, websocket, jobs, the built web app) on a test database,
 * driven through Debian's chromium with playwright-core.
 *
 *   import { journey, signUp } from '../harness.ts';
 *
 *   journey('an owner connects a channel', async ({ app, newPage, integrator }) => {
 *     const page = await newPage();               // a fresh browser context (1366×800, English)
 *     const owner = await signUp(page);            // through the sign-up form; lands in the inbox
 *     const fake = await integrator();             // the other end of an API channel (closed after the journey)
 *     …
 *   });
 *
 * One node and one browser per test file (started by the first journey, closed when the file ends); each journey
 * signs up its own workspace, so journeys in a file do not see each other's data. On failure every page the journey
 * opened is saved to e2e/screenshots/<file>--<journey>--<n>.png. Without /usr/bin/chromium (or $CHROMIUM) every
 * journey is skipped with the reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { FakeIntegrator, inboundMessage, signWebhook, type InboundMessage } from '@conversa/server/test/fakes/api-integrator.ts';
import { testConfig, testDatabase, uniqueEmail } from '@conversa/server/test/harness.ts';
import { createConversa, type Conversa } from '@conversa/server/src/server.ts';

export { FakeIntegrator, inboundMessage, signWebhook };

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, 'screenshots');
const WEB_DIST = path.join(here, '..', 'web', 'dist');

/** The browser: Debian's chromium (STACK.md). `npx playwright install` cannot work on the project's machines. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why the journeys cannot run here (no browser), or undefined. */
export const skipReason: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `no chromium at ${CHROMIUM}: browser journeys skipped (apt-get install chromium, or set CHROMIUM=/path/to/chromium)`;

export const VIEWPORT = { width: 1366, height: 800 };

// ---------- The Conversa node ----------

export type ConversaNode = {
  server: Conversa;
  /** http://127.0.0.1:<port>: also the node's PUBLIC_URL, so invitation links and webhook URLs point here. */
  baseUrl: string;
  close(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a whole node (createConversa: API, websocket, workers, web/dist) on a fresh database — a new PostgreSQL
 * database when DATABASE_URL is set (dropped on close), otherwise an in-memory PGlite — listening on 127.0.0.1.
 */
export async function startConversa(env: Record<string, string> = {}): Promise<ConversaNode> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build -w web` first');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = await testDatabase();
  const config = testConfig({ PORT: String(port), PUBLIC_URL: baseUrl, ...env });
  const server = await createConversa(config, { database, log: pino({ level: config.logLevel }) });
  await server.app.listen({ port, host: '127.0.0.1' });
  return {
    server,
    baseUrl,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// ---------- Journeys ----------

export type NewPageOptions = { locale?: string; viewport?: { width: number; height: number } };

export type Journey = {
  app: ConversaNode;
  browser: Browser;
  /** A page in a new browser context (its own cookies: another person), tracked for failure screenshots. */
  newPage(options?: NewPageOptions): Promise<Page>;
  /** A fake API-channel integrator (server/test/fakes/api-integrator.ts), closed after the journey. */
  integrator(): Promise<FakeIntegrator>;
  /** Saves a screenshot of `page` to e2e/screenshots/<name>.png now (failures are saved without asking). */
  screenshot(page: Page, name: string): Promise<string>;
  /** `app.baseUrl + path`. */
  url(path: string): string;
};

let shared: Promise<{ app: ConversaNode; browser: Browser }> | undefined;

// Registered when the journey file imports the harness, so it runs after the file's last test: an `after`
// registered inside a test would close the node as soon as that one test ended.
after(async () => {
  const rig = await shared?.catch(() => undefined);
  await rig?.browser.close().catch(() => undefined);
  await rig?.app.close();
});

/** The file's node and browser, started on first use and closed when the file's tests end. */
function sharedRig() {
  shared ??= (async () => {
    const [app, browser] = await Promise.all([startConversa(), launchBrowser()]);
    return { app, browser };
  })();
  return shared;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/** Registers a browser journey (a node:test test); skipped with the reason when there is no chromium. */
export function journey(name: string, fn: (j: Journey) => Promise<void>, options: { timeout?: number } = {}) {
  test(name, { skip: skipReason ?? false, timeout: options.timeout ?? 120_000 }, async (t) => {
    const { app, browser } = await sharedRig();
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    const fakes: FakeIntegrator[] = [];
    const problems: string[] = [];
    const file = slug(path.basename(process.argv[1] ?? 'journey').replace(/\.test\.ts$/, ''));
    const screenshot = async (page: Page, shot: string) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    };
    const j: Journey = {
      app,
      browser,
      url: (p) => `${app.baseUrl}${p}`,
      async newPage({ locale = 'en-US', viewport = VIEWPORT } = {}) {
        const context = await browser.newContext({ locale, viewport, baseURL: app.baseUrl });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
        page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
        pages.push(page);
        return page;
      },
      async integrator() {
        const fake = await FakeIntegrator.start();
        fakes.push(fake);
        return fake;
      },
      screenshot,
    };
    try {
      await fn(j);
    } catch (err) {
      for (const [i, page] of pages.entries()) {
        if (page.isClosed()) continue;
        const saved = await screenshot(page, `${file}--${slug(name)}--${i + 1}`).catch(() => undefined);
        if (saved) t.diagnostic(`screenshot: ${saved} (${page.url()})`);
      }
      for (const problem of problems) t.diagnostic(problem);
      throw err;
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await Promise.all(fakes.map((f) => f.close().catch(() => undefined)));
    }
  });
}

// ---------- Steps through the UI ----------

export type Person = { workspaceName: string; name: string; email: string; password: string };

/** Signs up a new workspace through /signup and waits for the inbox. Returns who signed up. */
export async function signUp(page: Page, person: Partial<Person> = {}): Promise<Person> {
  const who: Person = {
    workspaceName: person.workspaceName ?? 'Tienda Journey',
    name: person.name ?? 'Olivia Owner',
    email: person.email ?? uniqueEmail('owner'),
    password: person.password ?? 'a-long-journey-password',
  };
  await page.goto('/signup');
  await page.fill('input[name=workspaceName]', who.workspaceName);
  await page.fill('input[name=name]', who.name);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/inbox\//);
  return who;
}

/** Signs in through /login and waits for the inbox. */
export async function signIn(page: Page, who: Pick<Person, 'email' | 'password'>) {
  await page.goto('/login');
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/inbox\//);
}

/** Opens the account menu at the bottom of the nav rail and picks a UI language by its code (en, es, pt-BR). */
export async function switchLanguage(page: Page, code: 'en' | 'es' | 'pt-BR') {
  const trigger = page.locator('.user-menu__trigger');
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  await page.locator('.user-menu__panel select').selectOption(code);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, code);
  await page.keyboard.press('Escape');
}

/**
 * POSTs an inbound message to a channel's webhook URL over real HTTP, signed as the integration would
 * (X-Conversa-Signature over the raw body), and returns the HTTP status.
 */
export async function postInbound(inboundUrl: string, secret: string, message: InboundMessage): Promise<number> {
  const rawBody = JSON.stringify(message);
  const res = await fetch(inboundUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(secret, rawBody) }, body: rawBody });
  await res.arrayBuffer();
  return res.status;
}

/** Marks the page so `assertNoReload` can prove later that it was never reloaded (the change came live). */
/** Waits until `check` gives something truthy (providers, mail servers and jobs answer in their own time). */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as unknown as { __journeyMark: number }).__journeyMark = 1));
}

export async function assertNoReload(page: Page) {
  const mark = await page.evaluate(() => (window as unknown as { __journeyMark?: number }).__journeyMark);
  if (mark !== 1) throw new Error('the page was reloaded');
}
