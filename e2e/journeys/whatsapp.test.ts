// Issue 4, items 2 and 5 and "Done when" (WhatsApp): an Owner connects a WhatsApp Cloud number through Settings (a
// wrong token first: the provider's refusal shows and nothing is saved), Meta's side (FakeWhatsApp, the real Graph
// protocol on 127.0.0.1) subscribes to the callback URL shown, an inbound message reaches Unassigned live, the reply
// reaches the fake with the right body, its statuses turn the ticks; the agent attaches a picture in the composer, which
// is uploaded to Meta's media endpoint and sent as an image message naming that media id; a contact whose 24-hour
// window closed gets the approved templates instead of free text, and the template send reaches the fake.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { FakeWhatsApp, inboundPayload, status, statusPayload, textMessage } from '@conversa/server/test/fakes/whatsapp-cloud.ts';
import type { Page } from 'playwright-core';
import { assertNoReload, eventually, journey, markNoReload, signUp } from '../harness.ts';

const fake = await FakeWhatsApp.start();
after(() => fake.close());

/** A PNG of one colour drawn by the browser (a real image file, as a phone's camera would give). */
async function pngOf(page: Page, width: number, height: number, colour: string): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h, fill]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d')!;
      g.fillStyle = fill;
      g.fillRect(0, 0, w, h);
      return canvas.toDataURL('image/png');
    },
    [width, height, colour] as const,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

