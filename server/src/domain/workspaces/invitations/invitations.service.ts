import type { Context } from '../../../context.js';
import { transact } from '../../../db/unit-of-work.js';
import { AppError, notFound } from '../../../http/errors.js';
import * as authRepo from '../../auth/auth.repo.js';
import { createSession, hashPassword } from '../../auth/auth.service.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { Actor, ContactVisibility, Role } from '../../visibility/actor.js';
import { authorize } from '../../visibility/policy.js';
import { uniqueOr } from '../../../db/unique-or.js';
import { emitTeamsUpdated, requireTeams } from '../membership.js';
import * as teamsRepo from '../teams/teams.repo.js';
import { presentMember } from '../users/users.presenter.js';
import * as usersRepo from '../users/users.repo.js';
import { presentInvitation } from './invitations.presenter.js';
import * as repo from './invitations.repo.js';

const INVITATION_TTL_MS = 7 * 86_400_000;

export type InvitationInput = { email: string; role: Role; visibility: ContactVisibility; teamIds: number[] };

/**
 * WS-2: invites someone by email with the role, visibility and teams they will get. Only an Owner invites an
 * Owner. Inviting the same email again replaces its pending invitation, so one link is live per person.
 */
export async function createInvitation(ctx: Context, actor: Actor, input: InvitationInput) {
  authorize(actor, 'settings.manage');
  if (input.role === 'owner') authorize(actor, 'workspace.owner');
  // Emails are unique across workspaces: such a person could never accept.
  if (await authRepo.findUserByEmail(ctx.db, input.email)) throw new AppError('email_taken');
  return transact(ctx, async ({ tx, emit }) => {
    await requireTeams(tx, actor.workspaceId, input.teamIds, 'teamIds');
    const replaced = await repo.deletePendingForEmail(tx, actor.workspaceId, input.email);
    const token = newToken('invitation');
    const invitation = await repo.insertInvitation(tx, {
      workspaceId: actor.workspaceId,
      email: input.email,
      role: input.role,
      visibility: input.visibility,
      teamIds: [...new Set(input.teamIds)],
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    for (const old of replaced) {
      emit({ workspaceId: actor.workspaceId, type: 'invitation.revoked', audience: { kind: 'managers' }, payload: { invitationId: String(old.id) } });
    }
    const presented = presentInvitation(invitation);
    emit({ workspaceId: actor.workspaceId, type: 'invitation.created', audience: { kind: 'managers' }, payload: { invitation: presented } });
    return { token, link: `${ctx.config.publicUrl}/invite/${token}`, invitation: presented };
  });
}

export async function listInvitations(ctx: Context, actor: Actor) {
  authorize(actor, 'settings.manage');
  return (await repo.listPending(ctx.db, actor.workspaceId)).map(presentInvitation);
}

/** Revoking deletes the invitation: its link stops working at once. */
export async function revokeInvitation(ctx: Context, actor: Actor, invitationId: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async ({ tx, emit }) => {
    const revoked = await repo.deletePending(tx, actor.workspaceId, invitationId);
    if (!revoked) throw notFound();
    emit({ workspaceId: actor.workspaceId, type: 'invitation.revoked', audience: { kind: 'managers' }, payload: { invitationId: String(revoked.id) } });
  });
}

/**
 * Accepting creates the user with the invitation's email, role, visibility and teams, signed in. An unknown,
 * expired or used token is `invitation_invalid`; an email that got an account meanwhile is `email_taken`, and the
 * invitation stays unused.
 */
export async function acceptInvitation(ctx: Context, token: string, input: { name: string; password: string }) {
  const tokenHash = hashToken(token);
  // Checked before hashing the password, so guessing tokens on this public route costs the server nothing.
  if (!(await repo.findUsable(ctx.db, tokenHash))) throw new AppError('invitation_invalid');
  const passwordHash = await hashPassword(input.password);
  return uniqueOr('users_email_key', 'email_taken', () =>
    transact(ctx, async (uow) => {
      const { tx, emit } = uow;
      const invitation = await repo.claimInvitation(tx, tokenHash);
      if (!invitation) throw new AppError('invitation_invalid');
      const { workspaceId } = invitation;
      const user = await authRepo.insertUser(tx, {
        workspaceId,
        email: invitation.email,
        name: input.name,
        passwordHash,
        role: invitation.role,
        visibility: invitation.visibility,
      });
      await teamsRepo.setUserTeams(tx, workspaceId, user.id, invitation.teamIds);
      const sessionToken = await createSession(ctx, tx, user);
      const [member] = await usersRepo.listMembers(tx, workspaceId, [user.id]);
      const presented = presentMember(member!);
      emit({ workspaceId, type: 'invitation.accepted', audience: { kind: 'managers' }, payload: { invitationId: String(invitation.id), userId: presented.id } });
      emit({ workspaceId, type: 'user.created', audience: { kind: 'workspace' }, payload: { user: presented } });
      await emitTeamsUpdated(uow, workspaceId, invitation.teamIds);
      return { token: sessionToken, user: presented };
    }),
  );
}
