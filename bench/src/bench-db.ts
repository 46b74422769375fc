import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../server/src/config/config.js';
import { openPglite, openPostgres, type Database } from '../../server/src/db/client.js';
import { createConversa, type Conversa } from '../../server/src/server.js';

export const BENCH_DATABASE = 'conversa_bench';

/** The URL of the bench's own database on the server `DATABASE_URL` points at. */
export function benchDatabaseUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

async function admin(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty `conversa_bench` (a leftover from an interrupted run is dropped first); only that database is touched. */
export async function recreateBenchDatabase(serverUrl: string): Promise<string> {
  await dropBenchDatabase(serverUrl);
  await admin(serverUrl, `create database ${BENCH_DATABASE}`);
  return benchDatabaseUrl(serverUrl);
}

export const dropBenchDatabase = (serverUrl: string) => admin(serverUrl, `drop database if exists ${BENCH_DATABASE} with (force)`);

/** Settings for an in-process node or a server child: quiet logs, and API rate limits out of the way of the load. */
export const benchEnv = { LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '100000000', NODE_ENV: 'production', REDIS_URL: '' };

/** A whole node in this process (no listening socket, no workers): for setup and for B2's in-process HTTP calls. */
export async function openInProcess(target: { databaseUrl: string } | { dataDir: string }): Promise<Conversa & { database: Database }> {
  const database = 'databaseUrl' in target ? await openPostgres(target.databaseUrl) : await openPglite(target.dataDir);
  const config = loadConfig({ ...benchEnv, ...('databaseUrl' in target ? { DATABASE_URL: target.databaseUrl } : { DATA_DIR: target.dataDir }), ROLE: 'web' }, []);
  const conversa = await createConversa(config, { database, log: pino({ level: 'warn' }) });
  return {
    ...conversa,
    database,
    async close() {
      await conversa.close();
      await database.close();
    },
  };
}

/** Opens the bench database (after a server process using it has stopped, for PGlite) to check what was stored. */
export async function withDatabase<T>(
  target: { databaseUrl: string } | { dataDir: string },
  fn: (query: <R>(text: string) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const database = 'databaseUrl' in target ? await openPostgres(target.databaseUrl) : await openPglite(target.dataDir);
  try {
    return await fn(async <R>(text: string) => ((await database.db.execute(sql.raw(text))) as unknown as { rows: R[] }).rows);
  } finally {
    await database.close();
  }
}
