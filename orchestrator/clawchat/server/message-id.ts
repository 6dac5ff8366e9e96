import { randomUUID } from 'node:crypto';

/**
 * A new message id: an RFC 9562 UUID version 7 (`xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx`, lower-case
 * hex), whose first 48 bits are the Unix time in milliseconds (`nowMs`, default `Date.now()`) and
 * whose remaining 74 free bits are random (from `crypto.randomUUID`).
 *
 * Why not version 4: the store keeps message ids in a UNIQUE index; random ids land on random
 * index pages (each commit rewrites pages all over a large index), time-ordered ids append at the
 * end. Clients must still treat ids as opaque strings (ordering is by `seq`, never by id).
 *
 * @throws RangeError when `nowMs` is not an integer in [0, 2^48).
 */
export function newMessageId(nowMs: number = Date.now()): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) throw new RangeError(`newMessageId: time ${nowMs} ms is outside [0, 2^48)`);
  const time = nowMs.toString(16).padStart(12, '0');
  // randomUUID(): 8-4-4-4-12 hex with '4' at index 14; keep from index 15 (12 random bits, then the variant group).
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
