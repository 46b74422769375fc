import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { resolveActor } from '../domain/auth/auth.service.js';
import type { Actor } from '../domain/visibility/actor.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'conversa_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    bearer: string;
  }
}

/** The token from `Authorization: Bearer …` (API clients) or the session cookie (the web app). */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies?.[SESSION_COOKIE];
}

export function authenticate(ctx: Context) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearerOf(request);
    const actor = token ? await resolveActor(ctx, token, request.headers['accept-language']) : undefined;
    if (!actor) throw new AppError('unauthenticated');
    request.actor = actor;
    request.bearer = token!;
  };
}
