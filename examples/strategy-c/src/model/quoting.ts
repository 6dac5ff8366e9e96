import { suppressNo, suppressYes } from './ema-suppression.js';
import { Inventory, maxBuySize, NO, pairCostCap, YES } from './inventory.js';

/** The market's minimum order size, shares (`order_min_size` of every market in the data). */
export const MIN_ORDER_SIZE = 5;

/** The numeric parameters quoting reads (a subset of StrategyParams). */
export interface QuotingParams {
  half_spread_base: number;
  displacement_offset: number;
  bid_size: number;
  max_unpaired: number;
  total_position_cap: number;
  max_bid_premium: number;
  abs_bid_ceiling: number;
  pair_cost_max: number;
  ema_suppress_band: number;
}

/**
 * Inputs, outputs and cache of {@link computeQuotes}, reused across calls so a hot loop
 * allocates nothing: the fair value and its EMA go in through a typed array (numbers passed as
 * arguments to a function the engine does not inline are boxed, one allocation each per call),
 * and the parts that depend only on the inventory are recomputed only when it changes.
 */
export class QuoteDecision {
  /** Input: `[p_up, ema]`, the blended fair value of Up and its EMA (0..1). */
  readonly fair = new Float64Array(2);
  /** Output: desired YES bid in ticks of 0.01 (0 = no bid), and its size in shares. */
  yesPrice = 0;
  yesSize = 0;
  /** Output: desired NO bid in ticks (0 = no bid), and its size in shares. */
  noPrice = 0;
  noSize = 0;

  // Cache keyed by (inventory, its version): sizes allowed by the caps, and the pair-cost price
  // caps ([YES, NO], USDC; Infinity when there is nothing to pair with).
  private cachedInv: Inventory | null = null;
  private cachedVersion = -1;
  /** @internal */ maxYes = 0;
  /** @internal */ maxNo = 0;
  /** @internal */ readonly pairCap = new Float64Array(2);

  /** @internal Refresh the inventory-dependent cache if the position changed. */
  refresh(p: QuotingParams, inv: Inventory): void {
    if (this.cachedInv === inv && this.cachedVersion === inv.version) return;
    this.cachedInv = inv;
    this.cachedVersion = inv.version;
    this.maxYes = maxBuySize(inv, YES, p.bid_size, p.max_unpaired, p.total_position_cap);
    this.maxNo = maxBuySize(inv, NO, p.bid_size, p.max_unpaired, p.total_position_cap);
    this.pairCap[0] = pairCostCap(inv, YES, p.pair_cost_max);
    this.pairCap[1] = pairCostCap(inv, NO, p.pair_cost_max);
  }
}

/**
 * Dual-sided maker quotes (seed 000): a bid on YES and one on NO, anchored to each token's best
 * bid and displaced towards fair, then limited:
 *
 * 1. an opening bid (one that adds unpaired exposure, or any bid while flat) sits at
 *    anchor = best bid + displacement_offset · (fair − mid) — the book's level, moved by how far
 *    our fair value disagrees with the book — and at most fair − half_spread_base;
 * 2. a pairing bid (on the side we hold fewer shares of) has priority ("pair-priority caps",
 *    iteration 55): it bids up to fair + max_bid_premium, as high as the caps below allow;
 * 3. ≤ abs_bid_ceiling; post-only: at least a tick below the best ask; at least 0.01;
 * 4. EMA suppression: an opening YES bid is dropped when ema < 0.5 − band, an opening NO bid when
 *    ema > 0.5 + band (pairing bids reduce risk and are kept);
 * 5. sizes: bid_size, cut so that if both bids fill |YES − NO| ≤ max_unpaired and
 *    YES + NO ≤ total_position_cap (pairing side served first); below the 5-share minimum, no bid;
 * 6. pair-cost guard: a bid is at most pair_cost_max − the other side's average cost (so the
 *    average pair cost never exceeds pair_cost_max), and YES bid + NO bid ≤ pair_cost_max — for
 *    the new bids (the opening or, with no inventory, the less valuable one gives way) and
 *    against the bid still resting on the other side.
 *
 * @param out holds the inputs (`fair` = [p_up, ema]) and receives the decision.
 * @param upBid, upAsk, downBid, downAsk best bids and asks in ticks (both tokens two-sided).
 * @param liveYes, liveNo our bids resting now, in ticks (0 = none): they may still fill before
 *   this decision's replacements land, so the new bid on the other side respects the pair guard
 *   against them too.
 */
