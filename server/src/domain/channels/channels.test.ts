import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { FakeTelegram } from '../../../test/fakes/telegram.js';
import { FakeWhatsApp } from '../../../test/fakes/whatsapp-cloud.js';
import { removeChannel } from '../../../test/fixtures.js';
import { joinByInvitation } from '../../../test/members.js';

const PUBLIC_URL = 'https://conversa.example';
const server = await startTestServer({ config: { PUBLIC_URL } });
const anon = client(server);

/** A well-formed removal body: refused for who the caller is or which channel, never for its shape. */
const removalProof = { confirmation: 'Shop backend', code: '123456' };
const apiChannel = (name = 'Shop backend', outboundUrl = 'https://shop.example/conversa') => ({ type: 'api', name, config: { outboundUrl } });

test('CH-1 an Owner connects an API channel: 201 with its id, secret and inbound URL', async () => {
  const { token } = await signupWorkspace(server);
  const res = await client(server, token)('POST', '/api/v1/channels', apiChannel());
  assert.equal(res.status, 201);
  const { id, secret, inboundUrl, ...rest } = res.body;
  assert.match(id, /^\d+$/);
  assert.match(secret, /^cvh_[\w-]{43}$/);
  assert.equal(inboundUrl, `${PUBLIC_URL}/webhooks/api/${id}`);
  assert.deepEqual({ ...rest, createdAt: typeof rest.createdAt }, {
    type: 'api',
    name: 'Shop backend',
    status: 'connected',
    statusReason: null,
    statusChangedAt: null,
    lastWebhookAt: null,
    createdAt: 'string',
    capabilities: { deleteForContact: false, replyWindowMs: null, files: {}, uncaptionedFiles: [] },
    config: { outboundUrl: 'https://shop.example/conversa' },
  });
  const other = await client(server, token)('POST', '/api/v1/channels', apiChannel('Second'));
  assert.notEqual(other.body.secret, secret);
});

