import type { EventAudience } from '../db/schema.js';

/** A fact to tell clients, before it has a sequence number. */
export type EventDraft = {
  workspaceId: number;
  type: string;
  audience: EventAudience;
  payload: Record<string, unknown>;
};

/** A fact as stored in the outbox and published: `seq` increases per workspace in commit order. */
export type StoredEvent = EventDraft & { seq: number; createdAt: string };
