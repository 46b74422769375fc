import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { Context } from '../context.js';
import { errorMessages, type ErrorCode } from '../i18n/errors.js';
import { pickLocale } from '../i18n/locale.js';
import { authenticate } from './auth-hook.js';
import { AppError } from './errors.js';
import { publicRoutes, workspaceRoutes } from './routes.js';
import { serveWebApp } from './web-app.js';
import { serveWidgetScript } from './widget-script.js';

export type App = FastifyInstance;

function envelope(code: ErrorCode, locale: string, details?: unknown) {
  const messages = errorMessages[code];
  return { error: { code, message: messages[pickLocale(locale)], details: details ?? null } };
}

/**
 * The whole HTTP surface; `listen` is the caller's business (tests use `inject`). `webDist`: the built web app's
 * folder (default `web/dist`; served only if it exists), `null` to serve no web app.
 */
export async function buildApp(ctx: Context, opts: { webDist?: string | null } = {}): Promise<App> {
  const app = Fastify({ loggerInstance: ctx.log as FastifyBaseLogger, trustProxy: true, bodyLimit: 1_048_576 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The API speaks JSON only: a text/plain body (what a cross-site form can send) is refused as 415.
  app.removeContentTypeParser('text/plain');
  // Webhook signatures are checked on the exact bytes received, so JSON bodies are kept raw beside the parsed value.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    (request as unknown as { rawBody: Buffer }).rawBody = body as Buffer;
    if ((body as Buffer).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(new AppError('invalid_json'), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const locale = request.actor?.locale ?? request.headers['accept-language'] ?? 'en';
    if (err instanceof AppError) return reply.status(err.status).send(envelope(err.code, locale, err.details));
    if (hasZodFastifySchemaValidationErrors(err)) {
      // A malformed id in the path names nothing of ours: not found, like another workspace's id.
      if (err.validationContext === 'params') return reply.status(404).send(envelope('not_found', locale));
      const details = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return reply.status(422).send(envelope('validation_failed', locale, details));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(envelope('unsupported_media_type', locale));
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send(envelope('invalid_json', locale));
    }
    if (err.statusCode === 429) return reply.status(429).send(envelope('rate_limited', locale));
    if (err.statusCode === 413) return reply.status(413).send(envelope('validation_failed', locale, [{ path: 'body', message: 'too large' }]));
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(envelope('internal_error', locale));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(envelope('not_found', request.headers['accept-language'] ?? 'en')));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Conversa API', version: '1', description: 'Contacts, conversations and messages across every channel.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/api/health', { schema: { hide: true } }, () => ({ status: 'ok' }));
  // The web app (when built) on the same origin: its files, and index.html for its client-side routes.
  if (opts.webDist !== null) await serveWebApp(app, opts.webDist);
  serveWidgetScript(app);

  await app.register(async (scope) => publicRoutes(scope.withTypeProvider<ZodTypeProvider>(), ctx));
  // With several nodes the per-token limit must be counted in one place: Redis.
  const limiterRedis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  if (limiterRedis) app.addHook('onClose', async () => void limiterRedis.disconnect());
  await app.register(async (scope) => {
    scope.addHook('onRequest', authenticate(ctx));
    await scope.register(rateLimit, {
      hook: 'preHandler',
      max: ctx.config.apiRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => request.actor.tokenKey,
      ...(limiterRedis ? { redis: limiterRedis, nameSpace: 'conversa-rl:' } : {}),
    });
    // File messages are posted as multipart/form-data (read by the route that takes them).
    await scope.register(multipart);
    await workspaceRoutes(scope.withTypeProvider<ZodTypeProvider>(), ctx);
  });
  return app;
}
