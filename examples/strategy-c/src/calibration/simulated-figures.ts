import type { Dataset } from '../data/dataset.js';
import { NO_ASK, NO_BID } from '../market/simulated-book.js';
import { HORIZON_SECONDS } from '../model/fair-value.js';
import { LADDER_OFFSETS, SPREAD_OFFSETS, type BookShapeFigures, type ProbeFigures } from './figures.js';

/** Seconds between the probe's polls of the book. */
export const PROBE_POLL_S = 10;
/** The probe's last poll, seconds before close. */
export const PROBE_LAST_POLL_T = 10;

/**
 * Book-shape figures of the simulated book, sampled at the ladder's offsets in every window.
 *
 * @param data the loaded dataset.
 */
export function simulatedBookShape(data: Dataset): BookShapeFigures {
  const b = data.books;
  let samples = 0;
  let oneTick = 0;
  let sum99 = 0;
  const twoSidedByOffset: Record<number, number> = {};
  for (const off of LADDER_OFFSETS) {
    let two = 0;
    for (let w = 0; w < data.windows; w++) {
      const i = w * HORIZON_SECONDS + (HORIZON_SECONDS - off);
      const upTwo = b.upBid[i] !== NO_BID && b.upAsk[i] !== NO_ASK;
      if (upTwo) two++;
      if (!(SPREAD_OFFSETS as readonly number[]).includes(off)) continue;
      if (!upTwo || b.downBid[i] === NO_BID || b.downAsk[i] === NO_ASK) continue;
      samples++;
      if (b.upAsk[i]! - b.upBid[i]! === 1) oneTick++;
      if (b.upBid[i]! + b.downBid[i]! === 99) sum99++;
    }
    twoSidedByOffset[off] = two / data.windows;
  }
  return { samples, oneTickSpread: oneTick / samples, bidSum99: sum99 / samples, twoSidedByOffset };
}

/**
 * The real maker probe's procedure run on the simulated book: in window w, at T-120 (even w) or
 * T-60 (odd w), post a bid on each token joining the touch (its best bid) — or, when the token's
 * book has a bid but no ask (priced at certainty), at 1.00 (never filled); a token with no bid
 * gets no quote. Then poll every 10 s down to T-10: a bid is filled when the token's best
 * ask is seen at or below it. One-sided fills are scored against the official outcome.
 *
 * @param data the loaded dataset.
 */
export function simulatedProbe(data: Dataset): ProbeFigures {
  const b = data.books;
  const f: ProbeFigures = { windows: data.windows, both: 0, one: 0, none: 0, oneSidedLost: 0 };
  for (let w = 0; w < data.windows; w++) {
    const quoteAt = w % 2 === 0 ? 120 : 60;
    const i0 = w * HORIZON_SECONDS + (HORIZON_SECONDS - quoteAt);
    const upQuote = joinQuote(b.upBid[i0]!, b.upAsk[i0]!);
    const downQuote = joinQuote(b.downBid[i0]!, b.downAsk[i0]!);
    let up = false;
    let down = false;
    for (let t = quoteAt - PROBE_POLL_S; t >= PROBE_LAST_POLL_T; t -= PROBE_POLL_S) {
      const i = w * HORIZON_SECONDS + (HORIZON_SECONDS - t);
      if (upQuote > 0 && b.upAsk[i] !== NO_ASK && b.upAsk[i]! <= upQuote) up = true;
      if (downQuote > 0 && b.downAsk[i] !== NO_ASK && b.downAsk[i]! <= downQuote) down = true;
    }
    if (up && down) f.both++;
    else if (up || down) {
      f.one++;
      const upWon = data.outcomeUp[w] === 1;
      if (up !== upWon) f.oneSidedLost++;
    } else f.none++;
  }
  return f;
}

/**
 * The probe's quote in ticks, 0 when it cannot fill: join the best bid. A token with no bid gets
 * no quote; a token with a bid but no ask (priced at certainty) was "improved" to 1.00 by the real
 * probe, a price nobody sells at, so it never fills.
 */
function joinQuote(bid: number, ask: number): number {
  if (bid === NO_BID || ask === NO_ASK) return 0;
  return bid;
}
