import type { EventAudience } from '../db/schema.js';
import { newMessageInbox, type NewMessageInbox } from '../domain/inbox/new-message-inbox.js';
import type { Actor } from '../domain/visibility/actor.js';
import { canSee } from '../domain/visibility/visibility.js';
import type { StoredEvent } from '../events/types.js';

/** What a socket receives as `event`. `inbox` (IN-3) is on inbound `message.created` only. */
export type ClientEvent = {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
  inbox?: NewMessageInbox;
};

/** P3/WS-3 for realtime: contact events go through `canSee`, the rule the lists use, for any state listed. */
export function canReceive(actor: Actor, audience: EventAudience): boolean {
  switch (audience.kind) {
    case 'workspace':
      return true;
    case 'managers':
      return actor.kind === 'api' || actor.role !== 'agent';
    case 'user':
      return actor.userId === audience.userId;
    case 'contact':
      return audience.states.some((state) => canSee(actor, state));
  }
}

/**
 * The event as this actor receives it, or undefined when it is not theirs to see. Every socket it goes to gets the same
 * frozen object (one per `inbox`), so socket.io encodes it once for all of them (shared-encoding.ts).
 */
export function clientEventFor(actor: Actor, event: StoredEvent): ClientEvent | undefined {
  // P2: feeds are per workspace already; this is the wall itself, checked where the decision is made.
  if (event.workspaceId !== actor.workspaceId || !canReceive(actor, event.audience)) return undefined;
  const lastState = event.audience.kind === 'contact' ? event.audience.states.at(-1) : undefined;
  const inbox = event.type === 'message.created' && lastState && isInbound(event.payload) ? newMessageInbox(actor, lastState) : undefined;
  let forEvent = sent.get(event);
  if (!forEvent) sent.set(event, (forEvent = new Map()));
  let message = forEvent.get(inbox);
  if (!message) {
    const { seq, type, payload, createdAt } = event;
    message = Object.freeze(inbox ? { seq, type, payload, createdAt, inbox } : { seq, type, payload, createdAt });
    forEvent.set(inbox, message);
  }
  return message;
}

/** Per committed event, what sockets were sent, by `inbox`. */
const sent = new WeakMap<StoredEvent, Map<NewMessageInbox | undefined, ClientEvent>>();

function isInbound(payload: Record<string, unknown>): boolean {
  const message = payload.message as { direction?: unknown } | undefined;
  return message?.direction === 'in';
}
