import type { TeamWithMembers } from './teams.repo.js';

export function presentTeam({ team, memberIds }: TeamWithMembers) {
  return { id: String(team.id), name: team.name, memberIds: memberIds.map(String) };
}
