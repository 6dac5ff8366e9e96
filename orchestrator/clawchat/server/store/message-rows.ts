import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { MessageRecord, Tier } from './records.js';

/** A history query; see {@link MessageRows.history}. */
export interface HistoryQuery {
  limit: number;
  /** seq strictly greater than this, ascending, first `limit`. Wins over the others. */
  sinceSeq?: number | null;
  /** Rows inserted after this message id, ascending, first `limit`; unknown id → []. */
  since?: string | null;
  /** Rows with timestamp < this (ms-precision ISO), newest `limit`, returned ascending. */
  before?: string | null;
}

/** Rows per group commit at most: a turn that queues more commits (and lets its frames out) every this many. */
const MAX_BATCH_ROWS = 128;

const COLUMNS = 'message_id, room_id, agent_id, agent_name, content, reply_to_message, metadata, created_at, seq';

/** Called after each group commit: `error` when the commit failed and was rolled back. */
export type FlushListener = (error?: Error) => void;

/**
 * Messages of persistent rooms (`messages`) and their durable per-room seq high-water marks
 * (`room_sequences`, never lowered: a retention purge or restart never reuses a seq).
 *
 * Group commit: {@link insert} allocates the seq at once but queues the row; every row queued
 * during one event-loop turn is written in ONE transaction (with one high-water update per room)
 * when the turn ends (`setImmediate`), or earlier when anything reads messages (history, get,
 * purge, last activity), a reply-to message is inserted or 128 rows are queued (which bounds
 * the frames held meanwhile). A commit per message would cost a WAL
 * append each; a batch of 64 costs about one. The server holds every outbound frame while rows
 * are uncommitted ({@link uncommitted} > 0) and releases them after the commit, so nothing about
 * a row is sent before it is committed. If the batch commit fails, it is rolled back, the rooms'
 * seqs go back to where the batch began (a failed insert consumes no seq) and the flush
 * listeners get the error (the server then drops the connections it was holding frames for).
 */
export class MessageRows {
  /** Allocated high-water per room, queued rows included. */
  private readonly highWater = new Map<string, number>();
  /** Rows allocated but not yet committed, in allocation order. */
  private queued: MessageRecord[] = [];
  /** High-water of each room with queued rows as it was before its first queued row. */
  private batchStart = new Map<string, number>();
  private scheduled: NodeJS.Immediate | undefined;
  private readonly flushListeners: FlushListener[] = [];
  private readonly insertTx: (m: MessageRecord) => void;
  private readonly batchTx: (rows: readonly MessageRecord[], rooms: Iterable<string>) => void;
  private readonly stmts;
  private readonly flushSoon = (): void => {
    this.scheduled = undefined;
    this.flush();
  };

