import { describe, expect, it } from 'vitest';
import { RoomCursors } from '../../orchestrator/clawchat/client/reconnect/room-cursors.js';

/** The client's per-room de-duplication window: exactly the last `seenLimit` ids, oldest evicted first. */
describe('RoomCursors de-duplication window', () => {
  it('drops repeats within the window, forgets exactly the oldest beyond it, tracks the highest seq', () => {
    const c = new RoomCursors(3);
    c.track('r', 10);
    expect(['a', 'b', 'c'].map((id, i) => c.deliver('r', id, 11 + i))).toEqual([true, true, true]);
    expect(c.deliver('r', 'b')).toBe(false);
    expect(c.deliver('r', 'd', 14)).toBe(true); // evicts a
    expect(['a', 'b', 'c', 'd'].map((id) => c.seen('r', id))).toEqual([false, true, true, true]);
    for (const id of ['e', 'f', 'g', 'h']) expect(c.deliver('r', id)).toBe(true); // the ring wraps past its start
    expect(['d', 'e', 'f', 'g', 'h'].map((id) => c.seen('r', id))).toEqual([false, false, true, true, true]);
    expect(c.deliver('r', 'a')).toBe(true); // long evicted: accepted again
    expect(c.deliver('r', 'g')).toBe(false);
    expect(c.floor('r', 2)).toBe(12);
    expect(c.floor('r', 100)).toBe(10);
    expect(c.deliver('untracked', 'x')).toBe(true);
    expect(c.deliver('untracked', 'x')).toBe(true);
  });

  it('keeps 2000 ids by default across many deliveries, and rejects a bad limit', () => {
    const c = new RoomCursors();
    c.track('r', 0);
    for (let i = 0; i < 10_000; i++) c.deliver('r', `m${i}`, i + 1);
    expect(c.seen('r', 'm7999')).toBe(false);
    expect(c.seen('r', 'm8000')).toBe(true);
    expect(c.deliver('r', 'm9999')).toBe(false);
    expect(() => new RoomCursors(0)).toThrow(RangeError);
    expect(() => new RoomCursors(1.5)).toThrow(RangeError);
  });
});
