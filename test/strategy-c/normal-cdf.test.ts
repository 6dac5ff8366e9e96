import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../examples/strategy-c/src/math/normal-cdf.js';

// Reference values of the standard normal CDF, 0.5·erfc(−x/√2) in double precision.
const KNOWN: Array<[number, number]> = [
  [0, 0.5],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145707],
  [-1.96, 0.024997895148220435],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [-3, 0.0013498980316301035],
  [0.5, 0.6914624612740131],
  [-0.3, 0.3820885778110474],
  [2.326, 0.9899907246591323],
  [0.01, 0.5039893563146316],
  [-5, 2.866515718791946e-7],
  [6, 0.9999999990134123],
];

/** Φ by numerical integration of the density (Simpson, fine grid): an independent reference. */
function phiBySimpson(x: number): number {
  const a = -12;
  const n = 200_000;
  const h = (x - a) / n;
  const f = (u: number): number => Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(x);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (s * h) / 3;
}

describe('normalCdf (Abramowitz & Stegun 26.2.17)', () => {
  it.each(KNOWN)('Φ(%d) matches the reference within 7.5e-8', (x, want) => {
    expect(Math.abs(normalCdf(x) - want)).toBeLessThan(7.5e-8);
  });

  it('stays within 7.5e-8 of an independent numerical integral across [-8, 8]', () => {
    let worst = 0;
    for (let x = -8; x <= 8; x += 0.37) worst = Math.max(worst, Math.abs(normalCdf(x) - phiBySimpson(x)));
    expect(worst).toBeLessThan(7.5e-8);
    // and it is an approximation, not an exact copy: the error is not zero
    expect(worst).toBeGreaterThan(1e-10);
  });

  it('is symmetric, monotone and bounded', () => {
    let prev = -1;
    for (let x = -10; x <= 10; x += 0.01) {
      const v = normalCdf(x);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(v).toBeGreaterThanOrEqual(prev);
      expect(Math.abs(v + normalCdf(-x) - 1)).toBeLessThan(1e-15);
      prev = v;
    }
  });

  it('handles infinities and NaN', () => {
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});