  constructor(db: Database.Database) {
    for (const row of db.prepare('SELECT room_id, high_water FROM room_sequences').all() as Row[]) {
      this.highWater.set(row.room_id as string, row.high_water as number);
    }
    this.stmts = {
      insert: db.prepare(`INSERT INTO messages (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setHighWater: db.prepare(
        `INSERT INTO room_sequences (room_id, high_water) VALUES (?, ?)
         ON CONFLICT(room_id) DO UPDATE SET high_water = MAX(high_water, excluded.high_water)`,
      ),
      sinceSeq: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?`),
      since: db.prepare(
        `SELECT ${COLUMNS} FROM messages WHERE room_id = ?
           AND rowid > (SELECT rowid FROM messages WHERE message_id = ?) ORDER BY rowid ASC LIMIT ?`,
      ),
      before: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = ? AND created_at < ? ORDER BY seq DESC LIMIT ?`),
      latest: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE room_id = ? ORDER BY seq DESC LIMIT ?`),
      get: db.prepare(`SELECT ${COLUMNS} FROM messages WHERE message_id = ?`),
      purge: db.prepare(
        `DELETE FROM messages WHERE message_id IN (
           SELECT m.message_id FROM messages m JOIN rooms r ON m.room_id = r.room_id
           LEFT JOIN api_keys k ON r.owner_key_hash = k.key_hash
           WHERE COALESCE(k.tier, 'free') = ? AND m.created_at < ?)`,
      ),
    };
    const write = (m: MessageRecord): void => {
      this.stmts.insert.run(m.messageId, m.roomId, m.agentId, m.agentName, m.content, m.replyTo, JSON.stringify(m.metadata ?? null), m.timestamp, m.seq);
    };
    this.insertTx = db.transaction((m: MessageRecord) => {
      write(m);
      this.stmts.setHighWater.run(m.roomId, m.seq);
    });
    this.batchTx = db.transaction((rows: readonly MessageRecord[], rooms: Iterable<string>) => {
      for (const m of rows) write(m);
      for (const roomId of rooms) this.stmts.setHighWater.run(roomId, this.highWater.get(roomId)!);
    });
  }

  /**
   * Stores a message, allocating its seq from the room's high-water mark. The row is committed
   * with the others of this event-loop turn (see the class notes); a message with a `replyTo` is
   * committed at once (after the queued ones), so a reply to an unknown message fails here.
   *
   * @returns the allocated seq.
   * @throws the SQLite error of an immediate insert (e.g. `FOREIGN KEY constraint failed` for an
   *   unknown `replyTo`); no seq is consumed then.
   */
  insert(message: Omit<MessageRecord, 'seq'>): number {
    const seq = (this.highWater.get(message.roomId) ?? 0) + 1;
    const row: MessageRecord = { ...message, seq };
    if (message.replyTo != null) {
      this.flush();
      this.insertTx(row);
      this.highWater.set(message.roomId, seq);
      return seq;
    }
    if (!this.batchStart.has(message.roomId)) this.batchStart.set(message.roomId, seq - 1);
    this.highWater.set(message.roomId, seq);
    this.queued.push(row);
    if (this.queued.length >= MAX_BATCH_ROWS) this.flush();
    else this.scheduled ??= setImmediate(this.flushSoon);
    return seq;
  }

  /** Number of rows allocated but not yet committed (the server holds outbound frames meanwhile). */
  get uncommitted(): number {
    return this.queued.length;
  }

  /** Calls `listener` after every group commit (with the error if it failed). */
  onFlushed(listener: FlushListener): void {
    this.flushListeners.push(listener);
  }

  /**
   * Commits the queued rows now, in one transaction, then tells the flush listeners. On failure
   * the transaction is rolled back, the rooms' seqs are restored and the listeners get the error
   * (it is not thrown: the rows' senders were not answered yet, the server decides what to do).
   */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.queued.length === 0) return;
    const rows = this.queued;
    const starts = this.batchStart;
    this.queued = [];
    this.batchStart = new Map();
    let error: Error | undefined;
    try {
      this.batchTx(rows, starts.keys());
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
      for (const [roomId, before] of starts) this.highWater.set(roomId, before);
    }
    for (const listener of this.flushListeners) listener(error);
  }

  /** The room's durable high-water seq; 0 if it never had a stored message. */
  tip(roomId: string): number {
    return this.highWater.get(roomId) ?? 0;
  }

  /** History with upstream precedence: since_seq > since > before > newest. Ascending. */
  history(roomId: string, query: HistoryQuery): MessageRecord[] {
    this.flush();
    if (query.sinceSeq != null) return (this.stmts.sinceSeq.all(roomId, query.sinceSeq, query.limit) as Row[]).map(toMessage);
    if (query.since != null) return (this.stmts.since.all(roomId, query.since, query.limit) as Row[]).map(toMessage);
    const rows =
      query.before != null
        ? (this.stmts.before.all(roomId, query.before, query.limit) as Row[])
        : (this.stmts.latest.all(roomId, query.limit) as Row[]);
    return rows.reverse().map(toMessage);
  }

  /** One stored message by id. */
  get(messageId: string): MessageRecord | undefined {
    this.flush();
    const row = this.stmts.get.get(messageId) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  /**
   * Deletes messages older than `cutoff` in rooms whose owner key has tier `tier` (no or unknown
   * owner = free). High-water marks are kept.
   *
   * @returns the number of rows deleted.
   */
  purge(tier: Tier, cutoff: string): number {
    this.flush();
    return this.stmts.purge.run(tier, cutoff).changes;
  }
}

function toMessage(r: Row): MessageRecord {
  let metadata: unknown = null;
  try {
    metadata = JSON.parse(r.metadata as string);
  } catch {
    metadata = null;
  }
  return {
    messageId: r.message_id as string,
    roomId: r.room_id as string,
    agentId: r.agent_id as string,
    agentName: r.agent_name as string,
    content: r.content as string,
    replyTo: (r.reply_to_message as string | null) ?? null,
    metadata,
    timestamp: r.created_at as string,
    seq: r.seq as number,
  };
}
