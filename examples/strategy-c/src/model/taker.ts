import { takerFeePerShare } from './fees.js';

/**
 * Taker logic (seed 000's fee zones). The zone is set by the fair value of the token to buy:
 * - green: fair > 0.90 or < 0.10 — fees are small, take when the edge after the taker fee is at
 *   least taker_min_edge;
 * - amber: 0.85–0.90 or 0.10–0.15 — take only with an extreme edge, {@link AMBER_EDGE_MULTIPLE}
 *   × taker_min_edge;
 * - red: 0.15–0.85 — maker only, never take.
 */
export const GREEN = 0;
export const AMBER = 1;
export const RED = 2;
export type FeeZone = typeof GREEN | typeof AMBER | typeof RED;

/** Edge multiple the amber zone requires (twice the green zone's taker_min_edge). */
export const AMBER_EDGE_MULTIPLE = 2;

/** The fee zone of a fair value (0..1). */
export function feeZone(fair: number): FeeZone {
  if (fair > 0.9 || fair < 0.1) return GREEN;
  if (fair >= 0.85 || fair <= 0.15) return AMBER;
  return RED;
}

/**
 * Whether to buy a token at its best ask as taker.
 *
 * @param fair the token's fair value, 0..1.
 * @param ask best ask, USDC per share.
 * @param minEdge taker_min_edge, USDC per share.
 * @returns true when fair − ask − taker fee(ask) clears the zone's threshold.
 */
export function shouldTake(fair: number, ask: number, minEdge: number, quartic: boolean, feeRate: number): boolean {
  const zone = feeZone(fair);
  if (zone === RED) return false;
  const edge = fair - ask - takerFeePerShare(ask, quartic, feeRate);
  return edge >= (zone === AMBER ? AMBER_EDGE_MULTIPLE * minEdge : minEdge);
}
