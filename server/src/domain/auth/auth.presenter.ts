import type { users, workspaces } from '../../db/schema.js';

export function presentUser(user: typeof users.$inferSelect) {
  return {
    id: String(user.id),
    email: user.email,
    name: user.name,
    role: user.role,
    visibility: user.visibility,
    language: user.language,
    avatarUrl: user.avatarUrl,
  };
}

export function presentWorkspace(workspace: typeof workspaces.$inferSelect) {
  return { id: String(workspace.id), name: workspace.name, timezone: workspace.timezone, language: workspace.language };
}
