// Issue 5, CH-5 and "Done when": an owner removes a channel from Settings → Channels: the dialog names its open
// conversations, asks for the channel name and the one-time code, which travels by SMTP (Postfix) to the owner's
// mailbox (Dovecot); afterwards the conversation stays readable and writing on the removed channel is refused.
import assert from 'node:assert/strict';
import { createMailer } from '@conversa/server/src/mail/mailer.ts';
import { mailServerTestOptions, startMailServers, type MailServers } from '@conversa/server/test/mail-servers.ts';
import { eventually, inboundMessage, journey, postInbound, signUp } from '../harness.ts';

const OWNER = { address: 'olga@acme.test', password: 'olga-mailbox' };
const skip = mailServerTestOptions().skip;
const mail = (skip ? undefined : await startMailServers({ [OWNER.address]: OWNER.password })) as MailServers;

journey('Settings → Channels → remove: open conversations named, name typed back, emailed code, channel gone, history kept, writing refused', async ({ app, newPage, integrator, screenshot }) => {
  if (skip) return;
  // The journey's node sends its mail through the local Postfix, as a server with SMTP_URL set does.
  const { config, log } = app.server.ctx;
  app.server.ctx.mailer = createMailer({ ...config, smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`, mailFrom: 'Conversa <no-reply@acme.test>' }, log);

  const page = await newPage();
  await signUp(page, { workspaceName: 'Loja Fechando', email: OWNER.address });
  const fake = await integrator();
  await page.goto('/settings/channels');
  await page.getByRole('button', { name: 'Connect a channel' }).click();
  const connect = page.getByRole('dialog');
  await connect.getByRole('button', { name: /^API/ }).click();
  await connect.getByLabel('Name').fill('Loja antiga');
  await connect.getByLabel('Outbound URL').fill(fake.url);
  await connect.getByRole('button', { name: 'Connect', exact: true }).click();
  const inboundUrl = await connect.locator('input[name=inboundUrl]').inputValue();
  const secret = await connect.locator('input[name=secret]').inputValue();
  await connect.getByRole('button', { name: 'I have copied them' }).click();
  assert.equal(await postInbound(inboundUrl, secret, inboundMessage('cliente-7', 'm-1', 'Ainda estão abertos?', { name: 'Bruna Lima' })), 200);
  // The conversation exists once the inbound job has recorded it: it is listed in the inbox.
  await page.goto('/inbox/all');
  await page.getByRole('link', { name: /Bruna Lima/ }).waitFor({ timeout: 15_000 });
  await page.goto('/settings/channels');

  await page.getByRole('button', { name: 'Remove Loja antiga' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('1 open conversation is on this channel.').waitFor({ timeout: 10_000 });
  const sendCode = dialog.getByRole('button', { name: 'Email me a code' });
  assert.equal(await sendCode.isDisabled(), true, 'no code before the name is typed');
  await dialog.getByLabel('Type Loja antiga to confirm').fill('Loja antiga');
  await sendCode.click();
  await dialog.getByText('We sent a code to o***@acme.test').waitFor();
  const received = await eventually(async () => (await mail.read(OWNER.address, OWNER.password)).at(-1), 'the code mail', 15_000);
  assert.match(received.subject ?? '', /Loja antiga/);
  const code = /\b(\d{6})\b/.exec(received.text ?? '')![1]!;
  const wrong = code === '000000' ? '111111' : '000000';
  await dialog.getByLabel('Code from the email').fill(wrong);
  await dialog.getByRole('button', { name: 'Remove channel' }).click();
  await dialog.getByText('That code is not right. 4 tries left.').waitFor();
  await screenshot(page, 'channel-removal-dialog');
  await dialog.getByLabel('Code from the email').fill(code);
  await dialog.getByRole('button', { name: 'Remove channel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Loja antiga was removed.').waitFor();
  assert.equal(await page.getByRole('cell', { name: 'Loja antiga', exact: true }).count(), 0);

  // The conversation stays readable in the inbox.
  await page.goto('/inbox/all');
  await page.getByRole('link', { name: /Bruna Lima/ }).click();
  await page.getByTestId('message').getByText('Ainda estão abertos?').waitFor();
  // Writing on it is refused: the composer says the channel is gone and cannot send.
  await page.getByText("This contact's channel was removed or disconnected").waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Send' }).isDisabled(), true);
  await screenshot(page, 'channel-removal-history');
});

