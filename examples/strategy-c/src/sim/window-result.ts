/**
 * Result of one simulated window, reused across windows (no allocation per window). Money in
 * USDC, sizes in shares.
 */
export class WindowResult {
  /** settlement − cost − taker fees + maker rebates. */
  pnl = 0;
  /** Payout at settlement (winning shares × 1 USDC). */
  settlement = 0;
  /** Paid for shares, price only. */
  cost = 0;
  /** Taker fees paid. */
  fees = 0;
  /** Maker rebates earned. */
  rebates = 0;
  /** Orders placed: maker bids posted (each post or replace) and taker orders. */
  trades = 0;
  /** Maker fills. */
  makerFills = 0;
  /** Taker fills. */
  takerFills = 0;
  /** Shares bought. */
  volume = 0;
  /** Largest YES + NO shares held. */
  maxInventory = 0;
  /** Largest average pair cost seen (0 if never paired). */
  maxPairCost = 0;
  /** Largest single order, shares. */
  maxOrderSize = 0;
  /** Simulated 1-second steps. */
  steps = 0;

  reset(): void {
    this.pnl = 0;
    this.settlement = 0;
    this.cost = 0;
    this.fees = 0;
    this.rebates = 0;
    this.trades = 0;
    this.makerFills = 0;
    this.takerFills = 0;
    this.volume = 0;
    this.maxInventory = 0;
    this.maxPairCost = 0;
    this.maxOrderSize = 0;
    this.steps = 0;
  }
}
