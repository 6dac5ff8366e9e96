/** Side of a binary market: YES (Up token) or NO (Down token). */
export const YES = 0;
export const NO = 1;
export type Side = typeof YES | typeof NO;

/**
 * Position in one market (settles at the window's end): shares and total cost (USDC, price only;
 * fees and rebates are accounted separately) of each token. Mutable and reused across windows so
 * the simulator allocates nothing per tick.
 */
export class Inventory {
  /** YES (Up) shares held. */
  yes = 0;
  /** NO (Down) shares held. */
  no = 0;
  /** USDC paid for the YES shares. */
  yesCost = 0;
  /** USDC paid for the NO shares. */
  noCost = 0;
  /** Incremented on every change, so callers can cache what depends on the position. */
  version = 0;

  /** Empty the position (a new market). */
  reset(): void {
    this.yes = 0;
    this.no = 0;
    this.yesCost = 0;
    this.noCost = 0;
    this.version++;
  }

  /** Record a buy of `shares` of `side` at `price` USDC per share. */
  buy(side: Side, shares: number, price: number): void {
    if (side === YES) {
      this.yes += shares;
      this.yesCost += shares * price;
    } else {
      this.no += shares;
      this.noCost += shares * price;
    }
    this.version++;
  }

  /** Average pair cost, avg YES cost + avg NO cost (USDC per pair); 0 unless both sides are held. */
  pairCost(): number {
    return this.yes > 0 && this.no > 0 ? this.yesCost / this.yes + this.noCost / this.no : 0;
  }
}

/**
 * Largest whole number of shares of `side` that can be bought without breaking the caps:
 * |YES − NO| ≤ maxUnpaired and YES + NO ≤ totalCap after the buy, and at most `limit`.
 * Never divides by a price (iteration 21's lesson: sizing by 1/price made a 1,500-share order).
 *
 * @returns shares ≥ 0.
 */
export function maxBuySize(inv: Inventory, side: Side, limit: number, maxUnpaired: number, totalCap: number): number {
  const own = side === YES ? inv.yes : inv.no;
  const other = side === YES ? inv.no : inv.yes;
  let n = limit;
  const unpairedRoom = maxUnpaired - (own - other);
  if (unpairedRoom < n) n = unpairedRoom;
  const totalRoom = totalCap - (own + other);
  if (totalRoom < n) n = totalRoom;
  n = Math.floor(n);
  return n > 0 ? n : 0;
}

/**
 * Highest price (USDC per share) at which `side` may be bought so the average pair cost
 * (avg YES + avg NO) stays ≤ `pairCostMax` — the pair-cost guard on inventory (iteration 49: YES
 * at 0.62 + NO at 0.44 = 1.06 silently locked in a loss): pair_cost_max − the other side's
 * average cost. Every buy at or below this price keeps the pair cost within the guard, whatever
 * its size. Infinity when the other side is empty (nothing to pair with yet).
 */
export function pairCostCap(inv: Inventory, side: Side, pairCostMax: number): number {
  const otherQty = side === YES ? inv.no : inv.yes;
  if (otherQty <= 0) return Infinity;
  return pairCostMax - (side === YES ? inv.noCost : inv.yesCost) / otherQty;
}
