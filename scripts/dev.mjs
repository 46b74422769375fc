// `npm run dev`: the API server restarted on change (tsx watch, port 3000) and the Vite dev server (port 5173,
// hot reload, proxying /api, /webhooks and /socket.io to the API). Open http://localhost:5173. Ctrl+C stops both.
import { spawn } from 'node:child_process';

const env = {
  ...process.env,
  // Links the server builds (invitations) should open the dev app.
  PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const children = [
  ['server', ['run', 'dev', '-w', 'server']],
  ['web', ['run', 'dev', '-w', 'web']],
].map(([name, args]) => {
  const child = spawn(npm, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
