import type { IterationRecord } from '../../runlog/fold/iteration-record.js';

/**
 * Whether an iteration undid an earlier change: today, its status is `reverted`. When a later
 * run-log event type records reverts (a review iteration's "revert to commit X" action), recognise
 * it here and every chart marks it.
 */
export function isRevert(record: IterationRecord): boolean {
  return record.status === 'reverted';
}
