import { Prng } from '../math/prng.js';
import { HORIZON_SECONDS } from '../model/fair-value.js';
import {
  BOOK_LAG_S,
  NOISE_LOGIT_SD,
  NOISE_RHO,
  RACE_LOST_PROBABILITY,
  SKEW_PROBABILITY,
  wideSpreadProbability,
  WITHDRAW_MAX_S,
  WITHDRAW_MIN_S,
} from './book-model.js';

/** Sentinel for "no bid" (a bid of 0 ticks). */
export const NO_BID = 0;
/** Sentinel for "no ask" (an ask of 100 ticks = 1.00, where nobody sells). */
export const NO_ASK = 100;

/**
 * Per-second simulated book of all windows, flattened: index `w·300 + s` is second s
 * (t = 300 − s seconds left) of window w. Prices in ticks of 0.01 (1..99), with
 * {@link NO_BID} / {@link NO_ASK} when a side is empty.
 */
export interface SimulatedBooks {
  readonly upBid: Uint8Array;
  readonly upAsk: Uint8Array;
  readonly downBid: Uint8Array;
  readonly downAsk: Uint8Array;
  /** 1 when a trade-through at this second beats the strategy's previous cancel/replace. */
  readonly raceLost: Uint8Array;
  /** Per window: seconds before close at which the two-sided book withdraws. */
  readonly withdrawAt: Uint16Array;
}

/** Allocate books for `windows` windows. */
export function allocateBooks(windows: number): SimulatedBooks {
  const n = windows * HORIZON_SECONDS;
  return {
    upBid: new Uint8Array(n),
    upAsk: new Uint8Array(n),
    downBid: new Uint8Array(n),
    downAsk: new Uint8Array(n),
    raceLost: new Uint8Array(n),
    withdrawAt: new Uint16Array(windows),
  };
}

/**
 * Build one window's book from the market's fair value (model in book-model.ts). Deterministic:
 * the PRNG is seeded by the window's start second, so a window always gets the same book.
 *
 * @param marketFv the market's fair value per second (300 values, see marketFairValue).
 * @param seed the window's start second (Unix).
 * @param outcomeUp the official outcome (true = Up): the side the withdrawn book leaves at 0.99.
 * @param books destination.
 * @param w window index in `books`.
 */
export function buildWindowBook(marketFv: Float64Array, seed: number, outcomeUp: boolean, books: SimulatedBooks, w: number): void {
  const rng = new Prng(seed, 1);
  const withdrawAt = WITHDRAW_MIN_S + Math.floor(rng.uniform() * (WITHDRAW_MAX_S - WITHDRAW_MIN_S + 1));
  books.withdrawAt[w] = withdrawAt;
  const base = w * HORIZON_SECONDS;
  const innov = NOISE_LOGIT_SD * Math.sqrt(1 - NOISE_RHO * NOISE_RHO);
  let eta = NOISE_LOGIT_SD * rng.normal();
  for (let s = 0; s < HORIZON_SECONDS; s++) {
    // Draw every random number every second so the streams stay aligned whatever the branches.
    const z = rng.normal();
    const uWide = rng.uniform();
    const uWideSide = rng.uniform();
    const uWideTwo = rng.uniform();
    const uSkew = rng.uniform();
    const uSkewSide = rng.uniform();
    const uRace = rng.uniform();
    if (s > 0) eta = NOISE_RHO * eta + innov * z;
    const t = HORIZON_SECONDS - s;
    const i = base + s;
    books.raceLost[i] = uRace < RACE_LOST_PROBABILITY ? 1 : 0;
    const fv = marketFv[s >= BOOK_LAG_S ? s - BOOK_LAG_S : 0]!;
    if (t <= withdrawAt) {
      // Liquidity gone: only the winner's 0.99 bid and the loser's 0.01 ask remain. The real
      // withdrawn books named the official winner in every one of 390 one-sided samples at
      // T-20/T-10, so the simulated one does too (no strategy can trade on it: the winner has no
      // ask and the loser no bid).
      const upFav = outcomeUp;
      books.upBid[i] = upFav ? 99 : NO_BID;
      books.upAsk[i] = upFav ? NO_ASK : 1;
      books.downBid[i] = upFav ? NO_BID : 99;
      books.downAsk[i] = upFav ? 1 : NO_ASK;
      continue;
    }
    const p = fv < 1e-9 ? 1e-9 : fv > 1 - 1e-9 ? 1 - 1e-9 : fv;
    const x = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + eta)));
    let bid = Math.floor(100 * x);
    if (bid > 99) bid = 99;
    let ask = bid + 1;
    if (uWide < wideSpreadProbability(t)) {
      const ticks = uWideTwo < 0.3 ? 2 : 1;
      if (uWideSide < 0.5) bid -= ticks;
      else ask += ticks;
    }
    let skew = 0;
    if (uSkew < SKEW_PROBABILITY) skew = uSkewSide < 0.5 ? -1 : 1;
    let dBid = 100 - ask + skew;
    let dAsk = 100 - bid + skew;
    books.upBid[i] = bid >= 1 && bid <= 99 ? bid : NO_BID;
    books.upAsk[i] = ask >= 1 && ask <= 99 ? ask : NO_ASK;
    if (dBid < 1 || dBid > 99) dBid = NO_BID;
    if (dAsk < 1 || dAsk > 99) dAsk = NO_ASK;
    books.downBid[i] = dBid;
    books.downAsk[i] = dAsk;
  }
}
