import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { connectApiChannel, FakeIntegrator, inboundMessage, postWebhook } from '../../../test/fakes/api-integrator.js';
import { contactIdOf, eventually } from '../../../test/fixtures.js';
import { client, startTestServer, type TestServer } from '../../../test/harness.js';
import { mailServerTestOptions, startMailServers, type MailServers } from '../../../test/mail-servers.js';
import { joinByInvitation } from '../../../test/members.js';
import { issueCode } from '../verification/codes.js';

/** CH-5: removing a workspace channel takes its name typed back and a one-time code mailed to the acting admin. */

const integrator = await FakeIntegrator.start();
after(() => integrator.close());

async function signup(server: TestServer, email = `owner-${randomUUID().slice(0, 8)}@acme.test`) {
  const res = await client(server)('POST', '/api/v1/auth/signup', { workspaceName: 'Acme', name: 'Olga', email, password: 'correct horse battery' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { token: res.body.token as string, userId: Number(res.body.user.id), email };
}

/** An API channel with one contact whose conversation is open on it. */
async function channelWithOpenConversation(server: TestServer, token: string, name = 'Tienda') {
  const api = client(server, token);
  const channel = await connectApiChannel(api, integrator, name);
  const externalId = `buyer-${randomUUID()}`;
  assert.equal((await postWebhook(server, channel, inboundMessage(externalId, `m-${externalId}`, 'Hola'))).status, 200);
  const contactId = await eventually(() => contactIdOf(server, Number(channel.id), externalId).catch(() => undefined));
  return { api, channel, contactId };
}

/** The newest mail of the mailbox once one arrived, read over IMAP as the admin's mail client would, and its code. */
async function codeMail(mail: MailServers, address: string, password: string) {
  const newest = await eventually(async () => (await mail.read(address, password)).at(-1), 15_000, 'the code mail');
  return { subject: newest.subject ?? '', code: /\b(\d{6})\b/.exec(newest.text ?? '')![1]! };
}

test('CH-5 the code is mailed through Postfix to the admin\'s mailbox; the channel name and that code remove the channel, whose history stays', mailServerTestOptions(), async () => {
  const mail = await startMailServers();
  after(() => mail.stop());
  const server = await startTestServer({ config: { SMTP_URL: `smtp://${mail.smtp.host}:${mail.smtp.port}`, MAIL_FROM: 'Conversa <no-reply@acme.test>' } });
  const owner = await signup(server);
  await mail.addMailbox(owner.email, 'mailbox-pass');
  const { api, channel, contactId } = await channelWithOpenConversation(server, owner.token);

  const preview = await api('GET', `/api/v1/channels/${channel.id}/removal`);
  assert.equal(preview.status, 200);
  assert.deepEqual(preview.body, { openConversations: 1, confirmationPhrase: 'Tienda' });
  const sent = await api('POST', `/api/v1/channels/${channel.id}/removal-code`);
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  assert.equal(sent.body.sentTo, `o***@acme.test`);
  assert.ok(Date.parse(sent.body.expiresAt) > Date.now() + 9 * 60_000);
  const { subject, code } = await codeMail(mail, owner.email, 'mailbox-pass');
  assert.match(subject, /Tienda/);

  const wrongName = await api('DELETE', `/api/v1/channels/${channel.id}`, { confirmation: 'tienda!', code });
  assert.equal(wrongName.status, 422);
  assert.equal(wrongName.body.error.details[0].path, 'body.confirmation');
  assert.equal((await api('DELETE', `/api/v1/channels/${channel.id}`, { confirmation: 'Tienda', code })).status, 204);

  // The history stays readable; a reply on the removed channel is refused; late webhooks are answered and ignored.
  const history = await api('GET', `/api/v1/contacts/${contactId}/messages`);
  assert.equal(history.status, 200);
  assert.equal(history.body.items.filter((i: { kind: string }) => i.kind === 'message').length, 1);
  const reply = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Hola', channelId: channel.id });
  assert.equal(reply.status, 422);
  assert.equal(reply.body.error.code, 'channel_removed');
  const late = await postWebhook(server, channel, inboundMessage('someone-new', `late-${randomUUID()}`, 'Hola?'));
  assert.equal(late.status, 200);
  await assert.rejects(contactIdOf(server, Number(channel.id), 'someone-new'));
});

test('CH-5 a wrong code counts down five tries and then is spent; an expired code, another channel\'s code or none are refused', async () => {
  const server = await startTestServer();
  const owner = await signup(server);
  const { api, channel } = await channelWithOpenConversation(server, owner.token);
  const other = await connectApiChannel(api, integrator, 'Otro');
  const remove = (code: string, id = channel.id) => api('DELETE', `/api/v1/channels/${id}`, { confirmation: id === channel.id ? 'Tienda' : 'Otro', code });
  const key = { userId: owner.userId, purpose: 'channel.remove' as const, subjectId: Number(channel.id) };

  const none = await remove('123456');
  assert.equal(none.status, 422);
  assert.deepEqual(none.body.error.details, { attemptsLeft: 0 });

  // Codes are issued at most once a minute: each step below is issued as if a minute had passed since the last.
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  const expired = await issueCode(server.ctx, key, minutes(-11));
  assert.equal((await remove(expired.code)).status, 422, 'expired');

  const { code } = await issueCode(server.ctx, key);
  const wrong = code === '000000' ? '000001' : '000000';
  assert.equal((await remove(code, other.id)).body.error.code, 'removal_code_invalid', "another channel's code");
  for (const attemptsLeft of [4, 3, 2, 1, 0]) {
    const res = await remove(wrong);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'removal_code_invalid');
    assert.deepEqual(res.body.error.details, { attemptsLeft });
  }
  assert.equal((await remove(code)).status, 422, 'spent after five wrong tries');
  await assert.rejects(issueCode(server.ctx, key), /rate_limited/, 'a new code only a minute after the last');

  const malformed = await api('DELETE', `/api/v1/channels/${channel.id}`, { confirmation: 'Tienda', code: '12ab' });
  assert.equal(malformed.status, 422);
  assert.equal(malformed.body.error.details[0].path, 'body.code');
  assert.equal((await api('GET', `/api/v1/channels/${channel.id}`)).status, 200, 'still there');

  const fresh = await issueCode(server.ctx, key, minutes(1));
  assert.equal((await remove(fresh.code)).status, 204);
  assert.equal((await remove(fresh.code)).status, 404, 'a removed channel is gone');
});

test('CH-5 only a signed-in Owner or Manager gets a code: an agent is 403, an API token is 403; without SMTP in production, 503', async () => {
  const server = await startTestServer();
  const owner = await signup(server);
  const { api, channel } = await channelWithOpenConversation(server, owner.token);
  const agent = client(server, (await joinByInvitation(server, owner.token, { role: 'agent' })).token);
  assert.equal((await agent('POST', `/api/v1/channels/${channel.id}/removal-code`)).status, 403);
  const token = (await api('POST', '/api/v1/api-tokens', { name: 'Zapier' })).body.token;
  const integration = client(server, token);
  const byToken = await integration('POST', `/api/v1/channels/${channel.id}/removal-code`);
  assert.equal(byToken.status, 403);
  // Development and test nodes without SMTP_URL write the mail to the log instead: the request succeeds.
  assert.equal((await api('POST', `/api/v1/channels/${channel.id}/removal-code`)).status, 202);
  const again = await api('POST', `/api/v1/channels/${channel.id}/removal-code`);
  assert.equal(again.status, 429, 'one code a minute');
  assert.equal(again.body.error.code, 'rate_limited');

  const production = await startTestServer({ config: { NODE_ENV: 'production' } });
  const prodOwner = await signup(production);
  const prodChannel = await connectApiChannel(client(production, prodOwner.token), integrator, 'Prod');
  const refused = await client(production, prodOwner.token)('POST', `/api/v1/channels/${prodChannel.id}/removal-code`);
  assert.equal(refused.status, 503);
  assert.equal(refused.body.error.code, 'mailer_not_configured');
});
