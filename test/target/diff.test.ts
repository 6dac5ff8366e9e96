import { describe, expect, it } from 'vitest';
import { applyParamChanges, diffParams, formatParamsDiff } from '../../orchestrator/target/index.js';

describe('params diff', () => {
  it('lists changed, added and removed parameters in order', () => {
    const before = { half_spread_base: 0.025, bid_size: 8, sigma: 0.003, mode: 'rate', gone: true };
    const after = { half_spread_base: 0.03, bid_size: 6, sigma: 0.003, mode: 'quartic', added: 1 };
    const diff = diffParams(before, after);
    expect(diff).toEqual([
      { param: 'half_spread_base', old: 0.025, new: 0.03 },
      { param: 'bid_size', old: 8, new: 6 },
      { param: 'mode', old: 'rate', new: 'quartic' },
      { param: 'gone', old: true, new: null },
      { param: 'added', old: null, new: 1 },
    ]);
    expect(formatParamsDiff(diff)).toBe('half_spread_base: 0.025 → 0.03, bid_size: 8 → 6, mode: rate → quartic, gone: true → (unset), added: (unset) → 1');
    expect(applyParamChanges(before, diff)).toEqual(after);
  });
  it('is empty for equal params', () => {
    expect(diffParams({ a: 1, b: 'x' }, { b: 'x', a: 1 })).toEqual([]);
    expect(formatParamsDiff([])).toBe('no change');
  });
});