journey('WhatsApp: connect in Settings (wrong token refused), live inbound, reply with ticks, templates once the window closed', async (j) => {
  const page = await j.newPage({ viewport: { width: 1280, height: 800 } });
  await signUp(page, { workspaceName: 'Zapatería Lucía' });
  const number = fake.addNumber();
  const config = fake.channelConfig(number, 'zapateria-2026');

  // Settings → Channels → Connect a channel → WhatsApp.
  await page.goto('/settings/channels');
  await page.getByRole('button', { name: 'Connect a channel' }).click();
  const dialog = page.getByRole('dialog');
  await j.screenshot(page, 'whatsapp-chooser');
  await dialog.getByRole('button', { name: /^WhatsApp (?!\(Twilio\))/ }).click();
  await dialog.getByRole('heading', { name: 'Connect WhatsApp' }).waitFor();
  await dialog.getByLabel('Name').fill('WhatsApp tienda');
  await dialog.getByLabel('Phone number ID').fill(config.phoneNumberId);
  await dialog.getByLabel('WhatsApp Business Account ID').fill(config.wabaId);
  await dialog.getByLabel('Access token').fill('EAAG-not-the-right-token');
  await dialog.getByLabel('App secret').fill(config.appSecret);
  await dialog.getByLabel('Verify token').fill(config.verifyToken);
  await dialog.getByText('Advanced').click();
  await dialog.getByLabel('API base URL').fill(config.apiBaseUrl);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();

  // Meta refuses the token: the alert says so in the provider's words, and nothing was saved.
  const alert = dialog.getByRole('alert');
  await alert.getByText('The provider refused these credentials.', { exact: false }).waitFor();
  await alert.getByText('Invalid OAuth access token', { exact: false }).waitFor();
  await j.screenshot(page, 'whatsapp-connect-refused');
  assert.deepEqual((await (await page.request.get('/api/v1/channels')).json()).items, []);

  // The right token: connected; the callback URL and verify token to paste in Meta's dashboard.
  await dialog.getByLabel('Access token').fill(config.accessToken);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await dialog.getByText('Last step: point Meta at Conversa').waitFor();
  const callbackUrl = await dialog.locator('input[name=inboundUrl]').inputValue();
  assert.match(callbackUrl, /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/whatsapp_cloud\/\d+$/);
  assert.equal(await dialog.locator('input[name=verifyToken]').inputValue(), config.verifyToken);
  await j.screenshot(page, 'whatsapp-connected');
  // Meta verifies the callback with the GET handshake, as the dashboard does when the URL is saved.
  assert.equal((await fake.subscribe(number.phoneNumberId, callbackUrl, config.verifyToken)).status, 200);
  await dialog.getByRole('button', { name: 'I have copied them' }).click();
  const row = page.getByRole('row', { name: /WhatsApp tienda/ });
  await row.getByText('Connected').waitFor();
  await row.getByText('WhatsApp', { exact: true }).waitFor();
  await j.screenshot(page, 'whatsapp-settings-table');

  // An inbound message reaches Unassigned live.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('link', { name: /^Unassigned/ }).click();
  await page.waitForURL(/\/inbox\/unassigned$/);
  await markNoReload(page);
  const waId = '34600111222';
  assert.deepEqual(await fake.deliver(number.phoneNumberId, inboundPayload(number, waId, 'Lucía Pérez', [textMessage(waId, '¿Tenéis envío a Canarias?')])), [200]);
  const inboxRow = page.locator('[data-testid=inbox-row]', { hasText: 'Lucía Pérez' });
  await inboxRow.waitFor({ timeout: 10_000 });
  await inboxRow.click();
  const history = page.getByRole('log', { name: 'Message history' });
  await history.getByText('¿Tenéis envío a Canarias?').waitFor();

  // The reply reaches the fake as a WhatsApp text message to the contact's number.
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Sí, en 3 días laborables.');
  await composer.press('Enter');
  const accepted = await eventually(() => fake.accepted.find((a) => a.body.text?.body === 'Sí, en 3 días laborables.'), 'the reply at the fake');
  assert.equal(accepted.body.to, `+${waId}`);
  assert.equal(accepted.body.type, 'text');
  const bubble = history.locator('[data-testid=message]', { hasText: 'Sí, en 3 días laborables.' });
  await bubble.and(page.locator('[data-status=sent]')).waitFor({ timeout: 10_000 });

  // Meta reports delivered, then read: the ticks turn, live.
  await fake.deliver(number.phoneNumberId, statusPayload(number, [status(accepted.wamid, 'delivered', waId)]));
  await bubble.and(page.locator('[data-status=delivered]')).waitFor({ timeout: 10_000 });
  await fake.deliver(number.phoneNumberId, statusPayload(number, [status(accepted.wamid, 'read', waId)]));
  await bubble.and(page.locator('[data-status=read]')).waitFor({ timeout: 10_000 });
  await assertNoReload(page);
  await j.screenshot(page, 'whatsapp-replied-read');

  // WhatsApp cannot delete a sent message for the contact: the delete dialog says so before anything happens.
  await bubble.hover();
  await bubble.getByRole('button', { name: 'Delete message' }).click();
  const deleting = page.getByRole('dialog', { name: 'Delete this message?' });
  await deleting.getByText('WhatsApp tienda cannot delete messages for the contact: it stays on their phone and is only hidden here.').waitFor();
  await j.screenshot(page, 'whatsapp-delete-dialog');
  await deleting.getByRole('button', { name: 'Cancel' }).click();

  // IN-11: the agent attaches a picture (the paperclip opens the file picker), captions it and sends it.
  const picture = await pngOf(page, 96, 64, '#c0392b');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach a file' }).click()]);
  await chooser.setFiles({ name: 'botines-rojos.png', mimeType: 'image/png', buffer: picture });
  const chip = page.getByTestId('file-chip');
  await chip.getByText('botines-rojos.png').waitFor();
  await page.getByRole('textbox', { name: 'Caption' }).fill('Los botines rojos, talla 38');
  // The paperclip is next after the text box for the keyboard (its focus ring shows in the screenshot).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'attach-button');
  await j.screenshot(page, 'whatsapp-composer-file');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await chip.waitFor({ state: 'detached' });
  // Meta's side: the bytes uploaded to /{phone-number-id}/media, then an image message naming the media id Graph gave.
  const uploaded = await eventually(() => fake.uploads.find((u) => u.bytes.equals(picture)), 'the upload at the fake');
  assert.equal(uploaded.mimeType, 'image/png');
  assert.equal(uploaded.phoneNumberId, number.phoneNumberId);
  const sentImage = await eventually(() => fake.accepted.find((a) => a.body.type === 'image'), 'the image message at the fake');
  assert.equal(sentImage.body.to, `+${waId}`);
  assert.deepEqual(sentImage.body.image, { id: uploaded.id, caption: 'Los botines rojos, talla 38' });
  // The bubble shows the picture, loaded from our download route, with its caption.
  const imageBubble = history.locator('[data-testid=message]', { hasText: 'Los botines rojos, talla 38' });
  await imageBubble.and(page.locator('[data-status=sent]')).waitFor({ timeout: 10_000 });
  const shown = imageBubble.locator('[data-testid=message-image] img');
  await shown.waitFor();
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 96, await shown.elementHandle());
  await j.screenshot(page, 'whatsapp-image-sent');

  // A contact who last wrote 26 hours ago: free text is off, the approved templates are offered.
  fake.templates.set(number.wabaId, [
    { name: 'order_update', language: 'es_ES', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Tu pedido {{1}} ya salió.' }] },
    { name: 'spring_sale', language: 'es_ES', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Rebajas' }] },
  ]);
  const lateId = '34600999888';
  const dayAgo = String(Math.floor(Date.now() / 1000) - 26 * 3600);
  await fake.deliver(number.phoneNumberId, inboundPayload(number, lateId, 'Mateo Ruiz', [textMessage(lateId, '¿Llegó mi pedido?', { timestamp: dayAgo })]));
  const late = page.locator('[data-testid=inbox-row]', { hasText: 'Mateo Ruiz' });
  await late.waitFor({ timeout: 10_000 });
  await late.click();
  await history.getByText('¿Llegó mi pedido?').waitFor();
  const picker = page.getByTestId('template-picker');
  await picker.waitFor();
  await page.getByText('The reply window closed', { exact: false }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).count(), 0, 'no free text outside the window');
  await picker.getByRole('button', { name: 'Sync templates' }).click();
  const select = picker.getByRole('combobox', { name: 'Choose a template' });
  await select.waitFor();
  assert.deepEqual(await select.locator('option').allTextContents(), ['Choose a template', 'order_update (es_ES)'], 'only approved templates');
  await select.selectOption({ label: 'order_update (es_ES)' });
  await picker.getByLabel('Value of 1').fill('A-1042');
  await picker.getByText('Tu pedido A-1042 ya salió.').waitFor();
  await j.screenshot(page, 'whatsapp-template-picker');
  await picker.getByRole('button', { name: 'Send template' }).click();
  const template = await eventually(() => fake.accepted.find((a) => a.body.type === 'template' && a.body.to === `+${lateId}`), 'the template at the fake');
  assert.deepEqual(template.body.template, {
    name: 'order_update',
    language: { policy: 'deterministic', code: 'es_ES' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
  });
  await history.getByText('Template “order_update” A-1042').waitFor({ timeout: 10_000 });

  // Meta expires the token: the next send is refused, the channel shows as disconnected with the reason, and
  // pasting a new token in Edit reconnects it.
  fake.expireToken(number.accessToken);
  // Lucía's conversation is the Owner's since the reply.
  await page.getByRole('link', { name: /^Mine/ }).click();
  await page.locator('[data-testid=inbox-row]', { hasText: 'Lucía Pérez' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('¿Algo más?');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await history.locator('[data-testid=message][data-status=failed]', { hasText: '¿Algo más?' }).waitFor({ timeout: 15_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: /Channels/ }).click();
  await row.getByText('Disconnected — token expired').waitFor();
  await row.getByRole('button', { name: 'Edit WhatsApp tienda' }).click();
  const edit = page.getByRole('dialog');
  await edit.getByText('Paste new credentials and save to reconnect it.', { exact: false }).waitFor();
  const renewed = fake.addNumber({ ...number, accessToken: 'EAAG-renewed-token' });
  await edit.getByLabel('Access token').fill(renewed.accessToken);
  await j.screenshot(page, 'whatsapp-edit-disconnected');
  await edit.getByRole('button', { name: 'Save' }).click();
  await edit.waitFor({ state: 'detached' });
  await row.getByText('Connected', { exact: true }).waitFor();
});
