import { beforeAll, describe, expect, it } from 'vitest';
import type { BookShapeFigures, ProbeFigures } from '../../examples/strategy-c/src/calibration/figures.js';
import { realBookShape, realProbe } from '../../examples/strategy-c/src/calibration/real-figures.js';
import { simulatedBookShape, simulatedProbe } from '../../examples/strategy-c/src/calibration/simulated-figures.js';
import { loadDataset } from '../../examples/strategy-c/src/data/dataset.js';

/**
 * The simulated book and fill model against the real houssem98 samples (bundled copies).
 *
 * How the tolerances are set. Each figure is a proportion p̂ from n_real real samples and
 * n_sim simulated ones (one per bundled window, 551). If the simulator were exactly right,
 * their difference would have a standard error of
 *     se = √( p(1 − p) · (1/n_real + 1/n_sim) ),
 * so we allow 3·se (a 0.3 % false-alarm rate per figure) plus an allowance for the fact that
 * the data days differ: the real book was sampled on 2026-07-24…27, our windows replay
 * 2026-06-08 and 2026-07-24, whose volatility differs (realized 5-minute σ ≈ 0.17 % and
 * 0.09 %), and the share of decided (one-sided) books depends on it.
 * - probe outcomes (both / one / none filled): n_real = 196 → se ≈ 0.03–0.04, allowance 0.02;
 * - one-tick spread and bid sum 0.99 (T-120…T-60, two-sided books): n_real = 518, these are
 *   properties of the book's quoting, not of the days → allowance 0.01;
 * - two-sided share at each ladder offset: n_real ≈ 203 → se ≈ 0.04, allowance 0.03;
 * - the filled side of a one-sided fill lost in 99/100 real cases (Wilson 95 % interval
 *   0.946–0.998): the simulator must be at 0.90 or above.
 */

let real: { book: BookShapeFigures; probe: ProbeFigures };
let sim: { book: BookShapeFigures; probe: ProbeFigures };

beforeAll(() => {
  const data = loadDataset();
  real = { book: realBookShape(), probe: realProbe() };
  sim = { book: simulatedBookShape(data), probe: simulatedProbe(data) };
  // Printed so a run of the suite shows the figures next to each other.
  console.log(JSON.stringify({ real, sim }));
});

function tolerance(p: number, nReal: number, nSim: number, allowance: number): number {
  return 3 * Math.sqrt(Math.max(p * (1 - p), 0.01) * (1 / nReal + 1 / nSim)) + allowance;
}

function expectClose(label: string, simP: number, realP: number, nReal: number, nSim: number, allowance: number): void {
  const tol = tolerance(realP, nReal, nSim, allowance);
  expect(Math.abs(simP - realP), `${label}: sim ${simP.toFixed(3)} vs real ${realP.toFixed(3)} (±${tol.toFixed(3)})`).toBeLessThanOrEqual(tol);
}

describe('calibration: the real figures (bundled houssem98 files)', () => {
  it('are the ones the data README states', () => {
    expect(real.probe).toEqual({ windows: 196, both: 65, one: 100, none: 31, oneSidedLost: 99 });
    expect(real.book.oneTickSpread).toBeGreaterThan(0.95);
    expect(real.book.bidSum99).toBeGreaterThan(0.88);
    expect(real.book.bidSum99).toBeLessThan(0.92);
    expect(real.book.twoSidedByOffset[10]).toBe(0);
  });
});

describe('calibration: simulated book shape vs real', () => {
  it('one-tick spread at T-120…T-60', () => {
    expectClose('one-tick spread', sim.book.oneTickSpread, real.book.oneTickSpread, real.book.samples, sim.book.samples, 0.01);
  });

  it('Up bid + Down bid = 0.99 at T-120…T-60', () => {
    expectClose('bid sum 0.99', sim.book.bidSum99, real.book.bidSum99, real.book.samples, sim.book.samples, 0.01);
  });

  it('two-sided book share at every ladder offset', () => {
    for (const off of [120, 90, 60, 45, 30, 20, 10]) {
      expectClose(`two-sided at T-${off}`, sim.book.twoSidedByOffset[off]!, real.book.twoSidedByOffset[off]!, 203, 551, 0.03);
    }
  });

  it('thins after T-30 and is essentially gone by T-10', () => {
    expect(sim.book.twoSidedByOffset[20]!).toBeLessThan(0.5 * sim.book.twoSidedByOffset[30]!);
    expect(sim.book.twoSidedByOffset[10]!).toBeLessThanOrEqual(0.02);
  });
});

describe('calibration: the maker probe on the simulator vs real', () => {
  it('both / one / none filled', () => {
    const n = sim.probe.windows;
    const r = real.probe;
    expectClose('both filled', sim.probe.both / n, r.both / r.windows, r.windows, n, 0.02);
    expectClose('one filled', sim.probe.one / n, r.one / r.windows, r.windows, n, 0.02);
    expectClose('none filled', sim.probe.none / n, r.none / r.windows, r.windows, n, 0.02);
  });

  it('a one-sided fill is adversely selected: the filled side loses', () => {
    expect(sim.probe.one).toBeGreaterThan(50);
    expect(sim.probe.oneSidedLost / sim.probe.one).toBeGreaterThanOrEqual(0.9);
  });
});
