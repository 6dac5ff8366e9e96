import type { Dataset } from '../data/dataset.js';
import { BOOK_LAG_S } from '../market/book-model.js';
import { NO_ASK, NO_BID } from '../market/simulated-book.js';
import { normalCdf } from '../math/normal-cdf.js';
import { blendedFairValue } from '../model/blended-fair-value.js';
import { emaStep } from '../model/ema-suppression.js';
import { HORIZON_SECONDS } from '../model/fair-value.js';
import { makerRebatePerShare, takerFeePerShare } from '../model/fees.js';
import { Inventory, maxBuySize, NO, pairCostCap, YES, type Side } from '../model/inventory.js';
import { computeQuotes, MIN_ORDER_SIZE, QuoteDecision } from '../model/quoting.js';
import { shouldTake } from '../model/taker.js';
import type { StrategyParams } from '../params/strategy-params.js';
import { WindowResult } from './window-result.js';

/**
 * Seconds after which the reference counts as stale: with no real Chainlink report for longer,
 * the strategy cancels its bids, does not take, and freezes its EMA until a report arrives.
 */
export const STALE_AFTER_S = 5;

/** Cooldown marker for "never ordered on this side". */
const NEVER = -1e9;

/**
 * Replays Strategy C over one window of the dataset, second by second (s = 0..299, t = 300 − s
 * seconds left), and settles on the official outcome. One instance per parameter set; it
 * allocates nothing per window or tick. Each second:
 *
 * 1. fills — each resting bid fills, whole, if the token's best ask is at or below it (the book
 *    traded through). On a second whose `raceLost` flag is set, the trade-through sees the bids as
 *    they were before the previous second's cancel/replace (which then fails). A fill never takes
 *    the position past the caps; maker fills earn the rebate; the side's cooldown restarts.
 * 2. staleness — a reference older than {@link STALE_AFTER_S} cancels both bids; nothing else.
 * 3. fair value — coordinator_fv = Φ(d / (σ·√(t/300))); p_up blends it with the Up book mid
 *    plus brownian_delta = coordinator_fv(s) − coordinator_fv(s − BOOK_LAG_S); EMA update.
 * 4. taker — for each token with an ask, outside its cooldown: buy bid_size (cut to the caps and
 *    the pair-cost guard) at the ask when model/taker.ts says so; pay the taker fee.
 * 5. maker quotes — after quote_cutoff, or without a two-sided book on both tokens, cancel both.
 *    Otherwise compute the desired bids (model/quoting.ts). A resting bid above or larger than the
 *    desired one is replaced (outside cooldown) or cancelled (inside: cutting risk is always
 *    allowed); a missing or smaller/lower one is placed or replaced only outside cooldown.
 Every buy updates the largest inventory and pair cost seen.
 * At the close: settlement = winning shares × 1 USDC; pnl = settlement − cost − fees + rebates.
 */
export class WindowSimulator {
  private readonly inv = new Inventory();
  private readonly quote = new QuoteDecision();
  private readonly quartic: boolean;
  private readonly p: StrategyParams;

  /**
   * @param data the loaded dataset.
   * @param params a full, validated parameter set (copied into an object of fixed shape, so the
   *   hot loop's property reads stay fast whatever object the caller built).
   */
  constructor(
    private readonly data: Dataset,
    params: StrategyParams,
  ) {
    this.quartic = params.fee_schedule === 'quartic';
    this.p = {
      sigma: params.sigma,
      fv_blend_weight: params.fv_blend_weight,
      ema_alpha: params.ema_alpha,
      ema_suppress_band: params.ema_suppress_band,
      half_spread_base: params.half_spread_base,
      displacement_offset: params.displacement_offset,
      bid_size: params.bid_size,
      max_unpaired: params.max_unpaired,
      total_position_cap: params.total_position_cap,
      order_cooldown: params.order_cooldown,
      taker_min_edge: params.taker_min_edge,
      max_bid_premium: params.max_bid_premium,
      abs_bid_ceiling: params.abs_bid_ceiling,
      pair_cost_max: params.pair_cost_max,
      quote_cutoff: params.quote_cutoff,
      fee_schedule: params.fee_schedule,
      fee_rate: params.fee_rate,
      rebate_share: params.rebate_share,
    };
  }

