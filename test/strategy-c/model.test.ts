import { describe, expect, it } from 'vitest';
import { Inventory, maxBuySize, NO, pairCostCap, YES } from '../../examples/strategy-c/src/model/inventory.js';
import { computeQuotes, MIN_ORDER_SIZE, QuoteDecision } from '../../examples/strategy-c/src/model/quoting.js';
import { AMBER, feeZone, GREEN, RED, shouldTake } from '../../examples/strategy-c/src/model/taker.js';
import { defaultParams } from '../../examples/strategy-c/src/params/param-specs.js';

describe('taker fee zones', () => {
  it('classifies green / amber / red by fair value', () => {
    expect(feeZone(0.95)).toBe(GREEN);
    expect(feeZone(0.05)).toBe(GREEN);
    expect(feeZone(0.87)).toBe(AMBER);
    expect(feeZone(0.12)).toBe(AMBER);
    expect(feeZone(0.5)).toBe(RED);
    expect(feeZone(0.84)).toBe(RED);
  });

  it('takes in green with edge ≥ taker_min_edge after fee, needs twice that in amber, never in red', () => {
    // green: fair 0.97, ask 0.90, fee 0.07·0.09 = 0.0063 → edge 0.0637
    expect(shouldTake(0.97, 0.9, 0.05, false, 0.07)).toBe(true);
    expect(shouldTake(0.97, 0.9, 0.07, false, 0.07)).toBe(false);
    // amber: fair 0.88, ask 0.80, fee 0.0112 → edge 0.0688 < 2 × 0.05
    expect(shouldTake(0.88, 0.8, 0.05, false, 0.07)).toBe(false);
    expect(shouldTake(0.88, 0.75, 0.05, false, 0.07)).toBe(true);
    // red: never, whatever the edge
    expect(shouldTake(0.7, 0.3, 0.01, false, 0.07)).toBe(false);
  });
});

describe('inventory caps and the pair-cost guard', () => {
  it('sizes by caps, never by dividing by a price', () => {
    const inv = new Inventory();
    expect(maxBuySize(inv, YES, 8, 8, 24)).toBe(8);
    inv.buy(YES, 8, 0.01); // a one-cent price changes nothing (iteration 21)
    expect(maxBuySize(inv, YES, 8, 8, 24)).toBe(0); // unpaired at its cap
    expect(maxBuySize(inv, NO, 8, 8, 24)).toBe(8);
    inv.buy(NO, 8, 0.5);
    inv.buy(YES, 8, 0.4);
    expect(maxBuySize(inv, NO, 8, 8, 24)).toBe(0); // total at its cap
    expect(maxBuySize(inv, YES, 8, 8, 30)).toBe(0);
    expect(maxBuySize(inv, NO, 8, 8, 30)).toBe(6);
  });

  it('caps a pairing price so avg YES + avg NO stays ≤ pair_cost_max', () => {
    const inv = new Inventory();
    expect(pairCostCap(inv, NO, 0.98)).toBe(Infinity);
    inv.buy(YES, 8, 0.62);
    expect(pairCostCap(inv, NO, 0.98)).toBeCloseTo(0.36, 12); // not 0.44 (iteration 49)
    inv.buy(NO, 5, 0.3);
    inv.buy(NO, 3, pairCostCap(inv, NO, 0.98));
    expect(inv.pairCost()).toBeLessThanOrEqual(0.98 + 1e-12);
    // adding YES when NO is held: any size at the cap keeps the pair within the guard
    const cap = pairCostCap(inv, YES, 0.98);
    inv.buy(YES, 13, cap);
    expect(inv.pairCost()).toBeLessThanOrEqual(0.98 + 1e-12);
  });
});

