// Issue 3, "Done when" 1, 2, 3 and 5: the Messages module live in the browser. Set-up (workspace, channel, people)
// goes through the HTTP API; everything checked is seen in the page, without reloads unless stated.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertNoReload, inboundMessage, journey, markNoReload, postInbound, signIn, signWebhook, switchLanguage, type Journey } from '../harness.ts';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;
let seq = 0;

/** A workspace made through the API, with an API channel pointing at a fake integrator. */
async function workspace(j: Journey, name: string) {
  const email = `owner.${process.pid}.${++seq}@example.test`;
  const password = 'a-long-journey-password';
  const call = (token?: string): Api => async (method, path, body) => {
    const res = await fetch(j.url(path), {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const signup = await call()('POST', '/api/v1/auth/signup', { workspaceName: name, name: 'Olivia Owner', email, password, language: 'en' });
  const api = call(signup.token);
  const fake = await j.integrator();
  const channel = await api('POST', '/api/v1/channels', { type: 'api', name: 'Shop', config: { outboundUrl: fake.url } });
  fake.useSecret(channel.secret);
  /** Invites someone with a role and visibility and accepts for them; returns their credentials and id. */
  const member = async (role: 'manager' | 'agent', visibility: 'all' | 'team' | 'assigned', personName: string) => {
    const memberEmail = `${role}.${process.pid}.${++seq}@example.test`;
    const invite = await api('POST', '/api/v1/invitations', { email: memberEmail, role, visibility });
    const accepted = await call()('POST', `/api/v1/invitations/${invite.token}/accept`, { name: personName, password });
    await call(accepted.token)('PATCH', `/api/v1/users/${accepted.user.id}`, { language: 'en' });
    return { email: memberEmail, password, id: accepted.user.id as string };
  };
  const inbound = (contact: string, id: string, text: string, contactName = contact) =>
    postInbound(channel.inboundUrl, channel.secret, inboundMessage(contact, id, text, { name: contactName }));
  return { owner: { email, password, id: signup.user.id as string }, api, fake, channel, member, inbound };
}

const row = (page: Page, name: string) => page.locator('[data-testid=inbox-row]', { hasText: name });

journey('an inbound message appears live in Unassigned; the reply moves the contact to Mine, clears unanswered, and ticks turn live', async (j) => {
  const w = await workspace(j, 'Tienda Viva');
  const page = await j.newPage();
  await signIn(page, w.owner);
  await page.goto('/inbox/unassigned');
  await markNoReload(page);

  assert.equal(await w.inbound('ana', 'in-1', 'Hola, ¿tienen envío a Monterrey?', 'Ana Gómez'), 200);
  const ana = row(page, 'Ana Gómez');
  await ana.waitFor({ timeout: 10_000 });
  assert.match((await ana.getAttribute('aria-label')) ?? (await ana.innerText()), /1/);
  await ana.click();
  await page.getByRole('log', { name: 'Message history' }).getByText('Hola, ¿tienen envío a Monterrey?').waitFor();

  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('¡Hola Ana! Sí, enviamos en 2 días.');
  await composer.press('Enter');
  const bubble = page.locator('[data-testid=message]', { hasText: '¡Hola Ana! Sí, enviamos en 2 días.' });
  await bubble.waitFor();
  // One bubble only: the optimistic one is reconciled with the server's and the realtime echo.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=message][data-status=sent]').length >= 1, undefined, { timeout: 10_000 });
  assert.equal(await bubble.count(), 1);
  const delivery = w.fake.deliveries.find((d) => d.body.text === '¡Hola Ana! Sí, enviamos en 2 días.');
  assert.ok(delivery, 'the integrator received the reply');

  // Replying assigned the contact to the owner: it is in Mine now, with nothing waiting for a reply.
  await page.goto('/inbox/mine');
  await row(page, 'Ana Gómez').waitFor();
  assert.doesNotMatch((await row(page, 'Ana Gómez').getAttribute('aria-label')) ?? '', /waiting for a reply/);
  await row(page, 'Ana Gómez').click();
  await markNoReload(page);

  // Delivered, then read, posted by the integration: the tick follows live.
  const messageId = delivery!.body.messageId;
  for (const status of ['delivered', 'read'] as const) {
    const rawBody = JSON.stringify({ status: { messageId, status } });
    await fetch(w.channel.inboundUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signWebhook(w.channel.secret, rawBody) }, body: rawBody });
    await page.locator(`[data-testid=message][data-message-id="${messageId}"][data-status=${status}]`).waitFor({ timeout: 10_000 });
  }
  await assertNoReload(page);
  await j.screenshot(page, 'messages--replied-and-read');
});

journey('a restricted agent never sees a contact assigned to someone else; assigned to them, it appears in their Mine within a second', async (j) => {
  const w = await workspace(j, 'Equipe Restrita');
  const agent = await w.member('agent', 'assigned', 'Rita Restrita');
  const manager = await j.newPage();
  const agentPage = await j.newPage();
  await signIn(manager, w.owner);
  await signIn(agentPage, agent);
  await agentPage.goto('/inbox/mine');
  await markNoReload(agentPage);

  await w.inbound('bruno', 'in-b1', 'Oi, preciso de ajuda', 'Bruno Lima');
  await w.inbound('carla', 'in-c1', 'Olá!', 'Carla Dias');
  await manager.goto('/inbox/all');
  await row(manager, 'Bruno Lima').waitFor({ timeout: 10_000 });
  // Carla goes to the owner: the agent must never see her.
  const carla = await w.api('GET', '/api/v1/inbox?view=all&q=carla');
  await w.api('POST', `/api/v1/contacts/${carla.items[0].contact.id}/assignee`, { userId: w.owner.id });

  // The manager assigns Bruno to the agent through the assign picker.
  await row(manager, 'Bruno Lima').click();
  await manager.locator('[data-testid=assign-button]').click();
  await manager.getByRole('searchbox', { name: 'Search people and teams' }).or(manager.getByLabel('Search people and teams')).first().fill('Rita');
  const started = Date.now();
  await manager.getByRole('button', { name: /Rita Restrita/ }).click();
  await row(agentPage, 'Bruno Lima').waitFor({ timeout: 5_000 });
  const seenAfterMs = Date.now() - started;
  assert.ok(seenAfterMs < 2_000, `appeared after ${seenAfterMs} ms`);
  await assertNoReload(agentPage);
  assert.equal(await row(agentPage, 'Carla Dias').count(), 0);

  // Not after a reload either, nor by opening her URL directly.
  await agentPage.reload();
  await row(agentPage, 'Bruno Lima').waitFor();
  assert.equal(await row(agentPage, 'Carla Dias').count(), 0);
  await agentPage.goto(`/inbox/all/${carla.items[0].contact.id}`);
  await agentPage.waitForTimeout(500);
  assert.equal(await agentPage.getByText('Olá!').count(), 0);
  await j.screenshot(agentPage, 'messages--restricted-agent');
});

journey('close with a closing note, snooze and watch it wake, reopen: each event appears in the timeline', async (j) => {
  const w = await workspace(j, 'Ciclo');
  const page = await j.newPage();
  await signIn(page, w.owner);
  await w.inbound('dora', 'in-d1', 'Quiero cambiar mi pedido', 'Dora Díaz');
  await page.goto('/inbox/all');
  await row(page, 'Dora Díaz').click();
  const log = page.getByRole('log', { name: 'Message history' });
  await log.getByText('Quiero cambiar mi pedido').waitFor();
  await markNoReload(page);

  await page.locator('[data-testid=close-conversation]').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Closing note').selectOption({ index: 1 });
  await dialog.getByLabel('Summary').fill('Pedido cambiado a talla M');
  await dialog.getByRole('button', { name: 'Close conversation' }).click();
  await log.locator('[data-testid=timeline-event][data-event-type=closed]').waitFor();
  await log.getByText('Pedido cambiado a talla M').waitFor();

  await page.locator('[data-testid=reopen-conversation]').click();
  await log.locator('[data-testid=timeline-event][data-event-type=opened]').nth(1).waitFor();

  // Snoozed for three seconds (through the API: the UI's shortest preset is an hour); it wakes live.
  const contacts = await w.api('GET', '/api/v1/inbox?view=all&q=dora');
  await w.api('POST', `/api/v1/contacts/${contacts.items[0].contact.id}/snooze`, { until: new Date(Date.now() + 3_000).toISOString() });
  await log.locator('[data-testid=timeline-event][data-event-type=snoozed]').waitFor();
  await log.locator('[data-testid=timeline-event][data-event-type=unsnoozed]').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid=snooze-button]').click();
  await page.getByRole('menuitem', { name: '1 hour' }).or(page.getByRole('button', { name: '1 hour' })).first().click();
  await log.locator('[data-testid=timeline-event][data-event-type=snoozed]').nth(1).waitFor();
  await page.locator('[data-testid=unsnooze-conversation]').click();
  await log.locator('[data-testid=timeline-event][data-event-type=unsnoozed]').nth(1).waitFor();
  await assertNoReload(page);
  await j.screenshot(page, 'messages--lifecycle');
});

