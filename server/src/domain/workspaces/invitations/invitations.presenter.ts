import { idString } from '../../../http/ids.js';
import type { InvitationRow } from './invitations.repo.js';

/** An invitation without its secret: only the inviter ever sees the token, once. */
export function presentInvitation(invitation: InvitationRow) {
  return {
    id: String(invitation.id),
    email: invitation.email,
    role: invitation.role,
    visibility: invitation.visibility,
    teamIds: invitation.teamIds.map(String),
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
    invitedBy: idString(invitation.invitedBy),
  };
}
