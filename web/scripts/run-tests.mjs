// Runs the web unit tests (vitest, jsdom; no browser needed) and ends with the counts CI reads:
// node's runner style `ℹ pass N` / `ℹ fail N` (summed by .ci/run) and a `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = mkdtempSync(path.join(tmpdir(), 'conversa-web-tests-'));
const report = path.join(dir, 'report.json');
// vitest's CLI, in this workspace's node_modules or the root one (npm workspaces hoist it).
let bin;
for (let dir = root; !bin; dir = path.dirname(dir)) {
  const candidate = path.join(dir, 'node_modules', 'vitest', 'vitest.mjs');
  if (existsSync(candidate)) bin = candidate;
  else if (path.dirname(dir) === dir) throw new Error('vitest is not installed: run npm install');
}

const result = spawnSync(
  process.execPath,
  [bin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
);

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A test file that fails to load has no tests but is a failure all the same.
  failed = (json.numFailedTests ?? 0) + (json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).length).length;
} catch {
  failed = Math.max(1, failed);
}
rmSync(dir, { recursive: true, force: true });
if (result.status !== 0 && failed === 0) failed = 1;
console.log(`ℹ pass ${passed}`);
console.log(`ℹ fail ${failed}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
