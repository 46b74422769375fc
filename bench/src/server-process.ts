import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEnv } from './bench-db.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ServerProcess = {
  url: string;
  pid: number;
  /** Peak resident memory so far (VmHWM) and the highest sampled VmRSS, in MiB. */
  memory(): { peakRssMiB: number; sampledMaxRssMiB: number };
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

/**
 * One Conversa node (`server/src/main.ts`, all roles: HTTP, websocket, workers) as its own process on 127.0.0.1,
 * so the load generator does not share its event loop and its memory can be read from /proc.
 */
export async function startServer(target: { databaseUrl: string } | { dataDir: string }, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  // main.ts reads a .env beside INIT_CWD: an empty folder, so a developer's .env cannot change the run.
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-bench-cwd-'));
  const env = {
    ...process.env,
    ...benchEnv,
    ...('databaseUrl' in target ? { DATABASE_URL: target.databaseUrl } : { DATABASE_URL: '', DATA_DIR: target.dataDir }),
    HOST: '127.0.0.1',
    PORT: String(port),
    INIT_CWD: emptyDir,
    ...extraEnv,
  };
  // BENCH_PROFILE_DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const pid = child.pid!;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      fs.rmSync(emptyDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} while starting`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not answer /api/health within 120 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  let sampledMaxKiB = 0;
  const sampler = setInterval(() => {
    try {
      sampledMaxKiB = Math.max(sampledMaxKiB, statusKiB(pid, 'VmRSS'));
    } catch {
      /* the process is gone; stop() reports */
    }
  }, 250);
  let peakKiB = 0;
  return {
    url,
    pid,
    memory() {
      if (child.exitCode === null) peakKiB = statusKiB(pid, 'VmHWM');
      return { peakRssMiB: Math.round(peakKiB / 1024), sampledMaxRssMiB: Math.round(sampledMaxKiB / 1024) };
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      peakKiB = statusKiB(pid, 'VmHWM');
      process.kill(pid, 'SIGTERM');
      const timeout = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
