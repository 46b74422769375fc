import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { serveWebApp } from './web-app.js';

const dist = mkdtempSync(path.join(tmpdir(), 'conversa-web-'));
after(() => rmSync(dist, { recursive: true, force: true }));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');

async function app(distDir: string) {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: { code: 'not_found' } }));
  app.get('/api/health', () => ({ status: 'ok' }));
  await app.register(async (scope) => {
    scope.post('/api/v1/auth/login', () => ({ ok: true }));
  });
  const served = await serveWebApp(app, distDir);
  after(() => app.close());
  return { app, served };
}

test('the web app: files, immutable hashed assets, and index.html for client-side routes', async () => {
  const { app: server, served } = await app(dist);
  assert.equal(served, true);
  const root = await server.inject({ method: 'GET', url: '/' });
  assert.equal(root.statusCode, 200);
  assert.match(root.body, /id="root"/);
  assert.equal(root.headers['cache-control'], 'no-cache');
  for (const url of ['/inbox', '/inbox/team/2?status=open', '/settings/users', '/invite/abc.def']) {
    const page = await server.inject({ method: 'GET', url });
    assert.equal(page.statusCode, 200, url);
    assert.match(String(page.headers['content-type']), /text\/html/, url);
  }
  const asset = await server.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(String(asset.headers['cache-control']), /immutable/);
  assert.equal((await server.inject({ method: 'GET', url: '/favicon.svg' })).statusCode, 200);
  assert.equal((await server.inject({ method: 'HEAD', url: '/inbox' })).statusCode, 200);
});

test('the web app never answers for the API, webhooks, the websocket, missing assets or paths outside dist', async () => {
  const { app: server } = await app(dist);
  assert.equal((await server.inject({ method: 'GET', url: '/api/health' })).json().status, 'ok');
  for (const url of ['/api/v1/nothing', '/api', '/webhooks/api/1', '/socket.io/x', '/assets/missing-123.js']) {
    const res = await server.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.code, 'not_found', url);
  }
  assert.equal((await server.inject({ method: 'POST', url: '/inbox' })).statusCode, 404);
  const escape = await server.inject({ method: 'GET', url: '/%2e%2e/%2e%2e/etc/passwd' });
  assert.doesNotMatch(escape.body, /root:/);
});

test('without a build the server runs without the web app', async () => {
  const { app: server, served } = await app(path.join(dist, 'missing'));
  assert.equal(served, false);
  assert.equal((await server.inject({ method: 'GET', url: '/' })).statusCode, 404);
});
