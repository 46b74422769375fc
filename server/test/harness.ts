import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { after } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import type { ChannelRegistry } from '../src/channels/registry.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/client.js';
import { createConversa, type Conversa } from '../src/server.js';

/**
 * A real database for one test file: a fresh PostgreSQL database when DATABASE_URL is set (dropped afterwards),
 * otherwise an in-memory PGlite.
 */
export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPglite();
  const name = `conversa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openPostgres(dbUrl.toString());
  const close = database.close;
  database.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  return database;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      PORT: '0',
      REDIS_URL: '',
      API_RATE_LIMIT_PER_MINUTE: '100000',
      ...overrides,
    },
    [],
  );
}

export type TestServer = Conversa & { database: Database };

/** A whole Conversa node on a test database, closed when the test file ends. */
export async function startTestServer(
  opts: { config?: Record<string, string>; database?: Database; channels?: ChannelRegistry } = {},
): Promise<TestServer> {
  const database = opts.database ?? (await testDatabase());
  const config = testConfig(opts.config);
  const conversa = await createConversa(config, { database, channels: opts.channels, log: pino({ level: config.logLevel }) });
  after(async () => {
    await conversa.close();
    if (!opts.database) await database.close();
  });
  return { ...conversa, database };
}

/** Starts listening on 127.0.0.1 (for websocket tests) and returns the base URL. */
export async function listen(server: Conversa, port = 0): Promise<string> {
  await server.app.listen({ port, host: '127.0.0.1' });
  const bound = (server.app.server.address() as AddressInfo).port;
  return `http://127.0.0.1:${bound}`;
}

let counter = 0;
export const uniqueEmail = (label = 'user') => `${label}.${process.pid}.${Date.now()}.${counter++}@example.test`;

type Json = any;
export type Call = { status: number; body: Json; headers: Record<string, unknown> };

/** HTTP through the real stack (fastify inject): `api(token)('POST', '/api/v1/...', body)`. */
export function client(server: Conversa, token?: string, headers: Record<string, string> = {}) {
  return async (method: string, url: string, payload?: unknown, extraHeaders: Record<string, string> = {}): Promise<Call> => {
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers, ...extraHeaders },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
  };
}

/** Signs up a new workspace and returns its owner's token and ids. */
export async function signupWorkspace(server: Conversa, name = 'Acme') {
  const res = await client(server)('POST', '/api/v1/auth/signup', {
    workspaceName: name,
    name: 'Owner',
    email: uniqueEmail('owner'),
    password: 'correct horse battery',
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token as string, userId: res.body.user.id as string, workspaceId: res.body.workspace.id as string };
}

/** A port free on 127.0.0.1 now: for a server whose PUBLIC_URL must be known before it listens (provider webhooks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
