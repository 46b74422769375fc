import { AppError } from '../../http/errors.js';
import type { Actor, Role } from './actor.js';

/** WS-7: the permission matrix, one row per action, enforced by every service through `authorize`. */
export const permissionMatrix = {
  'conversation.reply': ['owner', 'manager', 'agent'],
  'conversation.assign': ['owner', 'manager', 'agent'],
  'conversation.close': ['owner', 'manager', 'agent'],
  'conversation.snooze': ['owner', 'manager', 'agent'],
  'contact.tag': ['owner', 'manager', 'agent'],
  'contact.edit': ['owner', 'manager', 'agent'],
  'contact.create': ['owner', 'manager', 'agent'],
  'message.delete': ['owner', 'manager'],
  'contact.delete': ['owner', 'manager'],
  'contact.channel.remove': ['owner', 'manager'],
  'settings.manage': ['owner', 'manager'],
  'workspace.owner': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof permissionMatrix;

export function can(actor: Actor, action: Action): boolean {
  return (permissionMatrix[action] as readonly Role[]).includes(actor.role);
}

export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new AppError('forbidden');
}

/** As `authorize`, for what a person confirms from their own mailbox (CH-5): API tokens may not. */
export function authorizePerson(actor: Actor, action: Action): asserts actor is Actor & { userId: number } {
  authorize(actor, action);
  if (actor.userId === null) throw new AppError('forbidden');
}
