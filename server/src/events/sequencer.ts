import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import type { EventBus } from './bus.js';
import { numberPending, workspacesWithPending } from './outbox.js';

/** How often a node looks for events whose writer stopped between its commit and their numbering. */
const SWEEP_MS = 5_000;

/**
 * Numbers committed outbox events and publishes them. Writers used to number their events inside their own
 * transaction, holding the workspace row lock through the commit: a workspace committed one transaction at a time
 * (about 170 inbound messages/s, bench B1). Now the lock is held only by a short numbering run after the commit, and
 * one run numbers everything committed before it started, so writers that commit together share a run.
 */
export class Sequencer {
  /** Per workspace: the run in progress (or the last one), and the run queued behind it that new callers join. */
  private readonly workspaces = new Map<number, { last: Promise<void>; queued?: Promise<void> }>();
  private sweeper?: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  /** Resolves once every event committed in these workspaces before the call is numbered and published. */
  async flush(workspaceIds: Iterable<number>): Promise<void> {
    await Promise.all([...workspaceIds].map((id) => this.flushWorkspace(id)));
  }

  /** Starts the sweep: events left unnumbered by a node that stopped after its commit are numbered by the others. */
  start(): void {
    this.sweeper = setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.sweep());
    }, SWEEP_MS).unref();
  }

  /** Stops the sweep once a sweep in progress ends (the database is closed next). */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    const ids = await workspacesWithPending(this.db).catch((err: Error) => {
      this.log.error({ err }, 'looking for unnumbered events failed');
      return [];
    });
    await this.flush(ids);
  }

  private flushWorkspace(workspaceId: number): Promise<void> {
    const state = this.workspaces.get(workspaceId) ?? { last: Promise.resolve() };
    // A run already started may have read before the caller's commit; one that has not started yet will see it.
    if (state.queued) return state.queued;
    const run = state.last.then(async () => {
      state.queued = undefined;
      await this.numberAndPublish(workspaceId);
      if (state.last === run && !state.queued) this.workspaces.delete(workspaceId);
    });
    state.last = run;
    state.queued = run;
    this.workspaces.set(workspaceId, state);
    return run;
  }

  /** Failures are logged, never thrown: the writer's commit stands, and the sweep or the next write numbers them. */
  private async numberAndPublish(workspaceId: number): Promise<void> {
    try {
      const stored = await numberPending(this.db, workspaceId);
      await this.bus.publish(stored).catch((err: Error) => this.log.error({ err }, 'event publish failed; clients catch up on resume'));
    } catch (err) {
      this.log.error({ err, workspaceId }, 'numbering events failed; the sweep retries');
    }
  }
}