describe('dual-sided quotes', () => {
  const p = defaultParams();
  const quote = (pUp: number, ema: number, book: [number, number, number, number], inv = new Inventory(), over = {}, live: [number, number] = [0, 0]) => {
    const q = new QuoteDecision();
    q.fair[0] = pUp;
    q.fair[1] = ema;
    computeQuotes(q, { ...p, ...over }, book[0], book[1], book[2], book[3], live[0], live[1], inv);
    return { yes: q.yesPrice, yesSize: q.yesSize, no: q.noPrice, noSize: q.noSize };
  };

  it('opening bids sit at least half_spread_base below fair, anchored to the book', () => {
    // fair 0.50, book 49/50 and 50/51: anchor = 0.49 + (0.50 − 0.495) = 0.495, cap 0.475 → 47
    expect(quote(0.5, 0.5, [49, 50, 50, 51])).toEqual({ yes: 47, yesSize: 8, no: 47, noSize: 8 });
    // displacement_offset 0 joins the touch unless the half-spread cap is lower
    expect(quote(0.6, 0.5, [49, 50, 50, 51], undefined, { displacement_offset: 0 }).yes).toBe(49);
    expect(quote(0.5, 0.5, [49, 50, 50, 51], undefined, { displacement_offset: 0, half_spread_base: 0 }).yes).toBe(49);
  });

  it('never crosses the ask (post-only) and never exceeds abs_bid_ceiling', () => {
    const q = quote(0.9, 0.5, [60, 61, 39, 40], undefined, { half_spread_base: 0, abs_bid_ceiling: 0.99 });
    expect(q.yes).toBe(60);
    expect(quote(0.9, 0.5, [80, 81, 19, 20], undefined, { half_spread_base: 0 }).yes).toBe(72);
  });

  it('pairing bids may go up to max_bid_premium over fair, within the pair-cost guard', () => {
    const inv = new Inventory();
    inv.buy(YES, 8, 0.3);
    // NO fair 0.55; premium 0.03 → 0.58; pair cap 0.98 − 0.30 = 0.68; ask 60 → 58
    expect(quote(0.45, 0.5, [39, 40, 60, 61], inv).no).toBe(58);
    expect(quote(0.45, 0.5, [39, 40, 60, 61], inv, { max_bid_premium: 0 }).no).toBe(55);
    // the guard binds: bought YES at 0.45 → NO ≤ 0.53
    const inv2 = new Inventory();
    inv2.buy(YES, 8, 0.45);
    expect(quote(0.45, 0.5, [39, 40, 60, 61], inv2).no).toBe(53);
  });

  it('suppresses the opening bid the EMA argues against, but keeps pairing bids', () => {
    expect(quote(0.4, 0.35, [39, 40, 59, 60]).yes).toBe(0);
    expect(quote(0.4, 0.35, [39, 40, 59, 60]).no).toBeGreaterThan(0);
    expect(quote(0.6, 0.65, [59, 60, 39, 40]).no).toBe(0);
    const inv = new Inventory();
    inv.buy(NO, 8, 0.5);
    expect(quote(0.4, 0.35, [39, 40, 59, 60], inv).yes).toBeGreaterThan(0);
  });

  it('keeps YES bid + NO bid ≤ pair_cost_max, also against the bid still resting on the other side', () => {
    const q = quote(0.5, 0.5, [49, 50, 49, 50], undefined, { half_spread_base: 0, pair_cost_max: 0.95 });
    expect(q.yes + q.no).toBeLessThanOrEqual(95);
    expect(q.yes).toBeGreaterThan(0);
    expect(q.no).toBeGreaterThan(0);
    // a NO bid at 0.60 still resting: the YES bid must leave room for it
    const r = quote(0.5, 0.5, [49, 50, 49, 50], undefined, { half_spread_base: 0, pair_cost_max: 0.95 }, [0, 60]);
    expect(r.yes).toBeLessThanOrEqual(35);
  });

  it('sizes so both fills stay within the caps, never below the 5-share minimum', () => {
    const inv = new Inventory();
    inv.buy(YES, 8, 0.3);
    inv.buy(NO, 8, 0.3);
    const q = quote(0.5, 0.5, [49, 50, 50, 51], inv, { total_position_cap: 26 });
    // 10 shares of room: one side gets 8, the other 2 (< 5) → no bid
    expect(q.yesSize + q.noSize).toBeLessThanOrEqual(10);
    for (const s of [q.yesSize, q.noSize]) expect(s === 0 || s >= MIN_ORDER_SIZE).toBe(true);
  });
});