  /**
   * Simulate window `w` into `r` (reset first).
   *
   * @param w window index, 0..data.windows − 1.
   */
  run(w: number, r: WindowResult): void {
    r.reset();
    const p = this.p;
    const d = this.data;
    // Typed arrays in locals: the hot loop reads them without property loads.
    const upBidA = d.books.upBid;
    const upAskA = d.books.upAsk;
    const downBidA = d.books.downBid;
    const downAskA = d.books.downAsk;
    const raceA = d.books.raceLost;
    const refAgeA = d.refAge;
    const refZA = d.refZ;
    const inv = this.inv;
    inv.reset();
    const quote = this.quote;
    const quartic = this.quartic;
    const feeRate = p.fee_rate;
    const rebateShare = p.rebate_share;
    const sigma = p.sigma;
    const weight = p.fv_blend_weight;
    const alpha = p.ema_alpha;
    const cooldown = p.order_cooldown;
    const cutoff = p.quote_cutoff;
    const bidSize = p.bid_size;
    const maxUnpaired = p.max_unpaired;
    const cap = p.total_position_cap;
    const pcm = p.pair_cost_max;
    const minEdge = p.taker_min_edge;

    // Resting bids (ticks, shares), their state before the last decision, and cooldown clocks.
    let yesP = 0;
    let yesS = 0;
    let noP = 0;
    let noS = 0;
    let oldYesP = 0;
    let oldYesS = 0;
    let oldNoP = 0;
    let oldNoS = 0;
    let yesLast = NEVER;
    let noLast = NEVER;
    let ema = Number.NaN;
    // coordinator_fv one second (the book's lag) ago; NaN at the start and after a stale second.
    let lag1 = Number.NaN;

    const base = w * HORIZON_SECONDS;
    for (let s = 0; s < HORIZON_SECONDS; s++) {
      const i = base + s;
      const t = HORIZON_SECONDS - s;
      const upBid = upBidA[i]!;
      const upAsk = upAskA[i]!;
      const downBid = downBidA[i]!;
      const downAsk = downAskA[i]!;

      // 1. Fills against this second's book.
      const race = raceA[i] === 1;
      const eYesP = race ? oldYesP : yesP;
      if (eYesP > 0 && upAsk !== NO_ASK && upAsk <= eYesP) {
        const n = fillSize(inv, YES, race ? oldYesS : yesS, maxUnpaired, cap);
        if (n > 0) this.makerFill(r, YES, n, eYesP / 100, quartic, feeRate, rebateShare);
        yesP = 0;
        yesS = 0;
        yesLast = s;
      }
      const eNoP = race ? oldNoP : noP;
      if (eNoP > 0 && downAsk !== NO_ASK && downAsk <= eNoP) {
        const n = fillSize(inv, NO, race ? oldNoS : noS, maxUnpaired, cap);
        if (n > 0) this.makerFill(r, NO, n, eNoP / 100, quartic, feeRate, rebateShare);
        noP = 0;
        noS = 0;
        noLast = s;
      }
      oldYesP = yesP;
      oldYesS = yesS;
      oldNoP = noP;
      oldNoS = noS;

      // 2. Stale reference: pull the bids, wait.
      if (refAgeA[i]! > STALE_AFTER_S) {
        yesP = yesS = noP = noS = 0;
        lag1 = Number.NaN;
        continue;
      }

      // 3. Fair value: brownianFairValue(d, σ, t) of model/fair-value.ts, with d / √(t/300) precomputed.
      const cfv = normalCdf(refZA[i]! / sigma);
      const delta = lag1 === lag1 ? cfv - lag1 : 0;
      lag1 = cfv;
      const upTwoSided = upBid !== NO_BID && upAsk !== NO_ASK;
      const pUp = upTwoSided ? blendedFairValue(cfv, (upBid + upAsk) / 200, delta, weight) : cfv;
      ema = emaStep(ema, pUp, alpha);

      // 4. Taker (never in the red zone, 0.15 < fair < 0.85 for both tokens: skip the calls).
      if (pUp >= 0.85 || pUp <= 0.15) {
        // (fair − ask ≥ taker_min_edge is necessary for any take: a cheap filter before the call.)
        if (upAsk !== NO_ASK && pUp - upAsk / 100 >= minEdge && s - yesLast >= cooldown && shouldTake(pUp, upAsk / 100, minEdge, quartic, feeRate)) {
          if (this.take(r, YES, upAsk / 100, noP, bidSize, maxUnpaired, cap, pcm, quartic, feeRate)) yesLast = s;
        }
        if (downAsk !== NO_ASK && 1 - pUp - downAsk / 100 >= minEdge && s - noLast >= cooldown && shouldTake(1 - pUp, downAsk / 100, minEdge, quartic, feeRate)) {
          if (this.take(r, NO, downAsk / 100, yesP, bidSize, maxUnpaired, cap, pcm, quartic, feeRate)) noLast = s;
        }
      }

      // 5. Maker quotes.
      let wantYesP = 0;
      let wantYesS = 0;
      let wantNoP = 0;
      let wantNoS = 0;
      if (t > cutoff && upTwoSided && downBid !== NO_BID && downAsk !== NO_ASK) {
        quote.fair[0] = pUp;
        quote.fair[1] = ema;
        computeQuotes(quote, p, upBid, upAsk, downBid, downAsk, yesP, noP, inv);
        wantYesP = quote.yesPrice;
        wantYesS = quote.yesSize;
        wantNoP = quote.noPrice;
        wantNoS = quote.noSize;
      }
      if (wantYesP !== yesP || wantYesS !== yesS) {
        const free = s - yesLast >= cooldown;
        const riskier = wantYesP === 0 || (yesP > 0 && (yesP > wantYesP || yesS > wantYesS));
        if (free && wantYesP > 0) {
          yesP = wantYesP;
          yesS = wantYesS;
          yesLast = s;
          r.trades++;
          if (wantYesS > r.maxOrderSize) r.maxOrderSize = wantYesS;
        } else if (riskier) {
          yesP = 0;
          yesS = 0;
        }
      }
      if (wantNoP !== noP || wantNoS !== noS) {
        const free = s - noLast >= cooldown;
        const riskier = wantNoP === 0 || (noP > 0 && (noP > wantNoP || noS > wantNoS));
        if (free && wantNoP > 0) {
          noP = wantNoP;
          noS = wantNoS;
          noLast = s;
          r.trades++;
          if (wantNoS > r.maxOrderSize) r.maxOrderSize = wantNoS;
        } else if (riskier) {
          noP = 0;
          noS = 0;
        }
      }
    }
    r.steps = HORIZON_SECONDS;
    r.settlement = d.outcomeUp[w] === 1 ? inv.yes : inv.no;
    r.pnl = r.settlement - r.cost - r.fees + r.rebates;
  }

