import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../examples/strategy-c/src/math/normal-cdf.js';
import { blendedFairValue } from '../../examples/strategy-c/src/model/blended-fair-value.js';
import { emaStep, suppressNo, suppressYes } from '../../examples/strategy-c/src/model/ema-suppression.js';
import { brownianFairValue, displacement } from '../../examples/strategy-c/src/model/fair-value.js';

describe('Brownian fair value P(Up) = Φ(d / (σ·√(t/300)))', () => {
  it('computes the seed formula', () => {
    // d = 0.1 %, σ = 0.3 %, a full window left: z = 1/3.
    expect(brownianFairValue(0.001, 0.003, 300)).toBeCloseTo(normalCdf(1 / 3), 15);
    // within A&S's 7.5e-8 of the exact Φ(1/3) = 0.6305586598…
    expect(Math.abs(brownianFairValue(0.001, 0.003, 300) - 0.6305586598182363)).toBeLessThan(7.5e-8);
    // a quarter of the window left doubles z: Φ(2/3)
    expect(Math.abs(brownianFairValue(0.001, 0.003, 75) - 0.7475074624530771)).toBeLessThan(7.5e-8);
    expect(Math.abs(brownianFairValue(-0.001, 0.003, 75) - (1 - 0.7475074624530771))).toBeLessThan(7.5e-8);
  });

  it('is 0.5 at the strike and symmetric in d', () => {
    expect(Math.abs(brownianFairValue(0, 0.003, 120) - 0.5)).toBeLessThan(7.5e-8);
    for (const d of [1e-5, 3e-4, 0.002]) {
      expect(brownianFairValue(d, 0.002, 60) + brownianFairValue(-d, 0.002, 60)).toBeCloseTo(1, 12);
    }
  });

  it('tends to the outcome as t → 0 and is decided at t = 0 (Up wins ties)', () => {
    expect(brownianFairValue(1e-4, 0.003, 1e-9)).toBeCloseTo(1, 12);
    expect(brownianFairValue(-1e-4, 0.003, 1e-9)).toBeCloseTo(0, 12);
    expect(brownianFairValue(1e-4, 0.003, 0)).toBe(1);
    expect(brownianFairValue(-1e-4, 0.003, 0)).toBe(0);
    expect(brownianFairValue(0, 0.003, 0)).toBe(1);
    expect(brownianFairValue(-1e-4, 0, 100)).toBe(0);
    expect(brownianFairValue(-1e-4, 0.003, -5)).toBe(0);
    expect(brownianFairValue(Number.NaN, 0.003, 0)).toBeNaN();
    expect(brownianFairValue(1e-4, Number.NaN, 10)).toBeNaN();
  });

  it('grows less certain with more time or more volatility', () => {
    expect(brownianFairValue(5e-4, 0.003, 30)).toBeGreaterThan(brownianFairValue(5e-4, 0.003, 300));
    expect(brownianFairValue(5e-4, 0.001, 100)).toBeGreaterThan(brownianFairValue(5e-4, 0.003, 100));
  });

  it('displacement is price / strike − 1', () => {
    expect(displacement(63304.2, 63304.2)).toBe(0);
    expect(displacement(101, 100)).toBeCloseTo(0.01, 15);
  });
});

describe('blended fair value', () => {
  it('weights coordinator_fv by w and book mid + brownian_delta by 1 − w', () => {
    expect(blendedFairValue(0.7, 0.5, 0.02, 0.6)).toBeCloseTo(0.6 * 0.7 + 0.4 * 0.52, 15);
    expect(blendedFairValue(0.7, 0.5, 0.02, 1)).toBeCloseTo(0.7, 15);
    expect(blendedFairValue(0.7, 0.5, 0.02, 0)).toBeCloseTo(0.52, 15);
  });

  it('clamps the book term to [0, 1]', () => {
    expect(blendedFairValue(0.9, 0.95, 0.2, 0)).toBe(1);
    expect(blendedFairValue(0.1, 0.05, -0.2, 0.5)).toBeCloseTo(0.05, 15);
  });
});

describe('EMA suppression', () => {
  it('starts at the first value and moves by alpha', () => {
    let e = emaStep(Number.NaN, 0.6, 0.05);
    expect(e).toBe(0.6);
    e = emaStep(e, 0.4, 0.05);
    expect(e).toBeCloseTo(0.6 + 0.05 * (0.4 - 0.6), 15);
  });

  it('suppresses the YES bid when the EMA argues Down, the NO bid when it argues Up (not inverted, iterations 45–46)', () => {
    expect(suppressYes(0.35, 0.1)).toBe(true);
    expect(suppressNo(0.35, 0.1)).toBe(false);
    expect(suppressNo(0.65, 0.1)).toBe(true);
    expect(suppressYes(0.65, 0.1)).toBe(false);
    expect(suppressYes(0.45, 0.1)).toBe(false);
    expect(suppressNo(0.55, 0.1)).toBe(false);
  });
});
