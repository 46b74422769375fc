/** The realtime protocol's messages (README "Realtime"). */
export type RealtimeEvent<P = unknown> = {
  seq: number;
  type: string;
  payload: P;
  createdAt: string;
  /** On inbound `message.created`: the inbox whose new-message dot it lights (`mine`, `team:<id>`, `unassigned`, `all`). */
  inbox?: string;
};

export type ReadyResult =
  /** First `ready` of a fresh connection (no lastSeq): lists must be (re)loaded over REST. */
  | 'fresh'
  /** After a resume: the missed events were replayed; nothing to reload. */
  | 'resumed'
  /** The server is behind what we saw (say, a restored database): our state is unreliable, reload everything. */
  | 'reset';

/**
 * Keeps the highest sequence number seen and drops repeats, so a handler sees each event once, in order,
 * across reconnects. Pure logic (no socket), unit-tested.
 */
export class SequenceTracker {
  private last: number | undefined;

  /** The `lastSeq` to pass when (re)connecting: undefined until the first `ready` or event. */
  get lastSeq(): number | undefined {
    return this.last;
  }

  /** An `event`: true when it is new (apply it), false for a repeat or an older one (ignore it). */
  accept(seq: number): boolean {
    if (!Number.isSafeInteger(seq)) return false;
    if (this.last !== undefined && seq <= this.last) return false;
    this.last = seq;
    return true;
  }

  /** A `ready {seq}` after connecting with `sentLastSeq` (what `lastSeq` was at connect time). */
  ready(seq: number, sentLastSeq: number | undefined): ReadyResult {
    if (sentLastSeq === undefined) {
      this.last = Math.max(this.last ?? seq, seq);
      return 'fresh';
    }
    if (seq < (this.last ?? 0)) {
      this.last = seq;
      return 'reset';
    }
    this.last = Math.max(this.last ?? seq, seq);
    return 'resumed';
  }

  /** Forget everything (sign-out). */
  reset() {
    this.last = undefined;
  }
}
