import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import type Mail from 'nodemailer/lib/mailer';
import { channelWatches, messages } from '../../db/schema.js';
import { startChannelWatchers } from '../../jobs/channel-watchers.js';
import { contactIdOf, eventually, multipart } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer, type TestServer } from '../../../test/harness.js';
import { mailServerTestOptions, startMailServers, type MailServers } from '../../../test/mail-servers.js';

/**
 * The email channel end to end against real Dovecot (IMAP) and Postfix (SMTP): customers' mail goes through Postfix
 * into the support mailbox, where the channel watcher reads it over IMAP IDLE; agents' replies leave through Postfix
 * into the customer's mailbox, read back over IMAP. Results are read through the API.
 */

type Api = ReturnType<typeof client>;
const PASSWORD = 'support-secret';
const CUSTOMER_PASSWORD = 'customer-secret';

// Outside CI the tests skip (with the reason) where Dovecot and Postfix are not installed; in CI they must run.
const options = mailServerTestOptions();
const MAILBOXES = 10;
const mail = (
  options.skip
    ? undefined
    : await startMailServers(
        Object.fromEntries(Array.from({ length: MAILBOXES }, (_, i) => [[`support${i + 1}@acme.test`, PASSWORD], [`jane${i + 1}@customer.test`, CUSTOMER_PASSWORD]]).flat()),
      )
) as MailServers;
const dataDir = mkdtempSync(path.join(tmpdir(), 'conversa-email-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const server = options.skip ? (undefined as unknown as TestServer) : await startTestServer({ config: { DATA_DIR: dataDir, OUTBOUND_TIMEOUT_MS: '5000' } });

describe('email channel against Dovecot and Postfix', options, () => {
  let mailboxes = 0;

  /** An unused support mailbox and customer mailbox, so each test reads only its own mail. */
  function newMailboxes() {
    const n = ++mailboxes;
    assert.ok(n <= MAILBOXES, 'start the mail servers with more mailboxes');
    return { support: `support${n}@acme.test`, customer: `jane${n}@customer.test` };
  }

  function emailConfig(support: string, overrides: { imapPassword?: string; smtpPassword?: string; imapPort?: number } = {}) {
    return {
      imap: { host: mail.imap.host, port: overrides.imapPort ?? mail.imap.port, secure: false, user: support, password: overrides.imapPassword ?? PASSWORD },
      smtp: { host: mail.smtp.host, port: mail.smtp.port, secure: false, user: support, password: overrides.smtpPassword ?? PASSWORD },
      fromAddress: support,
      fromName: 'Acme Support',
    };
  }

  /** A workspace with an email channel on a fresh mailbox. */
  async function connect() {
    const { support, customer } = newMailboxes();
    const { token } = await signupWorkspace(server, 'Acme');
    const api = client(server, token);
    const res = await api('POST', '/api/v1/channels', { type: 'email', name: 'Support mail', config: emailConfig(support) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const channelId = res.body.id as string;
    // The watcher has logged in and read the (empty) mailbox once it saved its position.
    await eventually(() => cursorOf(channelId), 10_000, 'the watcher to read the mailbox');
    return { api, token, support, customer, channelId };
  }

  async function cursorOf(channelId: string) {
    const [row] = await server.ctx.db.select().from(channelWatches).where(eq(channelWatches.channelId, Number(channelId)));
    return row?.cursor ?? undefined;
  }

  /** The customer writes through Postfix, logged in as themselves. */
  const customerSends = (customer: string, message: Mail.Options) => mail.send({ address: customer, password: CUSTOMER_PASSWORD, name: 'Jane Customer' }, message);
  const readMailbox = (user: string, password: string) => mail.read(user, password);

  async function timeline(api: Api, contactId: string) {
    const res = await api('GET', `/api/v1/contacts/${contactId}/messages`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as any[]).filter((i) => i.kind === 'message');
  }

  /** The contact's message with this Message-ID, once recorded. */
  async function recorded(api: Api, channelId: string, customer: string, messageId: string, ms = 10_000) {
    const contactId = await eventually(() => contactIdOf(server, Number(channelId), customer).catch(() => undefined), ms, `contact ${customer}`);
    const message = await eventually(async () => (await timeline(api, contactId)).find((m) => m.externalId === messageId), ms, `message ${messageId}`);
    return { contactId, message };
  }

  async function storedWithExternalId(channelId: string, externalId: string) {
    const [row] = await server.ctx.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.channelId, Number(channelId)), eq(messages.externalId, externalId)));
    return row!.n;
  }

  test('CH-1 connecting checks the IMAP and SMTP logins: a wrong password is 422 channel_credentials_invalid and saves nothing', async () => {
    const { support } = newMailboxes();
    const { token } = await signupWorkspace(server, 'Acme');
    const api = client(server, token);
    const countChannels = async () => (await api('GET', '/api/v1/channels')).body.items.length;

    const wrongImap = await api('POST', '/api/v1/channels', { type: 'email', name: 'Mail', config: emailConfig(support, { imapPassword: 'wrong' }) });
    assert.equal(wrongImap.status, 422, JSON.stringify(wrongImap.body));
    assert.equal(wrongImap.body.error.code, 'channel_credentials_invalid');
    assert.equal(wrongImap.body.error.details.provider.code, 'imap_auth_failed');

    const wrongSmtp = await api('POST', '/api/v1/channels', { type: 'email', name: 'Mail', config: emailConfig(support, { smtpPassword: 'wrong' }) });
    assert.equal(wrongSmtp.status, 422, JSON.stringify(wrongSmtp.body));
    assert.equal(wrongSmtp.body.error.details.provider.code, 'smtp_auth_failed');

    const unreachable = await api('POST', '/api/v1/channels', { type: 'email', name: 'Mail', config: emailConfig(support, { imapPort: 1 }) });
    assert.equal(unreachable.status, 502, JSON.stringify(unreachable.body));
    assert.equal(unreachable.body.error.code, 'provider_unreachable');

    const incomplete = await api('POST', '/api/v1/channels', { type: 'email', name: 'Mail', config: { imap: { host: 'imap.example.com' }, fromAddress: 'not an address' } });
    assert.equal(incomplete.status, 422);
    const paths = incomplete.body.error.details.map((d: { path: string }) => d.path);
    for (const p of ['body.config.imap.user', 'body.config.imap.password', 'body.config.smtp', 'body.config.fromAddress']) assert.ok(paths.includes(p), `${p} in ${paths}`);

    assert.equal(await countChannels(), 0);
  });

  test('CH-2 a mail sent through Postfix is a message within seconds (IMAP IDLE), on a contact named by the sender', async () => {
    const { api, support, customer, channelId } = await connect();
    const sent = await customerSends(customer, { to: support, subject: 'Order #1234 arrived damaged', text: 'Hi, my order arrived damaged. Can you help?' });
    // The watcher never polls: only IDLE's announcement makes it read, so a recorded mail shows IDLE works.
    const { contactId, message } = await recorded(api, channelId, customer, sent.messageId);
    assert.equal(message.direction, 'in');
    assert.equal(message.text, 'Hi, my order arrived damaged. Can you help?');
    assert.equal(message.content.email.subject, 'Order #1234 arrived damaged');
    assert.equal(message.content.email.messageId, sent.messageId);
    const contact = (await api('GET', `/api/v1/contacts/${contactId}`)).body;
    assert.equal(contact.email, customer);
    assert.equal(contact.displayName, 'Jane Customer');
    // CH-6: the channel shows when mail last arrived.
    const channel = (await api('GET', `/api/v1/channels/${channelId}`)).body;
    assert.equal(channel.status, 'connected');
    assert.ok(channel.lastWebhookAt);
  });

  test('CH-2 HTML is sanitised (no script, remote pixel not loaded), the plain text is shown without its quoted history, files are stored and downloadable', async () => {
    const { api, token, support, customer, channelId } = await connect();
    const pdf = Buffer.from('%PDF-1.4\n% invoice 1234\n%%EOF\n');
    const logo = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    const sent = await customerSends(customer, {
      to: support,
      subject: 'Invoice question',
      text: 'Could you resend the invoice?\n\nOn Mon, 3 Jun 2024 at 10:20, Acme Support <support@acme.test> wrote:\n> Here is your invoice.\n> Regards',
      html:
        '<p onclick="steal()">Could you resend the <b>invoice</b>?</p><script>alert(1)</script>' +
        '<img src="https://tracker.example/pixel.gif?u=jane" width="1" height="1"><img src="cid:logo@customer">' +
        '<a href="javascript:alert(2)">x</a><a href="https://shop.example/orders/1234">order</a>' +
        '<div style="background:url(https://tracker.example/bg.gif)">styled</div><iframe src="https://evil.example"></iframe>',
      attachments: [
        { filename: 'invoice-1234.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'logo.png', content: logo, contentType: 'image/png', cid: 'logo@customer' },
      ],
    });
    const { message } = await recorded(api, channelId, customer, sent.messageId);
    assert.equal(message.text, 'Could you resend the invoice?');
    assert.match(message.content.email.quotedText, /^On Mon, 3 Jun 2024 .* wrote:\n> Here is your invoice\.\n> Regards$/);

    const html: string = message.content.email.html;
    for (const banned of ['<script', 'alert(1)', 'onclick', 'javascript:', 'url(', '<iframe', 'evil.example']) assert.ok(!html.includes(banned), `${banned} in ${html}`);
    // Nothing loads by itself: the remote image keeps its address only where no browser fetches it.
    assert.doesNotMatch(html, /\ssrc="/);
    assert.match(html, /<img [^>]*data-remote-src="https:\/\/tracker\.example\/pixel\.gif\?u=jane"/);
    const files = message.content.attachments;
    const logoIndex = files.findIndex((a: any) => a.filename === 'logo.png');
    assert.match(html, new RegExp(`<img data-cid-index="${logoIndex}" />`));
    assert.match(html, /<a href="https:\/\/shop\.example\/orders\/1234" target="_blank" rel="noopener noreferrer nofollow">order<\/a>/);
    assert.match(html, /<b>invoice<\/b>/);

    assert.deepEqual(
      files.map((a: any) => [a.type, a.filename, a.mimeType, a.size]).sort(),
      [
        ['document', 'invoice-1234.pdf', 'application/pdf', pdf.length],
        ['image', 'logo.png', 'image/png', logo.length],
      ],
    );
    for (const [filename, bytes] of [['invoice-1234.pdf', pdf], ['logo.png', logo]] as const) {
      const url = files.find((a: any) => a.filename === filename).url;
      const download = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, bytes);
    }
  });

  test('CH-2 (P1) a Message-ID is stored once: the same mail delivered twice, and the mailbox read again from the start', async () => {
    const { api, support, customer, channelId } = await connect();
    const messageId = `<dup-${Date.now()}@customer.test>`;
    await customerSends(customer, { to: support, subject: 'Twice', text: 'Sent twice', messageId });
    await customerSends(customer, { to: support, subject: 'Twice', text: 'Sent twice', messageId });
    // A later mail is recorded after both copies were read.
    const later = await customerSends(customer, { to: support, subject: 'Later', text: 'After the copies' });
    await recorded(api, channelId, customer, later.messageId);
    assert.equal(await storedWithExternalId(channelId, messageId), 1);

    // Reading everything again (the position lost, then the settings edited, which reconnects) records nothing new.
    await server.ctx.db.update(channelWatches).set({ cursor: null }).where(eq(channelWatches.channelId, Number(channelId)));
    const edited = await api('PATCH', `/api/v1/channels/${channelId}`, { config: { ...emailConfig(support), fromName: 'Acme Support team' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    await eventually(() => cursorOf(channelId), 10_000, 'the mailbox read again');
    assert.equal(await storedWithExternalId(channelId, messageId), 1);
    assert.equal(await storedWithExternalId(channelId, later.messageId), 1);
  });

  test('IN-8 an agent reply leaves over SMTP threaded under the customer mail; the customer reply lands on the same contact and conversation', async () => {
    const { api, support, customer, channelId } = await connect();
    const first = await customerSends(customer, { to: support, subject: 'Order #1234 arrived damaged', text: 'Hi, my order arrived damaged. Can you help?' });
    const { contactId, message: inbound } = await recorded(api, channelId, customer, first.messageId);

    const reply = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text: "Sorry to hear that! We'll ship a replacement today." });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const ours = await eventually(async () => (await timeline(api, contactId)).find((m) => m.id === reply.body.id && m.status === 'sent'), 10_000, 'the reply sent');
    assert.match(ours.externalId, /^<conversa\.\d+\.\d+\.[0-9a-f]{16}@acme\.test>$/);
    // The console shows our mail's subject and threading as sent.
    assert.deepEqual(ours.content.email, { subject: 'Re: Order #1234 arrived damaged', messageId: ours.externalId, inReplyTo: first.messageId, references: [first.messageId] });

    const delivered = await eventually(async () => (await readMailbox(customer, CUSTOMER_PASSWORD)).find((m) => m.messageId === ours.externalId), 10_000, 'the reply in the customer mailbox');
    assert.equal(delivered.subject, 'Re: Order #1234 arrived damaged');
    assert.equal(delivered.inReplyTo, first.messageId);
    assert.deepEqual([delivered.references].flat(), [first.messageId]);
    assert.equal(delivered.from?.value[0]?.address, support);
    assert.equal(delivered.from?.value[0]?.name, 'Acme Support');
    assert.equal(delivered.text?.trim(), "Sorry to hear that! We'll ship a replacement today.");

    const answer = await customerSends(customer, {
      to: support,
      subject: 'Re: Order #1234 arrived damaged',
      inReplyTo: ours.externalId,
      references: [first.messageId, ours.externalId],
      text: `Thank you!\n\nOn Mon, 3 Jun 2024 at 10:20, Acme Support <${support}> wrote:\n> Sorry to hear that! We'll ship a replacement today.`,
    });
    const { contactId: sameContact, message: threaded } = await recorded(api, channelId, customer, answer.messageId);
    assert.equal(sameContact, contactId);
    assert.equal(threaded.conversationId, inbound.conversationId);
    assert.equal(threaded.replyToId, ours.id);
    assert.equal(threaded.text, 'Thank you!');

    // The next reply continues the thread under the newest mail, keeping the whole chain.
    const again = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'You are welcome.' });
    const second = await eventually(async () => (await timeline(api, contactId)).find((m) => m.id === again.body.id && m.status === 'sent'), 10_000, 'the second reply sent');
    const secondMail = await eventually(async () => (await readMailbox(customer, CUSTOMER_PASSWORD)).find((m) => m.messageId === second.externalId), 10_000, 'the second reply delivered');
    assert.equal(secondMail.inReplyTo, answer.messageId);
    assert.deepEqual([secondMail.references].flat(), [first.messageId, ours.externalId, answer.messageId]);
    assert.equal(secondMail.subject, 'Re: Order #1234 arrived damaged');
  });

  test('IN-8 a file sent by an agent arrives as an attachment of the mail', async () => {
    const { api, support, customer, channelId } = await connect();
    const first = await customerSends(customer, { to: support, subject: 'Receipt please', text: 'Can I have the receipt?' });
    const { contactId } = await recorded(api, channelId, customer, first.messageId);
    const pdf = Buffer.from('%PDF-1.4\n% receipt\n%%EOF\n');
    const form = multipart({ text: 'Here it is.' }, { name: 'receipt.pdf', type: 'application/pdf', bytes: pdf });
    const sent = await api('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, form.headers);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const ours = await eventually(async () => (await timeline(api, contactId)).find((m) => m.id === sent.body.id && m.status === 'sent'), 10_000, 'the file sent');
    const delivered = await eventually(async () => (await readMailbox(customer, CUSTOMER_PASSWORD)).find((m) => m.messageId === ours.externalId), 10_000, 'the mail with the file');
    assert.equal(delivered.text?.trim(), 'Here it is.');
    assert.deepEqual(
      delivered.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)]),
      [['receipt.pdf', 'application/pdf', true]],
    );
  });

  test('CT-3 an agent writes first to a contact who never mailed: the mail goes to their address, their reply lands on the same contact', async () => {
    const { api, support, customer, channelId } = await connect();
    const created = await api('POST', '/api/v1/contacts', { firstName: 'Jane', email: customer.toUpperCase() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const contactId = created.body.id as string;
    const first = await api('POST', `/api/v1/contacts/${contactId}/messages`, { channelId, text: 'Your order #88 has shipped.' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const ours = await eventually(async () => (await timeline(api, contactId)).find((m) => m.id === first.body.id && m.status === 'sent'), 10_000, 'the first mail sent');
    const delivered = await eventually(async () => (await readMailbox(customer, CUSTOMER_PASSWORD)).find((m) => m.messageId === ours.externalId), 10_000, 'the first mail delivered');
    assert.equal(delivered.subject, 'Acme Support');
    assert.equal(delivered.inReplyTo, undefined);

    const answer = await customerSends(customer, { to: support, subject: 'Re: Acme Support', inReplyTo: ours.externalId, references: [ours.externalId], text: 'Great, thanks!' });
    const { contactId: same, message } = await recorded(api, channelId, customer, answer.messageId);
    assert.equal(same, contactId);
    assert.equal(message.replyToId, ours.id);
  });

  test('CH-6 a dropped IMAP connection is reopened (with back-off) and reading goes on; a password changed at the server disconnects the channel', async () => {
    const { api, support, customer, channelId } = await connect();
    mail.kick(support);
    const afterDrop = await customerSends(customer, { to: support, subject: 'After the drop', text: 'Still reading?' });
    await recorded(api, channelId, customer, afterDrop.messageId);

    await mail.setPassword(support, 'changed-at-the-server');
    mail.kick(support);
    const channel = await eventually(async () => {
      const res = await api('GET', `/api/v1/channels/${channelId}`);
      return res.body.status === 'disconnected' && res.body;
    }, 10_000, 'the channel disconnected');
    assert.equal(channel.statusReason, 'imap_auth_failed');
    assert.ok(!server.watchers!.active().includes(Number(channelId)));

    // New credentials that the server takes reconnect it.
    const fixed = await api('PATCH', `/api/v1/channels/${channelId}`, { config: { ...emailConfig(support, { imapPassword: 'changed-at-the-server', smtpPassword: 'changed-at-the-server' }) } });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(fixed.body.status, 'connected');
    const back = await customerSends(customer, { to: support, subject: 'Back', text: 'Hello again' });
    await recorded(api, channelId, customer, back.messageId);
  });

  // Stops this node's watchers (the nodes it starts stop with the test): keep it last.
  test('CH-2 mail delivered while no node reads the mailbox is caught up when reading starts again; one node reads each mailbox', async () => {
    const { api, support, customer, channelId } = await connect();
    await server.watchers!.stop();
    const missed = await customerSends(customer, { to: support, subject: 'While you were away', text: 'Anyone there?' });
    await eventually(async () => (await readMailbox(support, PASSWORD)).some((m) => m.messageId === missed.messageId), 10_000, 'the mail in the support mailbox');
    assert.equal(await storedWithExternalId(channelId, missed.messageId), 0);

    const nodeA = startChannelWatchers(server.ctx, { renewMs: 200, leaseMs: 10_000 });
    after(() => nodeA.stop());
    await recorded(api, channelId, customer, missed.messageId);

    // A second node finds the mailbox held and leaves it alone; when the first stops, it takes over.
    const nodeB = startChannelWatchers(server.ctx, { renewMs: 200, leaseMs: 10_000 });
    after(() => nodeB.stop());
    await new Promise((r) => setTimeout(r, 1_000));
    assert.ok(nodeA.active().includes(Number(channelId)));
    assert.ok(!nodeB.active().includes(Number(channelId)));
    await nodeA.stop();
    await eventually(async () => nodeB.active().includes(Number(channelId)), 10_000, 'node B to take the mailbox over');
    const next = await customerSends(customer, { to: support, subject: 'Still there?', text: 'Hello again' });
    await recorded(api, channelId, customer, next.messageId);
    assert.equal(await storedWithExternalId(channelId, missed.messageId), 1);
    assert.equal(await storedWithExternalId(channelId, next.messageId), 1);
  });
});
