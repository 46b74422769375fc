import type { Logger } from 'pino';
import type { StoredEvent } from '../events/types.js';

/** The outbox of one workspace, as the feed reads it. */
export type WorkspaceOutbox = {
  after(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  currentSeq(): Promise<number>;
};

export type FeedOptions = {
  /** How long a hole may stay open before it is read from the outbox. */
  holeWaitMs: number;
  /** Events held ahead of a hole; past this they are dropped and read from the outbox instead. */
  maxBuffered: number;
  /** Outbox page size. */
  pageSize: number;
};

export const defaultFeedOptions: FeedOptions = { holeWaitMs: 250, maxBuffered: 1000, pageSize: 500 };

/**
 * Puts one workspace's events back in sequence order on this node. The bus can bring them out of order (several
 * nodes publish through Redis) or not at all (a node that died between commit and publish); every event the bus
 * brings is already committed, so the outbox can always supply what is missing, and anything held here may be
 * dropped and read again.
 */
export class WorkspaceFeed {
  /** Highest seq passed to `dispatch`; every seq up to it was passed, in order. */
  delivered = 0;
  /** Highest seq known to be committed. */
  private known = 0;
  private readonly early = new Map<number, StoredEvent>();
  private started = false;
  private closed = false;
  private filling = false;
  private holeTimer: NodeJS.Timeout | undefined;
  /** Settles once `delivered` starts at the workspace's current seq. */
  readonly ready: Promise<void>;

  constructor(
    private readonly outbox: WorkspaceOutbox,
    private readonly dispatch: (event: StoredEvent) => void,
    private readonly log: Logger,
    private readonly options: FeedOptions = defaultFeedOptions,
  ) {
    this.ready = outbox.currentSeq().then((seq) => {
      this.started = true;
      this.delivered = seq;
      this.known = Math.max(this.known, seq);
      for (const held of this.early.keys()) if (held <= seq) this.early.delete(held);
      this.settle(this.advance());
    });
  }

  receive(event: StoredEvent) {
    if (this.closed || (this.started && event.seq <= this.delivered)) return;
    this.known = Math.max(this.known, event.seq);
    if (this.early.size < this.options.maxBuffered) this.early.set(event.seq, event);
    if (this.started) this.settle(this.advance());
  }

  close() {
    this.closed = true;
    clearTimeout(this.holeTimer);
    this.early.clear();
  }

  /** Passes on every held event that continues the sequence; true when `delivered` moved. */
  private advance(): boolean {
    const from = this.delivered;
    for (let next = this.early.get(this.delivered + 1); next; next = this.early.get(this.delivered + 1)) {
      this.early.delete(next.seq);
      this.pass(next);
    }
    return this.delivered > from;
  }

  private pass(event: StoredEvent) {
    this.delivered = event.seq;
    this.dispatch(event);
  }

  /**
   * Decides when to read a hole from the outbox: at once when the buffer is full, otherwise after `holeWaitMs`
   * without progress (a late event usually arrives within milliseconds; a dead publisher's never does).
   */
  private settle(progressed: boolean) {
    if (this.closed || this.delivered >= this.known) {
      clearTimeout(this.holeTimer);
      this.holeTimer = undefined;
      return;
    }
    if (this.early.size >= this.options.maxBuffered) return void this.fill();
    if (this.holeTimer && !progressed) return;
    clearTimeout(this.holeTimer);
    this.holeTimer = setTimeout(() => void this.fill(), this.options.holeWaitMs);
  }

  private async fill() {
    clearTimeout(this.holeTimer);
    this.holeTimer = undefined;
    if (this.filling || this.closed) return;
    this.filling = true;
    try {
      while (!this.closed && this.delivered < this.known) {
        const page = await this.outbox.after(this.delivered, Math.min(this.options.pageSize, this.known - this.delivered));
        if (this.closed) break;
        if (page.length === 0) {
          // Only events the outbox does not hold can get here, e.g. another deployment sharing the Redis channel.
          this.log.error({ delivered: this.delivered, known: this.known }, 'realtime: events heard on the bus are not in the outbox');
          this.known = this.delivered;
          this.early.clear();
          break;
        }
        for (const event of page) {
          if (event.seq !== this.delivered + 1) continue;
          this.early.delete(event.seq);
          this.pass(event);
        }
        this.advance();
      }
    } catch (err) {
      this.log.error({ err }, 'realtime: reading a hole from the outbox failed; retrying');
    } finally {
      this.filling = false;
      this.settle(true);
    }
  }
}
