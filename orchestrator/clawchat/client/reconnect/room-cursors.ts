/**
 * Per-room read position of a client, for catch-up after a reconnect: the seq the room was at
 * when it was joined (nothing before it is ever surfaced), the highest seq delivered since, and
 * the ids of recently delivered messages (to drop a message that arrives both live and from
 * history). Only rooms the client has joined are tracked.
 *
 * The remembered ids are a Set plus a ring of the same ids in delivery order, so evicting the
 * oldest is O(1) (taking a Set's first entry after many deletes walks over the deleted slots).
 */
export class RoomCursors {
  private readonly rooms = new Map<string, RoomCursor>();

  /**
   * @param seenLimit message ids remembered per room.
   * @throws RangeError when `seenLimit` is not a positive integer.
   */
  constructor(private readonly seenLimit = 2_000) {
    if (!Number.isInteger(seenLimit) || seenLimit < 1) throw new RangeError(`RoomCursors: seenLimit must be a positive integer, got ${seenLimit}`);
  }

  /** Starts tracking a room at `tip` (its seq read just before joining). Keeps an existing cursor. */
  track(roomId: string, tip: number): void {
    if (!this.rooms.has(roomId)) this.rooms.set(roomId, { baseline: tip, highest: tip, seen: new Set(), ring: [], next: 0 });
  }

  /** Stops tracking (left the room, or it is gone). */
  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** True if the room is tracked. */
  has(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** Tracked room ids, in join order. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  /**
   * Records a delivered message (`seq` when the frame carries one).
   *
   * @returns false if it was delivered before (same message id), true otherwise.
   */
  deliver(roomId: string, messageId: string, seq?: number): boolean {
    const room = this.rooms.get(roomId);
    if (!room) return true;
    if (room.seen.has(messageId)) return false;
    if (room.ring.length < this.seenLimit) room.ring.push(messageId);
    else {
      room.seen.delete(room.ring[room.next]);
      room.ring[room.next] = messageId;
      room.next = (room.next + 1) % this.seenLimit;
    }
    room.seen.add(messageId);
    if (seq !== undefined && seq > room.highest) room.highest = seq;
    return true;
  }

  /** True if `messageId` was already delivered in `roomId`. */
  seen(roomId: string, messageId: string): boolean {
    return this.rooms.get(roomId)?.seen.has(messageId) ?? false;
  }

  /** Seq to catch up from: `overlap` below the highest delivered, never below the join-time seq. */
  floor(roomId: string, overlap: number): number {
    const room = this.rooms.get(roomId);
    if (!room) return 0;
    return Math.max(room.baseline, room.highest - overlap);
  }

  /** The join-time seq of a room (rows at or below it predate the join). */
  baseline(roomId: string): number {
    return this.rooms.get(roomId)?.baseline ?? 0;
  }
}

/** One tracked room: join-time seq, highest delivered seq, remembered ids (`ring[next]` is the oldest once full). */
interface RoomCursor {
  baseline: number;
  highest: number;
  seen: Set<string>;
  ring: string[];
  next: number;
}
