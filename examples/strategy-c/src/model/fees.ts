/**
 * Polymarket fee schedules, per share traded at price p (USDC, 0..1). Not tuned: part of the
 * target's config (`fee_schedule`, `fee_rate`, `rebate_share`).
 *
 * - `rate` (the markets in the data, Gamma `feeSchedule`): taker fee = fee_rate · p · (1 − p)
 *   per share (fee_rate 0.07, exponent 1); a maker earns rebate_share (0.2) of that fee per
 *   maker-filled share — exactly the houssem98 probe's `rebate` = 0.2 × 0.07 × q × (1 − q).
 * - `quartic` (seed 000's model): taker fee = 0.25 · (p · (1 − p))² per share; the maker rebate
 *   is rebate_share of that.
 * At p = 0.5: rate 0.0175 and quartic 0.015625 per share; both vanish at 0 and 1.
 */
export type FeeScheduleName = 'rate' | 'quartic';

/**
 * Taker fee per share bought at price p.
 *
 * @param p price, 0..1.
 * @param quartic true for the `quartic` schedule, false for `rate`.
 * @param feeRate fee_rate (used by `rate` only).
 */
export function takerFeePerShare(p: number, quartic: boolean, feeRate: number): number {
  const v = p * (1 - p);
  return quartic ? 0.25 * v * v : feeRate * v;
}

/**
 * Maker rebate per share filled at price p: rebate_share × the taker fee at p.
 *
 * @param rebateShare rebate_share, 0..1.
 */
export function makerRebatePerShare(p: number, quartic: boolean, feeRate: number, rebateShare: number): number {
  return rebateShare * takerFeePerShare(p, quartic, feeRate);
}
