import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openPglite } from '../db/client.js';
import { ConfigError, loadConfig } from './config.js';

test('config: defaults run on this machine; --role overrides ROLE', () => {
  const config = loadConfig({}, ['node', 'main.ts', '--role=worker']);
  assert.equal(config.port, 3000);
  assert.equal(config.role, 'worker');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.publicUrlSet, false);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://inbox.example.com/' }, []).publicUrlSet, true);
  assert.ok(path.isAbsolute(config.dataDir));
});

test('config: every wrong value is listed at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ROLE: 'boss', REDIS_URL: 'http://r' }, []),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 4);
      assert.match(err.message, /PORT/);
      assert.match(err.message, /DATABASE_URL/);
      return true;
    },
  );
});

test('the embedded data folder is locked against a second process', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'conversa-lock-'));
  const first = await openPglite(dir);
  await assert.rejects(openPglite(dir), /in use by another Conversa process/);
  await first.close();
  const again = await openPglite(dir);
  await again.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real entry point like `npm start` does and returns its output once it exits or `until` matches. */
function runMain(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; output: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH, ...env },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) resolve({ code: null, output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, output, stop }));
  });
}

test('npm start: a bad configuration stops the process with the list of problems', async () => {
  const run = await runMain({ PORT: 'x', ROLE: 'nope' });
  assert.equal(run.code, 1);
  assert.match(run.output, /Invalid configuration/);
  assert.match(run.output, /PORT/);
  assert.match(run.output, /ROLE/);
});

test('npm start: the embedded database boots, serves /api/health, and stops on SIGTERM', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'conversa-boot-'));
  const port = String(20000 + (process.pid % 20000));
  const run = await runMain({ DATA_DIR: dir, PORT: port, LOG_LEVEL: 'info' }, /Conversa is running/);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  } finally {
    await run.stop();
  }
  rmSync(dir, { recursive: true, force: true });
});
