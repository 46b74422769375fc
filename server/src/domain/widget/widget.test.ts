import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { messages } from '../../db/schema.js';
import { client, listen, signupWorkspace, startTestServer, type TestServer } from '../../../test/harness.js';
import { eventually, multipart } from '../../../test/fixtures.js';

const SHOP = 'https://shop.example.com';

const server: TestServer = await startTestServer();
const owner = await signupWorkspace(server);
const api = client(server, owner.token);
const channel = await createWebchat({ allowedDomains: ['shop.example.com', '*.example.org'] });

async function createWebchat(config: Record<string, unknown>) {
  const res = await api('POST', '/api/v1/channels', { type: 'webchat', name: 'Website', config });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; publicKey: string; secret: string };
}

/** The widget's calls: from a page of `origin`, as the visitor holding `token`. */
function widget(key = channel.publicKey, token?: string, origin: string | null = SHOP) {
  return (method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
    client(server, token, origin ? { origin } : {})(method, `/widget/v1/${key}${path}`, payload, headers);
}

async function newVisitor(body: Record<string, unknown> = {}, key = channel.publicKey) {
  const res = await widget(key)('POST', '/sessions', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { token: res.body.token as string, as: widget(key, res.body.token) };
}

const hmac = (identifier: string, secret = channel.secret) => createHmac('sha256', secret).update(identifier).digest('hex');

/** The contact a visitor became (the widget never learns it: agents' ids stay internal). */
async function contactOfVisitorMessage(messageId: string) {
  const [row] = await server.ctx.db.select({ contactId: messages.contactId }).from(messages).where(eq(messages.id, Number(messageId)));
  return String(row!.contactId);
}

describe('connecting a web chat channel', () => {
  test('201 with id, publicKey and secret; the public key is shown with the channel', async () => {
    assert.match(channel.id, /^\d+$/);
    assert.match(channel.publicKey, /^cvw_[A-Za-z0-9_-]+$/);
    assert.match(channel.secret, /^cvh_/);
    const shown = await api('GET', `/api/v1/channels/${channel.id}`);
    assert.equal(shown.body.publicKey, channel.publicKey);
    assert.deepEqual(shown.body.config, { allowedDomains: ['shop.example.com', '*.example.org'], identityVerification: false, preChatForm: false });
  });

  test('a malformed allowed domain is 422 on its path, nothing created', async () => {
    const before = (await api('GET', '/api/v1/channels')).body.items.length;
    const res = await api('POST', '/api/v1/channels', { type: 'webchat', name: 'Bad', config: { allowedDomains: ['https://shop.example.com/'] } });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.equal(res.body.error.details[0].path, 'body.config.allowedDomains.0');
    assert.equal((await api('GET', '/api/v1/channels')).body.items.length, before);
  });

  test('other channel types get no public key', async () => {
    const res = await api('POST', '/api/v1/channels', { type: 'api', name: 'CRM', config: { outboundUrl: 'https://crm.example.com/hook' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.publicKey, undefined);
  });
});

describe('CORS on the widget API', () => {
  test('a preflight from an allowed origin (exact or wildcard) is answered with that origin', async () => {
    for (const origin of [SHOP, 'https://blog.example.org', 'http://a.b.example.org:8080']) {
      const res = await widget(channel.publicKey, undefined, origin)('OPTIONS', '/messages', undefined, {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      });
      assert.equal(res.status, 204, origin);
      assert.equal(res.headers['access-control-allow-origin'], origin);
      assert.match(String(res.headers['access-control-allow-headers']), /authorization/);
    }
  });

  test('another origin is refused with 403 origin_not_allowed and no CORS header, preflight or not', async () => {
    for (const origin of ['https://evil.example.net', 'https://example.org', 'https://shop.example.com.evil.net', 'null']) {
      const preflight = await widget(channel.publicKey, undefined, origin)('OPTIONS', '/sessions', undefined, { 'access-control-request-method': 'POST' });
      assert.equal(preflight.status, 403, origin);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
      const session = await widget(channel.publicKey, undefined, origin)('POST', '/sessions', {});
      assert.equal(session.status, 403);
      assert.equal(session.body.error.code, 'origin_not_allowed');
    }
  });

  test('an empty allow-list lets any site in; an unknown key is 404', async () => {
    const open = await createWebchat({});
    const res = await widget(open.publicKey, undefined, 'https://anywhere.test')('POST', '/sessions', {});
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'https://anywhere.test');
    assert.equal((await widget('cvw_doesnotexist000000')('POST', '/sessions', {})).status, 404);
    assert.equal((await widget('not-a-key')('POST', '/sessions', {})).status, 404);
  });

  test('error answers carry the CORS header, so the widget can read them', async () => {
    const res = await widget(channel.publicKey, 'forged.token')('GET', '/messages');
    assert.equal(res.status, 401);
    assert.equal(res.headers['access-control-allow-origin'], SHOP);
  });
});

describe('visitor sessions', () => {
  test('a new visitor gets a token and the channel presentation; resuming keeps the visitor and the pre-chat details', async () => {
    const res = await widget()('POST', '/sessions', { name: 'Ana', email: 'ana@example.com' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.visitor, { name: 'Ana', email: 'ana@example.com', identified: false });
    assert.deepEqual(res.body.channel, { name: 'Website', greeting: null, preChatForm: false, color: null });
    const sent = await widget(channel.publicKey, res.body.token)('POST', '/messages', { clientId: randomUUID(), text: 'Hola' });
    assert.equal(sent.status, 201);
    const resumed = await widget()('POST', '/sessions', { token: res.body.token });
    assert.deepEqual(resumed.body.visitor, { name: 'Ana', email: 'ana@example.com', identified: false });
    const history = await widget(channel.publicKey, resumed.body.token)('GET', '/messages');
    assert.deepEqual(history.body.items.map((m: { text: string }) => m.text), ['Hola']);
    const contact = await api('GET', `/api/v1/contacts/${await contactOfVisitorMessage(sent.body.id)}`);
    assert.equal(contact.body.displayName, 'Ana');
    assert.equal(contact.body.email, 'ana@example.com');
  });

  test('identity verification: the right hash makes the same contact on two devices; a wrong one is 401', async () => {
    const identifier = `user-${randomUUID()}`;
    const phone = await newVisitor({ identifier, identifierHash: hmac(identifier) });
    const laptop = await newVisitor({ identifier, identifierHash: hmac(identifier).toUpperCase() });
    await phone.as('POST', '/messages', { clientId: randomUUID(), text: 'from my phone' });
    const history = await laptop.as('GET', '/messages');
    assert.deepEqual(history.body.items.map((m: { text: string }) => m.text), ['from my phone']);

    const wrong = await widget()('POST', '/sessions', { identifier, identifierHash: hmac(identifier, 'another secret') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'identity_invalid');
    const half = await widget()('POST', '/sessions', { identifier });
    assert.equal(half.status, 422);
    assert.equal(half.body.error.details[0].path, 'body.identifierHash');
  });

  test('a channel with identityVerification refuses anonymous visitors', async () => {
    const strict = await createWebchat({ identityVerification: true });
    const anonymous = await widget(strict.publicKey)('POST', '/sessions', {});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'identity_required');
    const known = await widget(strict.publicKey)('POST', '/sessions', { identifier: 'u-1', identifierHash: hmac('u-1', strict.secret) });
    assert.equal(known.status, 200);
    assert.equal(known.body.visitor.identified, true);
  });

  test('calls without a valid token are 401 session_invalid: none, forged, or another channel\'s', async () => {
    const other = await createWebchat({});
    const { token: otherToken } = await newVisitor({}, other.publicKey);
    const [body, signature] = otherToken.split('.');
    for (const token of [undefined, 'garbage', `${body}.${signature}x`, otherToken]) {
      const res = await widget(channel.publicKey, token)('GET', '/messages');
      assert.equal(res.status, 401, String(token));
      assert.equal(res.body.error.code, 'session_invalid');
    }
  });
});

describe('visitor messages', () => {
  test('a retried send (same clientId) is stored once and answers the same message', async () => {
    const visitor = await newVisitor();
    const clientId = randomUUID();
    const first = await visitor.as('POST', '/messages', { clientId, text: 'Is it in stock?' });
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body).sort(), ['attachments', 'author', 'clientId', 'createdAt', 'deleted', 'from', 'id', 'status', 'text']);
    assert.equal(first.body.clientId, clientId);
    assert.equal(first.body.from, 'visitor');
    const again = await visitor.as('POST', '/messages', { clientId, text: 'Is it in stock?' });
    assert.equal(again.status, 201);
    assert.equal(again.body.id, first.body.id);
    const timeline = await api('GET', `/api/v1/contacts/${await contactOfVisitorMessage(first.body.id)}/messages`);
    assert.equal(timeline.body.items.filter((i: { kind: string }) => i.kind === 'message').length, 1);
  });

  test('bad input is 422 with the path, and nothing is stored', async () => {
    const visitor = await newVisitor();
    for (const [body, path] of [
      [{ clientId: 'short', text: 'x' }, 'body.clientId'],
      [{ clientId: randomUUID() }, 'body.text'],
      [{ clientId: randomUUID(), text: 'x', page: { url: 'not a url' } }, 'body.page.url'],
    ] as const) {
      const res = await visitor.as('POST', '/messages', body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.equal(res.body.error.details[0].path, path);
    }
    assert.deepEqual((await visitor.as('GET', '/messages')).body.items, []);
  });

  test("an agent's reply reaches the history with the agent's name; read receipts give the agent read ticks", async () => {
    const visitor = await newVisitor();
    const sent = await visitor.as('POST', '/messages', { clientId: randomUUID(), text: 'Hello?' });
    const contactId = await contactOfVisitorMessage(sent.body.id);
    const reply = await api('POST', `/api/v1/contacts/${contactId}/messages`, { text: 'Hi! How can I help?' });
    assert.equal(reply.status, 201);
    const shown = await eventually(async () => {
      const page = await visitor.as('GET', '/messages');
      const m = page.body.items.find((i: { id: string }) => i.id === reply.body.id);
      return m?.status === 'sent' && m;
    });
    assert.equal(shown.from, 'agent');
    assert.deepEqual(shown.author, { name: 'Owner', avatarUrl: null });

    const read = await visitor.as('POST', '/receipts', { status: 'read', upTo: reply.body.id });
    assert.deepEqual(read.body, { updated: 1 });
    const timeline = await api('GET', `/api/v1/contacts/${contactId}/messages`);
    const agentView = timeline.body.items.find((i: { id: string; kind: string }) => i.kind === 'message' && i.id === reply.body.id);
    assert.equal(agentView.status, 'read');
    assert.deepEqual((await visitor.as('POST', '/receipts', { status: 'read', upTo: reply.body.id })).body, { updated: 0 });
  });

  test('history pages back with a cursor and catches up after a message id', async () => {
    const visitor = await newVisitor();
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) ids.push((await visitor.as('POST', '/messages', { clientId: randomUUID(), text })).body.id);
    const first = await visitor.as('GET', '/messages?limit=2');
    assert.deepEqual(first.body.items.map((m: { text: string }) => m.text), ['three', 'two']);
    const rest = await visitor.as('GET', `/messages?limit=2&before=${first.body.nextCursor}`);
    assert.deepEqual(rest.body.items.map((m: { text: string }) => m.text), ['one']);
    assert.equal(rest.body.nextCursor, null);
    const after = await visitor.as('GET', `/messages?after=${ids[0]}`);
    assert.deepEqual(after.body.items.map((m: { text: string }) => m.text), ['two', 'three']);
  });

  test('a visitor never lists another visitor\'s messages', async () => {
    const a = await newVisitor();
    const b = await newVisitor();
    await b.as('POST', '/messages', { clientId: randomUUID(), text: "B's secret" });
    assert.deepEqual((await a.as('GET', '/messages')).body.items, []);
  });
});

describe('attachments', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  test('an image is stored and served inline at its signed URL; a wrong signature is 404', async () => {
    const visitor = await newVisitor();
    const form = multipart({ clientId: randomUUID(), text: 'my receipt' }, { name: 'receipt.png', type: 'image/png', bytes: png });
    const res = await visitor.as('POST', '/messages', form.payload, form.headers);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.text, 'my receipt');
    const [attachment] = res.body.attachments;
    assert.equal(attachment.type, 'image');
    assert.equal(attachment.filename, 'receipt.png');
    assert.equal(attachment.size, png.length);
    const file = await server.app.inject({ method: 'GET', url: attachment.url });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.match(String(file.headers['content-disposition']), /^inline/);
    assert.deepEqual(file.rawPayload, png);
    const forged = await server.app.inject({ method: 'GET', url: attachment.url.replace(/sig=.*/, 'sig=AAAA') });
    assert.equal(forged.statusCode, 404);
  });

  test('a document is a download; the agent sees the same file', async () => {
    const visitor = await newVisitor();
    const form = multipart({ clientId: randomUUID() }, { name: 'order.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 test') });
    const res = await visitor.as('POST', '/messages', form.payload, form.headers);
    assert.equal(res.status, 201);
    assert.equal(res.body.attachments[0].type, 'document');
    const file = await server.app.inject({ method: 'GET', url: res.body.attachments[0].url });
    assert.match(String(file.headers['content-disposition']), /^attachment; filename\*=UTF-8''order\.pdf/);
    const contactId = await contactOfVisitorMessage(res.body.id);
    const timeline = await api('GET', `/api/v1/contacts/${contactId}/messages`);
    const stored = timeline.body.items.find((i: { id: string; kind: string }) => i.kind === 'message' && i.id === res.body.id);
    const agentFile = await server.app.inject({ method: 'GET', url: stored.content.attachments[0].url, headers: { authorization: `Bearer ${owner.token}` } });
    assert.equal(agentFile.statusCode, 200);
    assert.equal(agentFile.body, '%PDF-1.4 test');
  });

  test('too large is 413 file_too_large, a script-capable type 415 file_type_not_allowed; nothing stored', async () => {
    const visitor = await newVisitor();
    const big = multipart({ clientId: randomUUID() }, { name: 'big.png', type: 'image/png', bytes: Buffer.alloc(10 * 1_048_576 + 1) });
    const tooLarge = await visitor.as('POST', '/messages', big.payload, big.headers);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.code, 'file_too_large');
    const svg = multipart({ clientId: randomUUID() }, { name: 'x.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg onload="alert(1)"/>') });
    const wrongType = await visitor.as('POST', '/messages', svg.payload, svg.headers);
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.error.code, 'file_type_not_allowed');
    const one = multipart({ clientId: randomUUID() }, { name: 'a.png', type: 'image/png', bytes: png });
    const boundary = one.headers['content-type'].split('boundary=')[1];
    const closing = `--${boundary}--\r\n`;
    const secondFile = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\nContent-Type: image/png\r\n\r\nxx\r\n${closing}`;
    const twoFiles = Buffer.concat([one.payload.subarray(0, one.payload.length - closing.length), Buffer.from(secondFile)]);
    const tooMany = await visitor.as('POST', '/messages', twoFiles, one.headers);
    assert.equal(tooMany.status, 422);
    assert.deepEqual((await visitor.as('GET', '/messages')).body.items, []);
  });
});

describe('page changes (IN-7)', () => {
  test('before the first message the page rides with it; afterwards each page change is its own timeline event', async () => {
    const visitor = await newVisitor();
    const early = await visitor.as('POST', '/pages', { url: 'https://shop.example.com/pricing', title: 'Pricing' });
    assert.deepEqual(early.body, { recorded: false });
    const sent = await visitor.as('POST', '/messages', { clientId: randomUUID(), text: 'Discounts?', page: { url: 'https://shop.example.com/pricing', title: 'Pricing' } });
    const contactId = await contactOfVisitorMessage(sent.body.id);
    const later = await visitor.as('POST', '/pages', { url: 'https://shop.example.com/checkout', title: 'Checkout' });
    assert.deepEqual(later.body, { recorded: true });
    const timeline = await api('GET', `/api/v1/contacts/${contactId}/messages`);
    const pages = timeline.body.items.filter((i: { kind: string; type?: string }) => i.kind === 'event' && i.type === 'page_change');
    assert.deepEqual(
      pages.map((p: { data: { url: string } }) => p.data.url),
      ['https://shop.example.com/checkout', 'https://shop.example.com/pricing'],
    );
    assert.equal(pages[0].actor?.kind ?? pages[0].actorKind, 'contact');
  });
});

describe('visitor sockets', () => {
  let baseUrl: string;
  before(async () => {
    baseUrl = await listen(server);
  });

  function connectVisitor(token: string, origin = SHOP) {
    const socket: Socket = io(`${baseUrl}/widget`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { key: channel.publicKey, token },
      extraHeaders: { origin },
    });
    const messages: { id: string; text: string | null; from: string; author: unknown }[] = [];
    socket.on('message', (m) => messages.push(m));
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, messages, ready };
  }

  test("a visitor hears only their own conversation's messages, presented for them; never another visitor's", async () => {
    const a = await newVisitor();
    const b = await newVisitor();
    // A already has a conversation; B's starts while both are connected.
    const aFirst = await a.as('POST', '/messages', { clientId: randomUUID(), text: 'A here' });
    const socketA = connectVisitor(a.token);
    const socketB = connectVisitor(b.token);
    await Promise.all([socketA.ready, socketB.ready]);
    try {
      const bFirst = await b.as('POST', '/messages', { clientId: randomUUID(), text: 'B here' });
      const bContact = await contactOfVisitorMessage(bFirst.body.id);
      const reply = await api('POST', `/api/v1/contacts/${bContact}/messages`, { text: 'Hi B' });
      // Internal changes to B's conversation (an assignment, a close) are not messages: nothing for the visitor.
      await api('POST', `/api/v1/contacts/${bContact}/close`, {});
      const aReply = await api('POST', `/api/v1/contacts/${await contactOfVisitorMessage(aFirst.body.id)}/messages`, { text: 'Hi A' });
      await eventually(async () => socketB.messages.some((m) => m.id === reply.body.id && m.text === 'Hi B'));
      await eventually(async () => socketA.messages.some((m) => m.id === aReply.body.id));
      const fromAgent = socketB.messages.find((m) => m.id === reply.body.id)!;
      assert.equal(fromAgent.from, 'agent');
      assert.deepEqual(fromAgent.author, { name: 'Owner', avatarUrl: null });
      assert.ok(socketB.messages.every((m) => [bFirst.body.id, reply.body.id].includes(m.id)), JSON.stringify(socketB.messages));
      assert.ok(socketA.messages.every((m) => m.id === aReply.body.id), JSON.stringify(socketA.messages));
      assert.ok(socketB.messages.every((m) => !('contactId' in m) && !('senderUserId' in m)));
    } finally {
      socketA.socket.close();
      socketB.socket.close();
    }
  });

  test('the handshake refuses a bad token and a page of another origin', async () => {
    const visitor = await newVisitor();
    for (const [token, origin, code] of [
      ['forged', SHOP, 'session_invalid'],
      [visitor.token, 'https://evil.example.net', 'origin_not_allowed'],
    ] as const) {
      const { socket, ready } = connectVisitor(token, origin);
      await assert.rejects(ready, (err: Error & { data?: { code: string } }) => err.data?.code === code);
      socket.close();
    }
  });
});

test('the widget API is rate-limited per visitor and, before a session, per IP', async () => {
  const limited = await startTestServer({ config: { WIDGET_RATE_LIMIT_PER_MINUTE: '3' } });
  const ownerToken = (await signupWorkspace(limited)).token;
  const created = await client(limited, ownerToken)('POST', '/api/v1/channels', { type: 'webchat', name: 'W', config: {} });
  const call = (token?: string) => client(limited, token)('POST', `/widget/v1/${created.body.publicKey}/sessions`, {});
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await call()).status);
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  assert.equal((await call()).body.error.code, 'rate_limited');
});
