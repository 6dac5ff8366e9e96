import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { RoomRecord } from './records.js';

/** Raised by {@link RoomRows.insert} when a persistent room name exists. */
export class RoomNameTakenError extends Error {}

/** Persistent rooms (`rooms` table). */
export class RoomRows {
  private readonly insertStmt: Database.Statement;
  private readonly allStmt: Database.Statement;
  private readonly lastActivityStmt: Database.Statement;

  /**
   * @param db the store's database.
   * @param beforeMessageRead commits queued message rows before a query reads `messages`
   *   (see MessageRows, group commit). Default: nothing to commit.
   */
  constructor(
    db: Database.Database,
    private readonly beforeMessageRead: () => void = () => undefined,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO rooms (room_id, name, description, parent_id, created_by, created_at, visibility, owner_key_hash, encrypted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.allStmt = db.prepare('SELECT * FROM rooms ORDER BY name');
    this.lastActivityStmt = db.prepare('SELECT created_at FROM messages WHERE room_id = ? ORDER BY seq DESC LIMIT 1').pluck();
  }

  /**
   * Stores a new room.
   *
   * @throws RoomNameTakenError if the name exists (persistent names are unique).
   */
  insert(room: RoomRecord): void {
    try {
      this.insertStmt.run(
        room.roomId,
        room.name,
        room.description,
        room.parentId,
        room.createdBy,
        room.createdAt,
        room.visibility,
        room.ownerKeyHash,
        room.encrypted ? 1 : 0,
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new RoomNameTakenError(room.name);
      throw err;
    }
  }

  /** Every stored room, ordered by name. */
  all(): RoomRecord[] {
    return (this.allStmt.all() as Row[]).map((r) => ({
      roomId: r.room_id as string,
      name: r.name as string,
      description: (r.description as string | null) ?? null,
      parentId: (r.parent_id as string | null) ?? null,
      ephemeral: false,
      createdAt: r.created_at as string,
      createdBy: (r.created_by as string | null) ?? null,
      visibility: r.visibility === 'public' ? 'public' : 'private',
      ownerKeyHash: (r.owner_key_hash as string | null) ?? null,
      encrypted: r.encrypted === 1,
    }));
  }

  /** Timestamp of the room's newest stored message, if any. */
  lastActivity(roomId: string): string | undefined {
    this.beforeMessageRead();
    return (this.lastActivityStmt.get(roomId) as string | undefined) ?? undefined;
  }
}
