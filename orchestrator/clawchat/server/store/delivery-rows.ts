import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { DeliveryRecord } from './records.js';

/** The webhook delivery queue (`subscription_deliveries`); survives restarts. */
export class DeliveryRows {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      enqueue: db.prepare(
        `INSERT OR IGNORE INTO subscription_deliveries (delivery_id, subscription_id, message_seq, message_id, next_attempt_at, attempts)
         VALUES (?, ?, ?, ?, ?, 0)`,
      ),
      due: db.prepare(
        `SELECT * FROM subscription_deliveries AS c WHERE next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM subscription_deliveries AS e
                           WHERE e.subscription_id = c.subscription_id AND e.message_seq < c.message_seq)
         ORDER BY next_attempt_at ASC, message_seq ASC LIMIT ?`,
      ),
      earliest: db.prepare('SELECT MIN(next_attempt_at) FROM subscription_deliveries').pluck(),
      reschedule: db.prepare('UPDATE subscription_deliveries SET next_attempt_at = ?, attempts = ?, last_error = ? WHERE delivery_id = ?'),
      delete: db.prepare('DELETE FROM subscription_deliveries WHERE delivery_id = ?'),
      deleteOf: db.prepare('DELETE FROM subscription_deliveries WHERE subscription_id = ?'),
    };
  }

  /** Queues a delivery; a duplicate (subscription, seq) is ignored. @returns true if queued. */
  enqueue(d: DeliveryRecord): boolean {
    return this.stmts.enqueue.run(d.deliveryId, d.subscriptionId, d.messageSeq, d.messageId, d.nextAttemptAt).changes > 0;
  }

  /** Due deliveries, at most one (the oldest seq) per subscription. */
  due(now: string, limit: number): DeliveryRecord[] {
    return (this.stmts.due.all(now, limit) as Row[]).map((r) => ({
      deliveryId: r.delivery_id as string,
      subscriptionId: r.subscription_id as string,
      messageSeq: r.message_seq as number,
      messageId: r.message_id as string,
      nextAttemptAt: r.next_attempt_at as string,
      attempts: r.attempts as number,
    }));
  }

  /** Earliest queued attempt time, if any. */
  earliest(): string | undefined {
    return (this.stmts.earliest.get() as string | null) ?? undefined;
  }

  /** Reschedules a failed delivery. */
  reschedule(deliveryId: string, nextAttemptAt: string, attempts: number, error: string): void {
    this.stmts.reschedule.run(nextAttemptAt, attempts, error, deliveryId);
  }

  /** Removes a delivery. */
  delete(deliveryId: string): void {
    this.stmts.delete.run(deliveryId);
  }

  /** Removes every queued delivery of a subscription. */
  deleteOf(subscriptionId: string): void {
    this.stmts.deleteOf.run(subscriptionId);
  }
}
