// Issue 3, "Done when" 1: an owner signs up, connects an API channel in Settings, and an inbound message on its
// signed webhook lights the Unassigned inbox live (count 1 and the new-message dot), without a reload.
import assert from 'node:assert/strict';
import { assertNoReload, inboundMessage, journey, markNoReload, postInbound, signUp } from '../harness.ts';

journey('sign up → Settings → Channels → API channel → a signed inbound message shows live in the sidebar', async ({ newPage, integrator }) => {
  const page = await newPage();
  await signUp(page, { workspaceName: 'Loja Ao Vivo' });
  const fake = await integrator();

  // Settings from the nav rail, then the Channels section.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: /Channels/ }).click();
  await page.waitForURL(/\/settings\/channels$/);
  await page.getByRole('heading', { name: 'No channels yet' }).waitFor();

  // Connect an API channel.
  await page.getByRole('button', { name: 'Connect a channel' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^API/ }).click();
  // Inline validation first: both fields are required.
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await dialog.getByText('Fill in this field.').first().waitFor();
  await dialog.getByLabel('Name').fill('Loja própria');
  await dialog.getByLabel('Outbound URL').fill(fake.url);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();

  // The webhook URL and the secret, shown once, with the warning and copy buttons.
  await dialog.getByRole('heading', { name: 'Loja própria is connected' }).waitFor();
  await dialog.getByText('you will not see it again here').waitFor();
  const inboundUrl = await dialog.locator('input[name=inboundUrl]').inputValue();
  const secret = await dialog.locator('input[name=secret]').inputValue();
  assert.match(inboundUrl, /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/api\/\d+$/);
  assert.ok(secret.length >= 16, `secret looks too short: ${secret}`);
  assert.equal(await dialog.getByRole('button', { name: 'Copy' }).count(), 2);
  fake.useSecret(secret);
  await dialog.getByRole('button', { name: 'I have copied them' }).click();
  await dialog.waitFor({ state: 'detached' });
  // It is listed, and the secret is no longer on the page.
  await page.getByRole('cell', { name: 'Loja própria', exact: true }).waitFor();
  assert.equal(await page.locator('input[name=secret]').count(), 0);

  // To the inbox (client-side navigation), on "Mine" so the Unassigned dot may light.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('link', { name: /^Mine/ }).click();
  await page.waitForURL(/\/inbox\/mine$/);
  const unassigned = page.getByRole('link', { name: /^Unassigned/ });
  await unassigned.getByText('0', { exact: true }).waitFor();
  assert.equal(await unassigned.locator('.dot').count(), 0);
  await markNoReload(page);

  // The integration posts a message to the webhook URL shown, signed with the secret shown.
  const status = await postInbound(inboundUrl, secret, inboundMessage('cliente-42', 'm-1', 'Oi, vocês entregam amanhã?', { name: 'Ana Souza' }));
  assert.equal(status, 200);

  // Live: the count becomes 1 and the new-message dot appears, without a reload.
  await unassigned.getByText('1', { exact: true }).waitFor({ timeout: 10_000 });
  await unassigned.locator('.dot').waitFor({ timeout: 10_000 });
  await assertNoReload(page);
});
