// Bundles the widget into one file (dist/widget.js, served by the server at /widget.js) and fails when it grows past
// the budget: it loads on every page of our customers' sites.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const MAX_GZIP_BYTES = 50 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));

const result = await build({
  entryPoints: [path.join(here, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  write: false,
  legalComments: 'none',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
mkdirSync(path.join(here, 'dist'), { recursive: true });
writeFileSync(path.join(here, 'dist', 'widget.js'), code);
console.log(`widget.js: ${(code.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${MAX_GZIP_BYTES / 1024} KB)`);
if (gzipped > MAX_GZIP_BYTES) {
  console.error(`widget.js is over its budget by ${gzipped - MAX_GZIP_BYTES} bytes gzipped`);
  process.exit(1);
}
