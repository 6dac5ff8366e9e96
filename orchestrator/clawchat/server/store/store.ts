import type Database from 'better-sqlite3';
import type { Logger } from '../../../logging/logger.js';
import { openDatabase } from './database.js';
import { DeliveryRows } from './delivery-rows.js';
import { KeyRows } from './key-rows.js';
import { MessageRows } from './message-rows.js';
import { RoomRows } from './room-rows.js';
import { SubscriptionRows } from './subscription-rows.js';
import { TaskRows } from './task-rows.js';
import { VoteRows } from './vote-rows.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export { RoomNameTakenError } from './room-rows.js';
export type { HistoryQuery } from './message-rows.js';

/** Options of {@link Store}. */
export interface StoreOptions {
  /**
   * Checkpoint a database file's WAL in a worker thread every this many ms instead of inside a
   * commit (see {@link WalCheckpointer}); 0 keeps SQLite's automatic checkpoints. Ignored for
   * `:memory:`. Default 500.
   */
  checkpointIntervalMs?: number;
  /** Where background problems are reported. Default: nowhere. */
  logger?: Logger;
}

/**
 * The embedded server's SQLite store (better-sqlite3, synchronous), one accessor per table
 * group: persistent rooms, messages with durable seq high-water marks, votes, tasks, API keys
 * and agent identities, webhook subscriptions and their delivery queue. Message rows are
 * group-committed once per event-loop turn (see {@link MessageRows}); a database file's WAL
 * is checkpointed by a worker thread (see {@link WalCheckpointer}).
 */
export class Store {
  readonly db: Database.Database;
  readonly rooms: RoomRows;
  readonly messages: MessageRows;
  readonly votes: VoteRows;
  readonly tasks: TaskRows;
  readonly keys: KeyRows;
  readonly subscriptions: SubscriptionRows;
  readonly deliveries: DeliveryRows;
  private readonly checkpointer: WalCheckpointer | undefined;

  /**
   * @param file database path or `:memory:` (see {@link openDatabase}).
   * @param options see {@link StoreOptions}.
   * @throws Error when the file cannot be opened or is not a database.
   */
  constructor(file: string, options: StoreOptions = {}) {
    this.db = openDatabase(file);
    this.messages = new MessageRows(this.db);
    this.rooms = new RoomRows(this.db, () => this.messages.flush());
    this.votes = new VoteRows(this.db);
    this.tasks = new TaskRows(this.db);
    this.keys = new KeyRows(this.db);
    this.subscriptions = new SubscriptionRows(this.db);
    this.deliveries = new DeliveryRows(this.db);
    const every = options.checkpointIntervalMs ?? 500;
    if (file !== ':memory:' && every > 0) this.checkpointer = WalCheckpointer.start(this.db, file, { intervalMs: every, logger: options.logger });
  }

  /** Commits queued message rows, stops the checkpoint worker, then closes the database (which checkpoints it). */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.messages.flush();
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
