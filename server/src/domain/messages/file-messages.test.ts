import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { messages } from '../../db/schema.js';
import { connectApiChannel, FakeIntegrator, inboundMessage, postWebhook } from '../../../test/fakes/api-integrator.js';
import { contactIdOf, eventually, multipart } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';

const server = await startTestServer();
const ws = await signupWorkspace(server, 'Files');
const owner = client(server, ws.token);
const integrator = await FakeIntegrator.start();
after(() => integrator.close());
const apiChannel = await connectApiChannel(owner, integrator, 'Shop');
const webchat = (await owner('POST', '/api/v1/channels', { type: 'webchat', name: 'Website', config: {} })).body as { id: string; publicKey: string };

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const pdf = Buffer.from('%PDF-1.4 quote');

/** A web chat visitor who wrote once: a contact the agent can answer with files. */
async function visitor() {
  const widget = client(server, undefined, {});
  const session = await widget('POST', `/widget/v1/${webchat.publicKey}/sessions`, {});
  const as = client(server, session.body.token);
  const first = await as('POST', `/widget/v1/${webchat.publicKey}/messages`, { clientId: randomUUID(), text: 'Hola' });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const [row] = await server.ctx.db.select({ contactId: messages.contactId }).from(messages).where(eq(messages.id, Number(first.body.id)));
  return { contactId: String(row!.contactId), as };
}

const sendFile = (contactId: string, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }, headers: Record<string, string> = {}) => {
  const form = multipart(fields, file);
  return owner('POST', `/api/v1/contacts/${contactId}/messages`, form.payload, { ...form.headers, ...headers });
};
const outbound = async (contactId: string) =>
  (await owner('GET', `/api/v1/contacts/${contactId}/messages`)).body.items.filter((i: any) => i.kind === 'message' && i.direction === 'out');

test('IN-8 an agent sends an image with a caption: stored with its file, downloadable, and shown to the visitor', async () => {
  const { contactId, as } = await visitor();
  const res = await sendFile(contactId, { text: 'Su comprobante', channelId: webchat.id }, { name: 'receipt.png', type: 'image/png', bytes: png });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const [sent] = await outbound(contactId);
  assert.equal(sent.id, res.body.id);
  assert.equal(sent.text, 'Su comprobante');
  assert.equal(sent.content.kind, 'image');
  assert.equal(sent.content.attachments[0].filename, 'receipt.png');
  const download = await server.app.inject({ method: 'GET', url: sent.content.attachments[0].url, headers: { authorization: `Bearer ${ws.token}` } });
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, png);
  await eventually(async () => (await outbound(contactId))[0].status === 'sent', 8000, 'sent');
  const seen = (await as('GET', `/widget/v1/${webchat.publicKey}/messages`)).body.items.find((m: any) => m.id === res.body.id);
  assert.equal(seen.from, 'agent');
  assert.equal(seen.attachments[0].filename, 'receipt.png');
  const visitorFile = await server.app.inject({ method: 'GET', url: seen.attachments[0].url });
  assert.deepEqual(visitorFile.rawPayload, png);
});

test('API-2 a retried file send with the same Idempotency-Key sends once; another file under that key is 422', async () => {
  const { contactId } = await visitor();
  const key = { 'idempotency-key': `file-${randomUUID()}` };
  const first = await sendFile(contactId, {}, { name: 'quote.pdf', type: 'application/pdf', bytes: pdf }, key);
  const again = await sendFile(contactId, {}, { name: 'quote.pdf', type: 'application/pdf', bytes: pdf }, key);
  assert.equal(first.status, 201);
  assert.equal(again.body.id, first.body.id);
  const other = await sendFile(contactId, {}, { name: 'quote.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 other') }, key);
  assert.equal(other.status, 422);
  assert.equal(other.body.error.code, 'idempotency_key_reused');
  assert.equal((await outbound(contactId)).length, 1);
});

test('bad file sends get a clear error and store nothing', async () => {
  const { contactId } = await visitor();
  const svg = await sendFile(contactId, {}, { name: 'x.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg onload="alert(1)"/>') });
  assert.equal(svg.status, 415);
  assert.equal(svg.body.error.code, 'file_type_not_allowed');
  const huge = await sendFile(contactId, {}, { name: 'big.pdf', type: 'application/pdf', bytes: Buffer.alloc(16 * 1_048_576 + 1) });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, 'file_too_large');
  assert.equal(huge.body.error.details.maxBytes, 16 * 1_048_576);
  const longCaption = await sendFile(contactId, { text: 'x'.repeat(1025) }, { name: 'q.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(longCaption.status, 422);
  assert.equal(longCaption.body.error.details[0].path, 'body.text');
  const noFile = await sendFile(contactId, { text: 'only text' });
  assert.equal(noFile.status, 422);
  assert.equal(noFile.body.error.details[0].path, 'body.file');
  const badChannel = await sendFile(contactId, { channelId: 'abc' }, { name: 'q.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(badChannel.status, 422);
  assert.equal(badChannel.body.error.details[0].path, 'body.channelId');
  const unauthenticated = multipart({}, { name: 'q.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal((await client(server)('POST', `/api/v1/contacts/${contactId}/messages`, unauthenticated.payload, unauthenticated.headers)).status, 401);
  const otherWorkspace = client(server, (await signupWorkspace(server, 'Other')).token);
  assert.equal((await otherWorkspace('POST', `/api/v1/contacts/${contactId}/messages`, unauthenticated.payload, unauthenticated.headers)).status, 404);
  assert.deepEqual(await outbound(contactId), []);
});

test('a channel that sends no files (the API channel) refuses one with 422 files_not_supported', async () => {
  const externalId = `buyer-${randomUUID()}`;
  assert.equal((await postWebhook(server, apiChannel, inboundMessage(externalId, `in-${externalId}`, 'Hola'))).status, 200);
  const contactId = await eventually(() => contactIdOf(server, Number(apiChannel.id), externalId).catch(() => undefined));
  const res = await sendFile(contactId, {}, { name: 'q.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, "files_not_supported", JSON.stringify(res.body));
  const channel = (await owner('GET', `/api/v1/channels/${apiChannel.id}`)).body;
  assert.deepEqual(channel.capabilities.files, {});
  assert.deepEqual(await outbound(contactId), []);
});
