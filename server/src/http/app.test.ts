import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, signupWorkspace, startTestServer } from '../../test/harness.js';

const server = await startTestServer({ config: { API_RATE_LIMIT_PER_MINUTE: '3' } });

test('API-1 requests are rate-limited per token, with the error envelope; another token is unaffected', async () => {
  const a = client(server, (await signupWorkspace(server, 'A')).token);
  const b = client(server, (await signupWorkspace(server, 'B')).token);
  for (let i = 0; i < 3; i++) assert.equal((await a('GET', '/api/v1/inbox/counts')).status, 200);
  const limited = await a('GET', '/api/v1/inbox/counts');
  assert.equal(limited.status, 429);
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(limited.headers['retry-after']);
  assert.equal((await b('GET', '/api/v1/inbox/counts')).status, 200);
});

test('P4 unknown routes, malformed JSON and wrong content types get the error envelope', async () => {
  const anon = client(server);
  const missing = await anon('GET', '/api/v1/nothing-here');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json', 'accept-language': 'pt-BR' },
    payload: '{"email":',
  });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(JSON.parse(res.body).error.code, 'invalid_json');
  assert.equal(JSON.parse(res.body).error.message, 'O corpo da requisição não é um JSON válido.');
  const form = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'x' });
  assert.equal(form.statusCode, 415);
  assert.equal(JSON.parse(form.body).error.code, 'unsupported_media_type');
});

test('API-1 the OpenAPI document lists the public routes, and the docs page is served', async () => {
  const doc = await client(server)('GET', '/api/openapi.json');
  for (const path of ['/api/v1/inbox', '/api/v1/contacts/{id}/messages', '/api/v1/contacts/{id}/assignee', '/api/v1/channels', '/api/v1/invitations/{token}/accept']) {
    assert.ok(doc.body.paths[path], path);
  }
  const page = await server.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /swagger/i);
});