test('everyone in the workspace lists and reads channels, without secret; config only for Owner/Manager', async () => {
  const { token } = await signupWorkspace(server);
  const owner = client(server, token);
  const created = (await owner('POST', '/api/v1/channels', apiChannel())).body;
  const agent = client(server, (await joinByInvitation(server, token, { role: 'agent' })).token);

  const list = await agent('GET', '/api/v1/channels');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items, [
    {
      id: created.id,
      type: 'api',
      name: 'Shop backend',
      status: 'connected',
      statusReason: null,
      statusChangedAt: null,
      lastWebhookAt: null,
      createdAt: created.createdAt,
      inboundUrl: created.inboundUrl,
      capabilities: { deleteForContact: false, replyWindowMs: null, files: {}, uncaptionedFiles: [] },
    },
  ]);
  const one = await agent('GET', `/api/v1/channels/${created.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, list.body.items[0]);

  const asOwner = await owner('GET', `/api/v1/channels/${created.id}`);
  assert.deepEqual(asOwner.body.config, { outboundUrl: 'https://shop.example/conversa' });
  assert.equal(asOwner.body.secret, undefined);
  assert.equal((await owner('GET', '/api/v1/channels')).body.items[0].secret, undefined);
});

test('the secret is revealed again to Owner/Manager only', async () => {
  const { token } = await signupWorkspace(server);
  const created = (await client(server, token)('POST', '/api/v1/channels', apiChannel())).body;
  const manager = client(server, (await joinByInvitation(server, token, { role: 'manager' })).token);
  const agent = client(server, (await joinByInvitation(server, token, { role: 'agent' })).token);
  assert.deepEqual((await manager('GET', `/api/v1/channels/${created.id}/secret`)).body, { secret: created.secret });
  const refused = await agent('GET', `/api/v1/channels/${created.id}/secret`);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
});

test('without a token every channel route answers 401', async () => {
  const { token } = await signupWorkspace(server);
  const { id } = (await client(server, token)('POST', '/api/v1/channels', apiChannel())).body;
  for (const [method, url] of [
    ['GET', '/api/v1/channels'],
    ['POST', '/api/v1/channels'],
    ['GET', `/api/v1/channels/${id}`],
    ['GET', `/api/v1/channels/${id}/secret`],
    ['PATCH', `/api/v1/channels/${id}`],
    ['DELETE', `/api/v1/channels/${id}`],
  ] as const) {
    const res = await anon(method, url, method === 'POST' || method === 'PATCH' ? apiChannel() : undefined);
    assert.equal(res.status, 401, `${method} ${url}`);
    assert.equal(res.body.error.code, 'unauthenticated');
  }
});

test('WS-7 an Agent cannot connect, edit or remove channels (403) and nothing changes', async () => {
  const { token } = await signupWorkspace(server);
  const owner = client(server, token);
  const { id } = (await owner('POST', '/api/v1/channels', apiChannel())).body;
  const agent = client(server, (await joinByInvitation(server, token, { role: 'agent' })).token);
  for (const [method, url, body] of [
    ['POST', '/api/v1/channels', apiChannel('Mine')],
    ['PATCH', `/api/v1/channels/${id}`, { name: 'Renamed' }],
    ['GET', `/api/v1/channels/${id}/removal`, undefined],
    ['POST', `/api/v1/channels/${id}/removal-code`, undefined],
    ['DELETE', `/api/v1/channels/${id}`, removalProof],
  ] as const) {
    const res = await agent(method, url, body);
    assert.equal(res.status, 403, `${method} ${url}`);
    assert.equal(res.body.error.code, 'forbidden');
  }
  const list = (await owner('GET', '/api/v1/channels')).body.items;
  assert.deepEqual(
    list.map((c: { name: string }) => c.name),
    ['Shop backend'],
  );
});

test("P2 another workspace's channel is not found, for reading and writing", async () => {
  const mine = await signupWorkspace(server);
  const theirs = await signupWorkspace(server);
  const { id } = (await client(server, theirs.token)('POST', '/api/v1/channels', apiChannel())).body;
  const api = client(server, mine.token);
  for (const [method, url, body] of [
    ['GET', `/api/v1/channels/${id}`, undefined],
    ['GET', `/api/v1/channels/${id}/secret`, undefined],
    ['PATCH', `/api/v1/channels/${id}`, { name: 'Hijacked' }],
    ['GET', `/api/v1/channels/${id}/removal`, undefined],
    ['POST', `/api/v1/channels/${id}/removal-code`, undefined],
    ['DELETE', `/api/v1/channels/${id}`, removalProof],
    ['GET', '/api/v1/channels/99999999', undefined],
    ['GET', '/api/v1/channels/not-an-id', undefined],
  ] as const) {
    const res = await api(method, url, body);
    assert.equal(res.status, 404, `${method} ${url}`);
    assert.equal(res.body.error.code, 'not_found');
  }
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);
  assert.equal((await client(server, theirs.token)('GET', `/api/v1/channels/${id}`)).body.name, 'Shop backend');
});

test('P4 an unknown type or a bad config is refused with 422 and details, and nothing is created', async () => {
  const { token } = await signupWorkspace(server, 'Validación');
  const api = client(server, token, { 'accept-language': 'es' });
  const cases = [
    [{ type: 'carrier-pigeon', name: 'X', config: {} }, 'body.type'],
    [{ type: 'api', name: 'X', config: { outboundUrl: 'ftp://shop.example/x' } }, 'body.config.outboundUrl'],
    [{ type: 'api', name: 'X', config: { outboundUrl: 'not a url' } }, 'body.config.outboundUrl'],
    [{ type: 'api', name: 'X' }, 'body.config.outboundUrl'],
    [{ type: 'api', name: 'X', config: { outboundUrl: 'https://shop.example', token: 'x' } }, 'body.config'],
    [{ type: 'api', name: ' ', config: { outboundUrl: 'https://shop.example' } }, 'body.name'],
  ] as const;
  for (const [body, path] of cases) {
    const res = await api('POST', '/api/v1/channels', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.equal(res.body.error.message, 'Algunos campos no son válidos.');
    assert.ok(
      res.body.error.details.some((d: { path: string }) => d.path === path),
      `${JSON.stringify(body)} → ${JSON.stringify(res.body.error.details)}`,
    );
  }
  assert.deepEqual((await api('GET', '/api/v1/channels')).body.items, []);
});

test('PATCH renames a channel and replaces its config, validated the same way', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const { id, secret } = (await api('POST', '/api/v1/channels', apiChannel())).body;

  const renamed = await api('PATCH', `/api/v1/channels/${id}`, { name: 'Storefront' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'Storefront');
  assert.deepEqual(renamed.body.config, { outboundUrl: 'https://shop.example/conversa' });

  const moved = await api('PATCH', `/api/v1/channels/${id}`, { config: { outboundUrl: 'http://10.0.0.5:8080/hook' } });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.body.config, { outboundUrl: 'http://10.0.0.5:8080/hook' });

  const bad = await api('PATCH', `/api/v1/channels/${id}`, { name: 'Ignored', config: { outboundUrl: 'mailto:x@y.z' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.details[0].path, 'body.config.outboundUrl');

  const now = (await api('GET', `/api/v1/channels/${id}`)).body;
  assert.equal(now.name, 'Storefront');
  assert.deepEqual(now.config, { outboundUrl: 'http://10.0.0.5:8080/hook' });
  assert.deepEqual((await api('GET', `/api/v1/channels/${id}/secret`)).body, { secret });
  assert.equal((await api('PATCH', `/api/v1/channels/${id}`, {})).status, 200);
});

test('CH-5 DELETE removes a channel softly: gone from the API, 404 afterwards', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const managerToken = (await joinByInvitation(server, token, { role: 'manager' })).token;
  const kept = (await api('POST', '/api/v1/channels', apiChannel('Kept'))).body;
  const { id } = (await api('POST', '/api/v1/channels', apiChannel('Removed'))).body;

  const removed = await removeChannel(server, managerToken, id);
  assert.equal(removed.status, 204);
  assert.deepEqual(
    (await api('GET', '/api/v1/channels')).body.items.map((c: { id: string }) => c.id),
    [kept.id],
  );
  for (const [method, url, body] of [
    ['GET', `/api/v1/channels/${id}`, undefined],
    ['GET', `/api/v1/channels/${id}/secret`, undefined],
    ['PATCH', `/api/v1/channels/${id}`, { name: 'Back' }],
    ['GET', `/api/v1/channels/${id}/removal`, undefined],
    ['DELETE', `/api/v1/channels/${id}`, removalProof],
  ] as const) {
    assert.equal((await api(method, url, body)).status, 404, `${method} ${url}`);
  }
});

test('IN-12 each channel says what it can do: delete for the contact (and until what age), its reply window, the files it sends', async () => {
  const { token } = await signupWorkspace(server);
  const api = client(server, token);
  const agent = client(server, (await joinByInvitation(server, token, { role: 'agent' })).token);
  const [whatsapp, telegram] = await Promise.all([FakeWhatsApp.start(), FakeTelegram.start()]);
  after(() => Promise.all([whatsapp.close(), telegram.close()]));
  const created = [
    await api('POST', '/api/v1/channels', apiChannel()),
    await api('POST', '/api/v1/channels', { type: 'webchat', name: 'Site', config: { allowedDomains: [] } }),
    await api('POST', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp', config: whatsapp.channelConfig(whatsapp.addNumber()) }),
    await api('POST', '/api/v1/channels', { type: 'telegram', name: 'Bot', config: { botToken: telegram.validToken, apiBaseUrl: telegram.url } }),
  ];
  for (const res of created) assert.equal(res.status, 201, JSON.stringify(res.body));
  const MB = 1024 * 1024;
  const any = Number.MAX_SAFE_INTEGER;
  const expected = {
    api: { deleteForContact: false, replyWindowMs: null, files: {}, uncaptionedFiles: [] },
    webchat: { deleteForContact: { maxAgeMs: null }, replyWindowMs: null, files: { image: any, audio: any, video: any, document: any }, uncaptionedFiles: [] },
    whatsapp_cloud: {
      deleteForContact: false,
      replyWindowMs: 24 * 3_600_000,
      files: { image: 5 * MB, audio: 16 * MB, video: 16 * MB, document: 100 * MB },
      uncaptionedFiles: ['audio'],
    },
    telegram: {
      deleteForContact: { maxAgeMs: 48 * 3_600_000 },
      replyWindowMs: null,
      files: { image: 10 * MB, audio: 50 * MB, video: 50 * MB, document: 50 * MB },
      uncaptionedFiles: [],
    },
  };
  const listed = (await agent('GET', '/api/v1/channels')).body.items as { type: keyof typeof expected; capabilities: unknown }[];
  assert.deepEqual(Object.fromEntries(listed.map((c) => [c.type, c.capabilities])), expected);
  for (const res of created) assert.deepEqual(res.body.capabilities, expected[res.body.type as keyof typeof expected]);
});
