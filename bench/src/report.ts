import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scale } from './scale.js';

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export type Percentiles = { n: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of a sample, in the sample's unit, rounded to 0.01. */
export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? NaN : round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!));
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One target of the issue: `value` compared with `limit` (`max`: value must stay below; `min`: reach at least). */
export type Target = { metric: string; limit: number; kind: 'max' | 'min'; value: number; unit: string; pass: boolean };

export function target(metric: string, value: number, kind: 'max' | 'min', limit: number, unit: string): Target {
  const pass = Number.isFinite(value) && (kind === 'max' ? value < limit : value >= limit);
  return { metric, value: round(value), kind, limit, unit, pass };
}

export function printTable(title: string, header: string[], rows: (string | number)[][]) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of cells.slice(1)) console.log(line(r));
}

export function printTargets(targets: Target[]) {
  printTable(
    'targets',
    ['metric', 'value', 'target', 'result'],
    targets.map((t) => [t.metric, `${t.value} ${t.unit}`, `${t.kind === 'max' ? '<' : '>='} ${t.limit} ${t.unit}`, t.pass ? 'pass' : 'MISS']),
  );
}

/** Writes `results/<name>.json`: machine, scale, date, the figures, and each target with pass/miss. */
export function writeResult(name: string, scale: Scale, body: { figures: unknown; targets: Target[]; notes?: string[] }) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  const result = {
    benchmark: name,
    scale: scale.name,
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, loadAverageAtEnd: os.loadavg().map((l) => round(l)) },
    ...body,
  };
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`→ ${path.relative(process.cwd(), file)}`);
}
