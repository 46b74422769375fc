import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runB1 } from './b1-ingestion.js';
import { runB2 } from './b2-inbox.js';
import { openInProcess } from './bench-db.js';
import { generate } from './generate.js';
import { printTable, round, type Target } from './report.js';
import type { Scale } from './scale.js';

/**
 * B5: the embedded database (PGlite, as `npm start` runs with no DATABASE_URL) in a temporary data folder: the same
 * generator, then B2's first and deep pages of every view (open, newest), counts and searches in process, then B1's
 * ingestion against a server process on that folder. Targets: list p95 under 50 ms, at least 200 messages/s.
 */
export async function runB5(scale: Scale): Promise<{ figures: Record<string, unknown>; targets: Target[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversa-bench-pglite-'));
  try {
    const conversa = await openInProcess({ dataDir });
    let generated;
    let inbox;
    try {
      console.log(`\nGenerating ${scale.b5Contacts.toLocaleString('en')} contacts / ~${scale.b5Messages.toLocaleString('en')} messages on the embedded database…`);
      generated = await generate(conversa, scale.b5Contacts, scale.b5Messages);
      printTable('generated (embedded)', ['what', 'count'], Object.entries(generated.counts).map(([k, n]) => [k, n.toLocaleString('en')]));
      printTable('generation time (embedded)', ['step', 'seconds'], Object.entries(generated.seconds).map(([k, s]) => [k, round(s, 1)]));
      inbox = await runB2(conversa, generated.workspace, { runs: scale.b2Runs, name: 'b5-inbox', only: 'first-pages', pageTargetMs: 50 });
    } finally {
      await conversa.close();
    }
    const ingestion = await runB1(
      { dataDir },
      generated.workspace,
      { b1Messages: scale.b5IngestMessages, b1Contacts: Math.ceil(scale.b5IngestMessages / 5), drainSeconds: scale.drainSeconds },
      'b5-ingestion',
      200,
    );
    return {
      figures: { database: 'pglite', generated: { counts: generated.counts, seconds: generated.seconds }, inbox: inbox.figures, ingestion: ingestion.figures },
      targets: [...inbox.targets, ...ingestion.targets],
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
