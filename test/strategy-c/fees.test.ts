import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATA_FILES, defaultDataDir } from '../../examples/strategy-c/src/data/files.js';
import { makerRebatePerShare, takerFeePerShare } from '../../examples/strategy-c/src/model/fees.js';

describe('fee schedules', () => {
  it('rate: fee_rate · p · (1 − p) per share (hand-computed)', () => {
    expect(takerFeePerShare(0.5, false, 0.07)).toBeCloseTo(0.0175, 15); // 0.07 · 0.25
    expect(takerFeePerShare(0.3, false, 0.07)).toBeCloseTo(0.0147, 15); // 0.07 · 0.21
    expect(takerFeePerShare(0.9, false, 0.07)).toBeCloseTo(0.0063, 15); // 0.07 · 0.09
    expect(takerFeePerShare(0.3, false, 0.1)).toBeCloseTo(0.021, 15);
    expect(takerFeePerShare(0, false, 0.07)).toBe(0);
    expect(takerFeePerShare(1, false, 0.07)).toBe(0);
  });

  it('quartic: 0.25 · (p · (1 − p))² per share, whatever fee_rate says (hand-computed)', () => {
    expect(takerFeePerShare(0.5, true, 0.07)).toBeCloseTo(0.015625, 15); // 0.25 · 0.0625
    expect(takerFeePerShare(0.3, true, 0.07)).toBeCloseTo(0.011025, 15); // 0.25 · 0.0441
    expect(takerFeePerShare(0.9, true, 0.5)).toBeCloseTo(0.002025, 15); // 0.25 · 0.0081
    expect(takerFeePerShare(0, true, 0.07)).toBe(0);
  });

  it('maker rebate is rebate_share × the taker fee at the fill price', () => {
    expect(makerRebatePerShare(0.5, false, 0.07, 0.2)).toBeCloseTo(0.0035, 15);
    expect(makerRebatePerShare(0.3, true, 0.07, 0.2)).toBeCloseTo(0.002205, 15);
    expect(makerRebatePerShare(0.3, false, 0.07, 0)).toBe(0);
  });

  it('reproduces the rebate of every filled side of the real maker probe (0.2 × 0.07 × q × (1 − q))', () => {
    const text = gunzipSync(readFileSync(path.join(defaultDataDir(), DATA_FILES.makerProbe))).toString('utf8');
    let checked = 0;
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      const w = JSON.parse(line) as { sides: Record<string, { quote: number | null; filled: boolean; rebate?: number }> };
      for (const side of Object.values(w.sides)) {
        if (!side.filled || side.quote === null || side.rebate === undefined) continue;
        // the probe rounded its rebate to 5 decimals
        expect(Math.abs(makerRebatePerShare(side.quote, false, 0.07, 0.2) - side.rebate)).toBeLessThan(6e-6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
