import { presentUser } from '../../auth/auth.presenter.js';
import type { Member } from './users.repo.js';

/** A user as the workspace sees them (user list, assignee pickers, `user.updated` events): profile, role, teams. */
export function presentMember({ user, teamIds }: Member) {
  return { ...presentUser(user), teamIds: teamIds.map(String) };
}