  private makerFill(r: WindowResult, side: Side, n: number, price: number, quartic: boolean, feeRate: number, rebateShare: number): void {
    this.bought(r, side, n, price);
    r.rebates += n * makerRebatePerShare(price, quartic, feeRate, rebateShare);
    r.makerFills++;
  }

  /** Book a buy: inventory, cost, volume, largest inventory and pair cost. */
  private bought(r: WindowResult, side: Side, n: number, price: number): void {
    const inv = this.inv;
    inv.buy(side, n, price);
    r.cost += n * price;
    r.volume += n;
    const held = inv.yes + inv.no;
    if (held > r.maxInventory) r.maxInventory = held;
    const pc = inv.pairCost();
    if (pc > r.maxPairCost) r.maxPairCost = pc;
  }

  /**
   * Buy as taker at `ask`; false when the caps or the pair-cost guard (against the inventory and
   * against `liveOther`, our bid resting on the other token, in ticks) leave no order.
   */
  private take(
    r: WindowResult,
    side: Side,
    ask: number,
    liveOther: number,
    bidSize: number,
    maxUnpaired: number,
    cap: number,
    pcm: number,
    quartic: boolean,
    feeRate: number,
  ): boolean {
    const inv = this.inv;
    const n = maxBuySize(inv, side, bidSize, maxUnpaired, cap);
    if (n < MIN_ORDER_SIZE || ask > pairCostCap(inv, side, pcm) + 1e-12) return false;
    if (liveOther > 0 && Math.round(ask * 100) + liveOther > Math.floor(pcm * 100 + 1e-9)) return false;
    this.bought(r, side, n, ask);
    r.fees += n * takerFeePerShare(ask, quartic, feeRate);
    r.trades++;
    r.takerFills++;
    if (n > r.maxOrderSize) r.maxOrderSize = n;
    return true;
  }
}

/** Shares of a resting order of `size` that can fill without breaking the caps. */
function fillSize(inv: Inventory, side: Side, size: number, maxUnpaired: number, cap: number): number {
  return maxBuySize(inv, side, size, maxUnpaired, cap);
}

// brownian_delta keeps a single previous value (`lag1`): it assumes the book lags by one second.
if (BOOK_LAG_S !== 1) throw new Error('WindowSimulator: brownian_delta is written for BOOK_LAG_S = 1');
