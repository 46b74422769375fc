import path from 'node:path';
import { z } from 'zod';

// Relative paths are resolved against the folder npm was started from (the repo root for `npm start`),
// not the workspace folder npm switches into.
const baseDir = process.env.INIT_CWD ?? process.cwd();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(30),
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_MAX_SKEW_SECONDS: z.coerce.number().int().positive().default(300),
  INBOUND_PARTS_WAIT_SECONDS: z.coerce.number().int().positive().default(600),
  WIDGET_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Conversa <no-reply@localhost>'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** PUBLIC_URL was given: signed webhook URLs are computed from it; unset, from each request's own scheme and host. */
  publicUrlSet: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  role: 'all' | 'web' | 'worker';
  logLevel: string;
  apiRateLimitPerMinute: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  sessionTtlDays: number;
  outboundTimeoutMs: number;
  webhookMaxSkewSeconds: number;
  /** How long the parts of a long inbound message (a concatenated SMS) wait for the others before what came is recorded. */
  inboundPartsWaitSeconds: number;
  /** Web chat visitor API: requests per minute per visitor (per IP before a visitor has a session). */
  widgetRateLimitPerMinute: number;
  /** Where the product's own mail (one-time codes) is sent through; see mail/mailer.ts when unset. */
  smtpUrl: string | undefined;
  mailFrom: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; every problem is listed at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env, argv: string[] = process.argv): Config {
  const roleArg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const source = { ...env, ...(roleArg ? { ROLE: roleArg } : {}) };
  // Empty strings in a .env file mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    publicUrlSet: e.PUBLIC_URL !== undefined,
    dataDir: path.resolve(baseDir, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    role: e.ROLE,
    logLevel: e.LOG_LEVEL,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    webhookMaxSkewSeconds: e.WEBHOOK_MAX_SKEW_SECONDS,
    inboundPartsWaitSeconds: e.INBOUND_PARTS_WAIT_SECONDS,
    widgetRateLimitPerMinute: e.WIDGET_RATE_LIMIT_PER_MINUTE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
  };
}
