// Issue 5, "Done when" (email): an Owner connects a mailbox in Settings; a customer emails it through Postfix, the mail
// reaches the inbox live, the agent replies in the web app, the reply arrives in the customer's mailbox (Dovecot)
// threaded on the customer's mail, and the customer's answer lands on the same contact.
import assert from 'node:assert/strict';
import { mailServerTestOptions, startMailServers, type MailServers } from '@conversa/server/test/mail-servers.ts';
import { eventually, journey, signUp } from '../harness.ts';

const SUPPORT = { address: 'support@acme.test', password: 'support-secret' };
const CUSTOMER = { address: 'ana@customer.test', password: 'customer-secret', name: 'Ana Ribeiro' };
const skip = mailServerTestOptions().skip;
const mail = (skip ? undefined : await startMailServers({ [SUPPORT.address]: SUPPORT.password, [CUSTOMER.address]: CUSTOMER.password })) as MailServers;

journey(
  'Email: connect a mailbox in Settings, a customer mail arrives live, the reply reaches their mailbox threaded, their answer lands on the same contact',
  async ({ newPage, screenshot }) => {
    if (skip) return;
    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signUp(page, { workspaceName: 'Acme Suporte' });

    await page.goto('/settings/channels');
    await page.getByRole('button', { name: 'Connect a channel' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Email/ }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Suporte');
    await dialog.getByLabel('Email address', { exact: true }).fill(SUPPORT.address);
    await dialog.getByLabel('Sender name', { exact: true }).fill('Acme Suporte');
    await dialog.getByLabel('IMAP server', { exact: true }).fill(mail.imap.host);
    await dialog.getByLabel('SMTP server', { exact: true }).fill(mail.smtp.host);
    await dialog.getByLabel('Password', { exact: true }).fill(SUPPORT.password);
    await dialog.getByText('Advanced').click();
    await dialog.getByLabel('IMAP port', { exact: true }).fill(String(mail.imap.port));
    await dialog.getByLabel('SMTP port', { exact: true }).fill(String(mail.smtp.port));
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.getByText('The mailbox is connected').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');

    // The customer writes; the mail reaches the inbox without a reload.
    await page.goto('/inbox/all');
    const sent = await mail.send(CUSTOMER, { to: SUPPORT.address, subject: 'Pedido 4471 atrasado', text: 'Olá, meu pedido 4471 ainda não chegou. Podem verificar?' });
    const row = page.getByRole('link', { name: /Ana Ribeiro/ });
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await page.getByText('Pedido 4471 atrasado').first().waitFor();
    await page.getByTestId('message').getByText('ainda não chegou').waitFor();

    // The agent answers in the composer.
    await page.getByRole('textbox', { name: 'Message' }).fill('Oi Ana, o pedido 4471 sai hoje. Desculpe a demora!');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = await eventually(
      async () => (await mail.read(CUSTOMER.address, CUSTOMER.password)).find((m) => m.text?.includes('o pedido 4471 sai hoje')),
      "the reply in the customer's mailbox",
      15_000,
    );
    assert.equal(reply.subject, 'Re: Pedido 4471 atrasado');
    assert.equal(reply.inReplyTo, sent.messageId);
    assert.ok([reply.references].flat().includes(sent.messageId), 'References names the customer mail');
    assert.equal(reply.from?.value[0]?.address, SUPPORT.address);

    // The customer answers from their mail client: the answer joins the same conversation.
    await mail.send(CUSTOMER, {
      to: SUPPORT.address,
      subject: reply.subject,
      inReplyTo: reply.messageId,
      references: [sent.messageId, reply.messageId!],
      text: 'Obrigada! Fico no aguardo.\n\nOn Sat, Acme Suporte wrote:\n> Oi Ana, o pedido 4471 sai hoje.',
    });
    await page.getByTestId('message').getByText('Obrigada! Fico no aguardo.').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('link', { name: /Ana Ribeiro/ }).count(), 1, 'one contact');
    await screenshot(page, 'email-thread');
  },
  { timeout: 150_000 },
);
