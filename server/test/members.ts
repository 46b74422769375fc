import type { Conversa } from '../src/server.js';
import { client, uniqueEmail } from './harness.js';

export type Member = { id: string; token: string; email: string; password: string };

/** A real member of the inviter's workspace, made the way people join: invitation, then accept (WS-2). */
export async function joinByInvitation(
  server: Conversa,
  inviterToken: string,
  opts: { role?: 'owner' | 'manager' | 'agent'; visibility?: 'all' | 'team' | 'assigned'; teamIds?: string[]; name?: string } = {},
): Promise<Member> {
  const role = opts.role ?? 'agent';
  const email = uniqueEmail(role);
  const invite = await client(server, inviterToken)('POST', '/api/v1/invitations', {
    email,
    role,
    visibility: opts.visibility ?? 'all',
    teamIds: opts.teamIds ?? [],
  });
  if (invite.status !== 201) throw new Error(`invitation failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const password = 'member password 1';
  const accept = await client(server)('POST', `/api/v1/invitations/${invite.body.token}/accept`, { name: opts.name ?? `${role} member`, password });
  if (accept.status !== 201) throw new Error(`accept failed: ${accept.status} ${JSON.stringify(accept.body)}`);
  return { id: accept.body.user.id, token: accept.body.token, email, password };
}
