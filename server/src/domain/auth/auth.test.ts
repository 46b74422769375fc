import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, signupWorkspace, startTestServer, uniqueEmail } from '../../../test/harness.js';

const server = await startTestServer({ config: { LOGIN_MAX_FAILURES: '3' } });
const anon = client(server);

test('WS-1 signup creates a workspace and its Owner, signed in', async () => {
  const email = uniqueEmail();
  const res = await anon('POST', '/api/v1/auth/signup', { workspaceName: 'Tienda Sol', name: 'Ana', email, password: 'secret-pass-1' });
  assert.equal(res.status, 201);
  assert.match(res.body.token, /^cvs_/);
  assert.equal(res.body.user.role, 'owner');
  assert.equal(res.body.user.email, email);
  assert.equal(typeof res.body.workspace.id, 'string');
  assert.match(String(res.headers['set-cookie']), /conversa_session=.*HttpOnly/i);
  const me = await client(server, res.body.token)('GET', '/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.workspace.name, 'Tienda Sol');
});

test('signup rejects a taken email with 409 and bad input with 422 in the caller language', async () => {
  const { token } = await signupWorkspace(server);
  void token;
  const email = uniqueEmail();
  await anon('POST', '/api/v1/auth/signup', { workspaceName: 'A', name: 'A', email, password: 'secret-pass-1' });
  const dup = await anon('POST', '/api/v1/auth/signup', { workspaceName: 'B', name: 'B', email: email.toUpperCase(), password: 'secret-pass-1' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'email_taken');
  const bad = await client(server, undefined, { 'accept-language': 'es-MX,es;q=0.9' })('POST', '/api/v1/auth/signup', { workspaceName: '', email: 'nope', password: 'x' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'validation_failed');
  assert.equal(bad.body.error.message, 'Algunos campos no son válidos.');
  assert.ok(bad.body.error.details.some((d: { path: string }) => d.path === 'body.email'));
});

test('login returns a token; repeated failures lock the email (429)', async () => {
  const email = uniqueEmail();
  await anon('POST', '/api/v1/auth/signup', { workspaceName: 'A', name: 'A', email, password: 'secret-pass-1' });
  const ok = await anon('POST', '/api/v1/auth/login', { email, password: 'secret-pass-1' });
  assert.equal(ok.status, 200);
  assert.match(ok.body.token, /^cvs_/);
  for (let i = 0; i < 3; i++) {
    const wrong = await anon('POST', '/api/v1/auth/login', { email, password: 'wrong-password' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'invalid_credentials');
  }
  const locked = await anon('POST', '/api/v1/auth/login', { email, password: 'secret-pass-1' });
  assert.equal(locked.status, 429);
  assert.equal(locked.body.error.code, 'too_many_login_attempts');
});

test('no token, a bad token, or a logged-out token: 401', async () => {
  assert.equal((await anon('GET', '/api/v1/auth/me')).status, 401);
  assert.equal((await client(server, 'cvs_nope')('GET', '/api/v1/auth/me')).status, 401);
  const { token } = await signupWorkspace(server);
  assert.equal((await client(server, token)('POST', '/api/v1/auth/logout')).status, 204);
  const after = await client(server, token)('GET', '/api/v1/auth/me');
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'unauthenticated');
});

test('health and OpenAPI document', async () => {
  assert.deepEqual((await anon('GET', '/api/health')).body, { status: 'ok' });
  const doc = await anon('GET', '/api/openapi.json');
  assert.equal(doc.status, 200);
  assert.ok(doc.body.paths['/api/v1/auth/signup']);
});
