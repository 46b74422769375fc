import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence';

describe('SequenceTracker', () => {
  it('a fresh connection starts at the ready seq, then accepts only newer events', () => {
    const t = new SequenceTracker();
    expect(t.lastSeq).toBeUndefined();
    expect(t.ready(10, undefined)).toBe('fresh');
    expect(t.lastSeq).toBe(10);
    expect(t.accept(10)).toBe(false);
    expect(t.accept(11)).toBe(true);
    expect(t.accept(11)).toBe(false);
    expect(t.accept(9)).toBe(false);
    expect(t.accept(13)).toBe(true);
    expect(t.lastSeq).toBe(13);
  });

  it('a resume replays what was missed, dropping what was already seen, then ready', () => {
    const t = new SequenceTracker();
    t.ready(5, undefined);
    t.accept(6);
    const sent = t.lastSeq;
    expect(sent).toBe(6);
    // The server replays from lastSeq; a repeat of 6 (at-least-once delivery) is dropped.
    expect([6, 7, 8].map((s) => t.accept(s))).toEqual([false, true, true]);
    expect(t.ready(8, sent)).toBe('resumed');
    expect(t.lastSeq).toBe(8);
  });

  it('a server behind us (restored database) is a reset: reload everything, follow its sequence', () => {
    const t = new SequenceTracker();
    t.ready(100, undefined);
    expect(t.ready(40, 100)).toBe('reset');
    expect(t.lastSeq).toBe(40);
    expect(t.accept(41)).toBe(true);
  });

  it('ignores malformed sequence numbers, and forgets everything on reset()', () => {
    const t = new SequenceTracker();
    expect(t.accept(Number.NaN)).toBe(false);
    expect(t.accept(1.5)).toBe(false);
    expect(t.accept(3)).toBe(true);
    t.reset();
    expect(t.lastSeq).toBeUndefined();
    expect(t.accept(1)).toBe(true);
  });
});
