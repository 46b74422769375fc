import { hash, verify } from '@node-rs/argon2';
import type { Context } from '../../context.js';
import { uniqueOr } from '../../db/unique-or.js';
import { transact } from '../../db/unit-of-work.js';
import { AppError } from '../../http/errors.js';
import { pickLocale } from '../../i18n/locale.js';
import type { Actor } from '../visibility/actor.js';
import * as repo from './auth.repo.js';
import { hashToken, newToken } from './tokens.js';
import { seedWorkspaceDefaults } from '../workspaces/workspace-defaults.js';

export type SignupInput = { workspaceName: string; name: string; email: string; password: string; language?: string; timezone?: string };

export async function createSession(ctx: Context, db: Parameters<typeof repo.insertSession>[0], user: repo.UserRow) {
  const token = newToken('session');
  const expiresAt = new Date(Date.now() + ctx.config.sessionTtlDays * 86_400_000);
  await repo.insertSession(db, { tokenHash: hashToken(token), userId: user.id, workspaceId: user.workspaceId, expiresAt });
  return token;
}

export const hashPassword = (password: string) => hash(password);

/** WS-1/WS-2: a new workspace with its Owner, signed in. */
export async function signup(ctx: Context, input: SignupInput) {
  if (await repo.findUserByEmail(ctx.db, input.email)) throw new AppError('email_taken');
  const passwordHash = await hashPassword(input.password);
  // The check above answers most duplicates early; the unique index settles two sign-ups racing.
  return uniqueOr('users_email_key', 'email_taken', () => transact(ctx, async ({ tx }) => {
    const workspace = await repo.insertWorkspace(tx, {
      name: input.workspaceName,
      language: pickLocale(input.language),
      timezone: input.timezone ?? 'UTC',
    });
    await seedWorkspaceDefaults(tx, workspace.id, pickLocale(workspace.language));
    const user = await repo.insertUser(tx, {
      workspaceId: workspace.id,
      email: input.email,
      name: input.name,
      passwordHash,
      role: 'owner',
      visibility: 'all',
      language: input.language ? pickLocale(input.language) : null,
    });
    const token = await createSession(ctx, tx, user);
    return { token, user, workspace };
  }));
}

export async function login(ctx: Context, email: string, password: string) {
  const throttle = await repo.loginThrottle(ctx.db, email);
  if (throttle?.lockedUntil && throttle.lockedUntil > new Date()) throw new AppError('too_many_login_attempts');
  const user = await repo.findUserByEmail(ctx.db, email);
  // Verify against a real hash even for unknown emails so timing does not reveal which emails exist.
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !ok) {
    await repo.recordLoginFailure(ctx.db, email, ctx.config.loginMaxFailures, ctx.config.loginLockMinutes);
    throw new AppError('invalid_credentials');
  }
  await repo.clearLoginFailures(ctx.db, email);
  const token = await createSession(ctx, ctx.db, user);
  return { token, user };
}

const dummyHash = hash('not-a-real-password');

/** Ends the session; its open websockets are told and drop out (they re-check their token). */
export async function logout(ctx: Context, actor: Actor, token: string) {
  await transact(ctx, async ({ tx, emit }) => {
    await repo.deleteSession(tx, hashToken(token));
    if (actor.userId === null) return; // an API token is revoked, not signed out
    emit({ workspaceId: actor.workspaceId, type: 'session.ended', audience: { kind: 'user', userId: actor.userId }, payload: { userId: String(actor.userId) } });
  });
}

/** Resolves a bearer (session or API token) to the acting user or integration; undefined when invalid. */
export async function resolveActor(ctx: Context, token: string, acceptLanguage?: string): Promise<Actor | undefined> {
  const tokenHash = hashToken(token);
  if (token.startsWith('cvk_')) {
    const apiToken = await repo.findApiToken(ctx.db, tokenHash);
    if (!apiToken) return undefined;
    const workspace = await repo.findWorkspace(ctx.db, apiToken.workspaceId);
    return {
      kind: 'api',
      workspaceId: apiToken.workspaceId,
      userId: null,
      role: 'manager',
      visibility: 'all',
      teamIds: [],
      teammateIds: [],
      locale: pickLocale(acceptLanguage, workspace?.language),
      tokenKey: `api:${apiToken.id}`,
    };
  }
  const user = await repo.findSessionUser(ctx.db, tokenHash);
  if (!user) return undefined;
  return actorForUser(ctx, user, acceptLanguage);
}

export async function actorForUser(ctx: Context, user: repo.UserRow, acceptLanguage?: string): Promise<Actor> {
  const scope = await repo.teamScope(ctx.db, user.id);
  const workspace = user.language ? undefined : await repo.findWorkspace(ctx.db, user.workspaceId);
  return {
    kind: 'user',
    workspaceId: user.workspaceId,
    userId: user.id,
    role: user.role,
    visibility: user.visibility,
    ...scope,
    locale: pickLocale(user.language, acceptLanguage, workspace?.language),
    tokenKey: `user:${user.id}`,
  };
}
