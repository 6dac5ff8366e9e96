import type { RoomRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

/**
 * Every room the server knows: persistent ones (loaded from the store at start, written through
 * on creation) and ephemeral ones (memory only, with an in-memory seq counter forgotten when the
 * room is destroyed). Ephemeral names are not unique; persistent names are.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, RoomRecord>();
  private readonly ephemeralSeq = new Map<string, number>();

  constructor(private readonly store: Store) {
    for (const room of store.rooms.all()) this.rooms.set(room.roomId, room);
  }

  /** A room by id. */
  get(roomId: string): RoomRecord | undefined {
    return this.rooms.get(roomId);
  }

  /**
   * Adds a room; persistent ones are stored first.
   *
   * @throws RoomNameTakenError (from the store) for a taken persistent name.
   */
  add(room: RoomRecord): void {
    if (!room.ephemeral) this.store.rooms.insert(room);
    this.rooms.set(room.roomId, room);
  }

  /** Removes an ephemeral room and its seq counter. */
  destroyEphemeral(roomId: string): RoomRecord | undefined {
    const room = this.rooms.get(roomId);
    if (!room || !room.ephemeral) return undefined;
    this.rooms.delete(roomId);
    this.ephemeralSeq.delete(roomId);
    return room;
  }

  /** Persistent rooms ordered by name, then ephemeral rooms in creation order. */
  listed(): RoomRecord[] {
    const all = [...this.rooms.values()];
    const persistent = all.filter((r) => !r.ephemeral).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...persistent, ...all.filter((r) => r.ephemeral)];
  }

  /** Direct children of a room (sub-rooms), persistent first by name. */
  children(parentId: string): RoomRecord[] {
    return this.listed().filter((r) => r.parentId === parentId);
  }

  /**
   * Whether a key may see/read a room: no-auth mode, a public room, a system room (no owner)
   * or a room owned by the key.
   */
  canRead(room: RoomRecord, keyHash: string, noAuth: boolean): boolean {
    return noAuth || room.visibility === 'public' || room.ownerKeyHash === null || room.ownerKeyHash === keyHash;
  }

  /** Allocates the next seq of an ephemeral room (from 1). */
  nextEphemeralSeq(roomId: string): number {
    const seq = (this.ephemeralSeq.get(roomId) ?? 0) + 1;
    this.ephemeralSeq.set(roomId, seq);
    return seq;
  }

  /** The room's current seq: durable high-water for persistent rooms, the counter for ephemeral ones. */
  tip(room: RoomRecord): number {
    return room.ephemeral ? (this.ephemeralSeq.get(room.roomId) ?? 0) : this.store.messages.tip(room.roomId);
  }
}