journey('offline, then back: messages received meanwhile appear once, in order', async (j) => {
  const w = await workspace(j, 'Sin Red');
  const page = await j.newPage();
  await signIn(page, w.owner);
  await w.inbound('eva', 'in-e0', 'primero', 'Eva Ruiz');
  await page.goto('/inbox/all');
  await row(page, 'Eva Ruiz').click();
  const log = page.getByRole('log', { name: 'Message history' });
  await log.getByText('primero').waitFor();
  await markNoReload(page);

  await page.context().setOffline(true);
  await page.waitForTimeout(1_000);
  for (const [i, text] of ['segundo', 'tercero', 'cuarto'].entries()) await w.inbound('eva', `in-e${i + 1}`, text);
  await page.context().setOffline(false);
  await log.getByText('cuarto').waitFor({ timeout: 20_000 });
  const texts = await log.locator('[data-testid=message]').allInnerTexts();
  const order = ['primero', 'segundo', 'tercero', 'cuarto'].map((t) => texts.findIndex((x) => x.includes(t)));
  assert.deepEqual([...order].sort((a, b) => a - b), order, `in order: ${JSON.stringify(texts)}`);
  for (const t of ['segundo', 'tercero', 'cuarto']) assert.equal(texts.filter((x) => x.includes(t)).length, 1, `${t} once`);
  await assertNoReload(page);
});

