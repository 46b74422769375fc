import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import * as schema from './schema.js';

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

/** The shape pg-boss needs to run its SQL on our connection (or inside our transaction). */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** For pg-boss: PostgreSQL gets its own pool from the URL; PGlite shares the one connection. */
  jobs: { connectionString: string } | { db: SqlExecutor };
  close(): Promise<void>;
};

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Runs raw SQL text with $n placeholders on a drizzle executor (used for pg-boss inside our transactions). */
export function sqlExecutorFor(executor: Executor): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${asDriverValue(values[Number(part) - 1])}`));
      const result = (await executor.execute(sql.join(chunks))) as unknown as { rows: any[] };
      return { rows: result.rows };
    },
  };
}

// Matches node-postgres' own parameter conversion, which pg-boss relies on: drizzle renders `undefined` as nothing.
function asDriverValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing the process
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  // Several nodes may start at once: one migrates, the others wait.
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(727274)').catch(() => {});
    client.release();
  }
  return { kind: 'postgres', db, jobs: { connectionString: url }, close: () => pool.end() };
}

const EMBEDDED_SHARED_BUFFERS = '64MB';

/** Embedded PostgreSQL (PGlite). `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    // Two processes writing one PGlite folder corrupt it: the second one stops here.
    release = await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, '.lock'), stale: 15_000, update: 5_000 }).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ELOCKED') {
          throw new Error(`The data folder ${dataDir} is in use by another Conversa process. Stop it or set DATA_DIR.`);
        }
        throw err;
      },
    );
  }
  // PGlite's buffer pool lives in the server's own memory, and the operating system caches the data folder's files
  // anyway. Bench B5 (500,000 messages): 64 MB instead of PostgreSQL's 128 MB took the peak RSS from 598 to 501 MiB
  // with lists and ingestion no slower; 48 MB saved nothing more, 32 MB slowed ingestion by a sixth.
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm }, postgresqlconf: [`shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`] });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  const jobsExecutor: SqlExecutor = {
    async executeSql(text, values) {
      // PGlite's query() takes one statement; pg-boss sends multi-statement scripts without parameters.
      if (values && values.length > 0) return { rows: (await client.query(text, values)).rows as any[] };
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as any[] };
    },
  };
  return {
    kind: 'pglite',
    db,
    jobs: { db: jobsExecutor },
    async close() {
      await client.close();
      await release?.();
    },
  };
}

export function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
