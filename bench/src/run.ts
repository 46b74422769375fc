/**
 * `npm run bench [-- --scale quick|full] [--only B2,B4]`: generates the workspace on a database of its own
 * (`conversa_bench` on DATABASE_URL's server, dropped afterwards), runs the benchmarks and writes
 * bench/results/<name>.json for each. B5 runs on the embedded database in a temporary folder.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runB1 } from './b1-ingestion.js';
import { runB2 } from './b2-inbox.js';
import { runB3 } from './b3-fanout.js';
import { runB4 } from './b4-outbound.js';
import { runB5 } from './b5-embedded.js';
import { dropBenchDatabase, openInProcess, recreateBenchDatabase } from './bench-db.js';
import { generate, type Workspace } from './generate.js';
import { printTable, round, writeResult } from './report.js';
import { scales, type ScaleName } from './scale.js';

const ALL = ['B1', 'B2', 'B3', 'B4', 'B5'] as const;
type BenchName = (typeof ALL)[number];

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'quick' }, only: { type: 'string', multiple: true } },
  allowPositionals: false,
});
if (!(values.scale! in scales)) throw new Error(`--scale must be quick or full, not ${values.scale}`);
const scale = scales[values.scale as ScaleName];
const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toUpperCase());
for (const name of only) if (!ALL.includes(name as BenchName)) throw new Error(`--only takes ${ALL.join(', ')}; got ${name}`);
const selected = new Set<BenchName>(only.length > 0 ? (only as BenchName[]) : ALL);

console.log(`Conversa benchmarks, ${scale.name} scale: ${[...selected].join(' ')} on ${os.cpus().length} cores (${new Date().toISOString()})`);
const failures: string[] = [];

/** A benchmark that throws is reported and recorded as failed; the others still run. */
async function attempt(name: string, fn: () => Promise<void>) {
  const started = performance.now();
  try {
    await fn();
  } catch (err) {
    failures.push(name);
    console.error(`\n${name} FAILED: ${(err as Error).stack ?? err}`);
    writeResult(name, scale, { figures: { error: String((err as Error).message ?? err) }, targets: [] });
  }
  console.log(`(${name}: ${round((performance.now() - started) / 1000, 1)} s)`);
}

const onPostgres = ['B1', 'B2', 'B3', 'B4'].filter((b) => selected.has(b as BenchName));
if (onPostgres.length > 0) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error(`${onPostgres.join(', ')} run on PostgreSQL: set DATABASE_URL (a database named conversa_bench is created beside it and dropped)`);
  const databaseUrl = await recreateBenchDatabase(serverUrl);
  try {
    let ws: Workspace | undefined;
    await attempt('generate', async () => {
      const conversa = await openInProcess({ databaseUrl });
      try {
        console.log(`\nGenerating ${scale.contacts.toLocaleString('en')} contacts / ~${scale.messages.toLocaleString('en')} messages on PostgreSQL…`);
        const generated = await generate(conversa, scale.contacts, scale.messages);
        ws = generated.workspace;
        printTable('generated', ['what', 'count'], Object.entries(generated.counts).map(([k, n]) => [k, n.toLocaleString('en')]));
        printTable('generation time', ['step', 'seconds'], Object.entries(generated.seconds).map(([k, s]) => [k, round(s, 1)]));
        writeResult('generate', scale, { figures: { database: 'postgres', counts: generated.counts, seconds: generated.seconds }, targets: [] });
        if (selected.has('B2')) {
          await attempt('b2-inbox', async () => {
            const result = await runB2(conversa, ws!, { runs: scale.b2Runs, name: 'b2-inbox' });
            writeResult('b2-inbox', scale, result);
          });
        }
      } finally {
        await conversa.close();
      }
    });
    if (ws) {
      if (selected.has('B3')) await attempt('b3-fanout', async () => writeResult('b3-fanout', scale, await runB3(databaseUrl, ws!, scale)));
      if (selected.has('B4')) await attempt('b4-outbound', async () => writeResult('b4-outbound', scale, await runB4(databaseUrl, ws!, scale)));
      // Last: messages it leaves queued would otherwise be processed during the next benchmark.
      if (selected.has('B1')) await attempt('b1-ingestion', async () => writeResult('b1-ingestion', scale, await runB1({ databaseUrl }, ws!, scale, 'b1-ingestion')));
    }
  } finally {
    await dropBenchDatabase(serverUrl);
  }
}
if (selected.has('B5')) await attempt('b5-embedded', async () => writeResult('b5-embedded', scale, await runB5(scale)));

if (failures.length > 0) {
  console.error(`\nFailed: ${failures.join(', ')}`);
  process.exit(1);
}
