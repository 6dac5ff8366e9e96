import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { SubscriptionRecord } from './records.js';

/**
 * Webhook subscriptions (`subscriptions`), with their secrets. Which rooms have an active
 * subscription is cached (every message asks; almost no room has one) and recomputed after any
 * write through this class — the only writer of the table.
 */
export class SubscriptionRows {
  private readonly stmts;
  private roomsWithActive: Set<string> | undefined;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO subscriptions (subscription_id, room_id, owner_key_hash, webhook_url, secret, kinds, only_from, not_from,
           exclude_thinking, since_seq, last_delivered_seq, status, failure_count, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 0, ?)`,
      ),
      get: db.prepare('SELECT * FROM subscriptions WHERE subscription_id = ?'),
      list: db.prepare('SELECT * FROM subscriptions WHERE owner_key_hash = ? ORDER BY created_at DESC, rowid DESC'),
      listRoom: db.prepare('SELECT * FROM subscriptions WHERE owner_key_hash = ? AND room_id = ? ORDER BY created_at DESC, rowid DESC'),
      active: db.prepare("SELECT * FROM subscriptions WHERE room_id = ? AND status = 'active'"),
      activeRooms: db.prepare("SELECT DISTINCT room_id FROM subscriptions WHERE status = 'active'").pluck(),
      delete: db.prepare('DELETE FROM subscriptions WHERE subscription_id = ? AND owner_key_hash = ?'),
      setStatus: db.prepare('UPDATE subscriptions SET status = ?, failure_count = ? WHERE subscription_id = ?'),
      advance: db.prepare(
        'UPDATE subscriptions SET last_delivered_seq = ?, failure_count = 0 WHERE subscription_id = ? AND ? > last_delivered_seq',
      ),
    };
  }

  /** Stores a new active subscription. */
  insert(s: SubscriptionRecord): void {
    this.roomsWithActive = undefined;
    this.stmts.insert.run(
      s.subscriptionId,
      s.roomId,
      s.ownerKeyHash,
      s.webhookUrl,
      s.secret,
      JSON.stringify(s.kinds),
      s.onlyFrom,
      s.notFrom,
      s.excludeThinking ? 1 : 0,
      s.sinceSeq,
      s.lastDeliveredSeq,
      s.createdAt,
    );
  }

  /** One subscription. */
  get(id: string): SubscriptionRecord | undefined {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row ? toSubscription(row) : undefined;
  }

  /** Subscriptions owned by a key, newest first, optionally of one room. */
  list(ownerKeyHash: string, roomId?: string | null): SubscriptionRecord[] {
    const rows = roomId != null ? this.stmts.listRoom.all(ownerKeyHash, roomId) : this.stmts.list.all(ownerKeyHash);
    return (rows as Row[]).map(toSubscription);
  }

  /** Active subscriptions of a room. */
  active(roomId: string): SubscriptionRecord[] {
    this.roomsWithActive ??= new Set(this.stmts.activeRooms.all() as string[]);
    if (!this.roomsWithActive.has(roomId)) return [];
    return (this.stmts.active.all(roomId) as Row[]).map(toSubscription);
  }

  /** Deletes a subscription if `ownerKeyHash` owns it. @returns true if deleted. */
  delete(id: string, ownerKeyHash: string): boolean {
    this.roomsWithActive = undefined;
    return this.stmts.delete.run(id, ownerKeyHash).changes > 0;
  }

  /** Sets status and failure count. */
  setStatus(id: string, status: SubscriptionRecord['status'], failureCount: number): void {
    this.roomsWithActive = undefined;
    this.stmts.setStatus.run(status, failureCount, id);
  }

  /** Advances the delivered cursor (never backwards) and resets the failure count. */
  advanceCursor(id: string, seq: number): void {
    this.stmts.advance.run(seq, id, seq);
  }
}

function toSubscription(r: Row): SubscriptionRecord {
  const status = r.status as string;
  return {
    subscriptionId: r.subscription_id as string,
    roomId: r.room_id as string,
    ownerKeyHash: r.owner_key_hash as string,
    webhookUrl: r.webhook_url as string,
    secret: r.secret as string,
    kinds: JSON.parse(r.kinds as string) as string[],
    onlyFrom: (r.only_from as string | null) ?? null,
    notFrom: (r.not_from as string | null) ?? null,
    excludeThinking: r.exclude_thinking === 1,
    sinceSeq: r.since_seq as number,
    lastDeliveredSeq: r.last_delivered_seq as number,
    status: status === 'failed' || status === 'disabled' ? status : 'active',
    failureCount: r.failure_count as number,
    createdAt: r.created_at as string,
  };
}