export function computeQuotes(
  out: QuoteDecision,
  p: QuotingParams,
  upBid: number,
  upAsk: number,
  downBid: number,
  downAsk: number,
  liveYes: number,
  liveNo: number,
  inv: Inventory,
): void {
  const pUp = out.fair[0]!;
  const ema = out.fair[1]!;
  const fairYes = pUp;
  const fairNo = 1 - pUp;
  const pairingYes = inv.no > inv.yes;
  const pairingNo = inv.yes > inv.no;

  // 1–3: prices (USDC).
  let yes = bidPrice(fairYes, upBid, upAsk, pairingYes, p);
  let no = bidPrice(fairNo, downBid, downAsk, pairingNo, p);
  // 4: suppression of opening bids.
  if (!pairingYes && suppressYes(ema, p.ema_suppress_band)) yes = 0;
  if (!pairingNo && suppressNo(ema, p.ema_suppress_band)) no = 0;

  // 5: sizes, reserving total room for both bids.
  out.refresh(p, inv);
  let yesSize = yes > 0 ? out.maxYes : 0;
  let noSize = no > 0 ? out.maxNo : 0;
  const room = p.total_position_cap - inv.yes - inv.no;
  if (yesSize + noSize > room) {
    const yesFirst = pairingYes || (!pairingNo && fairYes - yes >= fairNo - no);
    if (yesFirst) noSize = Math.max(0, room - yesSize);
    else yesSize = Math.max(0, room - noSize);
  }
  if (yesSize < MIN_ORDER_SIZE) yesSize = 0;
  if (noSize < MIN_ORDER_SIZE) noSize = 0;

  // 6: pair-cost guard against inventory, then to ticks.
  let yesTicks = 0;
  let noTicks = 0;
  if (yesSize > 0) yesTicks = toTicks(Math.min(yes, out.pairCap[0]!), upAsk);
  if (noSize > 0) noTicks = toTicks(Math.min(no, out.pairCap[1]!), downAsk);
  // … and on the quote pair: YES bid + NO bid ≤ pair_cost_max, also against the bid still resting
  // on the other side (it may fill before a replace lands), so no two fills can break the guard.
  const maxPair = Math.floor(p.pair_cost_max * 100 + 1e-9);
  if (yesTicks > 0 && noTicks > 0) {
    const excess = yesTicks + noTicks - maxPair;
    if (excess > 0) {
      const cutYes = pairingNo || (!pairingYes && fairYes * 100 - yesTicks < fairNo * 100 - noTicks);
      if (cutYes) yesTicks -= excess;
      else noTicks -= excess;
    }
  }
  if (yesTicks > maxPair - liveNo) yesTicks = maxPair - liveNo;
  if (noTicks > maxPair - liveYes) noTicks = maxPair - liveYes;
  if (yesTicks < 1) yesTicks = 0;
  if (noTicks < 1) noTicks = 0;
  out.yesPrice = yesTicks;
  out.yesSize = yesTicks > 0 ? yesSize : 0;
  out.noPrice = noTicks;
  out.noSize = noTicks > 0 ? noSize : 0;
}

/** Steps 1–3 of {@link computeQuotes} for one token, in USDC, before the tick rounding (≤ 0 means no bid). */
function bidPrice(fair: number, bid: number, ask: number, pairing: boolean, p: QuotingParams): number {
  // Math.min rather than `a > b ? b : a` with b a parameter field: a conditional mixing a field's
  // (boxed) value with a computed double makes the engine box the double — an allocation per tick.
  const price = pairing
    ? fair + p.max_bid_premium
    : Math.min(bid * 0.01 + p.displacement_offset * (fair - (bid + ask) * 0.005), fair - p.half_spread_base);
  return Math.min(price, p.abs_bid_ceiling);
}

/** USDC price → ticks, rounded down, post-only (≤ ask − 1 tick); 0 when below one tick. */
function toTicks(price: number, ask: number): number {
  let t = Math.floor(price * 100 + 1e-9);
  if (t > ask - 1) t = ask - 1;
  return t >= 1 ? t : 0;
}
