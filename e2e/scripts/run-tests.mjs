// Runs the browser journeys with node's test runner (Node 20 neither expands globs nor finds .ts files: they are
// listed here), one file at a time: each file starts its own Conversa node, database and chromium.
//   npm test -w e2e                 all journeys
//   npm test -w e2e -- language     the files whose path contains "language"
// The server serves the built web app and widget: each is built first when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.dirname(root);
if (!existsSync(path.join(repo, 'web', 'dist', 'index.html'))) {
  console.log('web/dist is missing: building the web app first');
  const build = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(path.join(repo, 'widget', 'dist', 'widget.js'))) {
  console.log('widget/dist is missing: building the web chat widget first');
  const build = spawnSync('npm', ['run', 'build', '-w', 'widget'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const filter = process.argv[2];
const dir = path.join(root, 'journeys');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts') && (!filter || name.includes(filter)))
  .sort()
  .map((name) => path.join('journeys', name));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(result.status ?? 1);