journey('Español and Português: the inbox, the composer and the event lines are translated', async (j) => {
  const w = await workspace(j, 'Idiomas');
  const page = await j.newPage();
  await signIn(page, w.owner);
  await w.inbound('fabi', 'in-f1', 'Oi!', 'Fabiana Souza');
  await page.goto('/inbox/all');
  await row(page, 'Fabiana Souza').click();
  const log = page.getByRole('log');
  await log.getByText('The contact opened a conversation').waitFor();
  const expected = {
    es: { views: ['Todas', 'Mías', 'Sin asignar'], composer: 'Mensaje', placeholder: 'Escribe un mensaje…', opened: 'El contacto abrió una conversación' },
    'pt-BR': { views: ['Todas', 'Minhas', 'Não atribuídas'], composer: 'Mensagem', placeholder: 'Escreva uma mensagem…', opened: 'O contato abriu uma conversa' },
  } as const;
  for (const [code, words] of Object.entries(expected) as [keyof typeof expected, (typeof expected)[keyof typeof expected]][]) {
    await switchLanguage(page, code);
    for (const view of words.views) await page.getByRole('link', { name: new RegExp(`^${view}`) }).first().waitFor();
    const composer = page.getByRole('textbox', { name: words.composer });
    await composer.waitFor();
    assert.equal(await composer.getAttribute('placeholder'), words.placeholder);
    await log.getByText(words.opened).waitFor();
    await j.screenshot(page, `messages--language-${code}`);
  }
});

/** Presses Tab until `target` has the focus (at most `max` times); each stop must show a visible focus ring. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { ring, what: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"` };
    });
    if (focus) assert.ok(focus.ring, `visible focus on ${focus.what}`);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  assert.fail(`not reached with ${max} Tab presses`);
}

/** Form controls and buttons on screen without an accessible name (label, aria-label(ledby), title or text). */
function unlabelledControls(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('input:not([type=hidden]), select, textarea, button, [role=button]'))
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby') || el.title;
        return !labelled && !(el.textContent ?? '').trim();
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

journey('keyboard only at 1280 px: sign in, open an inbox and a conversation, reply; focus always visible, controls labelled', async (j) => {
  const w = await workspace(j, 'Teclado');
  await w.inbound('kim', 'in-k1', 'Can I do this without a mouse?', 'Kim Keys');
  const page = await j.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto('/login');
  await tabTo(page, page.locator('input[name=email]'));
  await page.keyboard.type(w.owner.email);
  await tabTo(page, page.locator('input[name=password]'));
  await page.keyboard.type(w.owner.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/inbox\//);

  await tabTo(page, page.getByRole('link', { name: /^Unassigned/ }));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/inbox\/unassigned/);
  await tabTo(page, row(page, 'Kim Keys'));
  await page.keyboard.press('Enter');
  const log = page.getByRole('log', { name: 'Message history' });
  await log.getByText('Can I do this without a mouse?').waitFor();
  assert.deepEqual(await unlabelledControls(page), []);

  const composer = page.getByRole('textbox', { name: 'Message' });
  await tabTo(page, composer);
  await page.keyboard.type('Yes, every action has a key.');
  await page.keyboard.press('Enter');
  await log.locator('[data-testid=message]', { hasText: 'Yes, every action has a key.' }).waitFor();

  // The details panel fits beside the console at 1280 px: the Send button stays inside the console.
  const console_ = await page.locator('.console').boundingBox();
  const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
  assert.ok(console_ && send && send.x + send.width <= console_.x + console_.width, 'Send inside the console');
  await j.screenshot(page, 'messages--keyboard-1280');
});
