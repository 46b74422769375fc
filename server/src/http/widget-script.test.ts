import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { serveWidgetScript } from './widget-script.js';

const dir = mkdtempSync(path.join(tmpdir(), 'conversa-widget-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('/widget.js: the built script for any origin, briefly cached, re-read when rebuilt; 404 until built', async () => {
  const file = path.join(dir, 'widget.js');
  const app = Fastify();
  serveWidgetScript(app, file);
  after(() => app.close());
  assert.equal((await app.inject({ method: 'GET', url: '/widget.js' })).statusCode, 404);
  writeFileSync(file, 'console.log("v1")');
  const first = await app.inject({ method: 'GET', url: '/widget.js' });
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(first.headers['access-control-allow-origin'], '*');
  assert.equal(first.headers['cache-control'], 'public, max-age=300');
  assert.equal(first.body, 'console.log("v1")');
  writeFileSync(file, 'console.log("v2")');
  // A rebuild within the same millisecond keeps the old mtime on some filesystems; make the change visible.
  const later = new Date(Date.now() + 2000);
  utimesSync(file, later, later);
  assert.equal((await app.inject({ method: 'GET', url: '/widget.js' })).body, 'console.log("v2")');
});
