import { describe, expect, it } from 'vitest';
import {
  compileInvariant,
  mulberry32,
  neighbours,
  ParamSpecSchema,
  randomChange,
  snapToGrid,
  validateChanges,
  validateParams,
  type NumericSpec,
  type ParamSpace,
  type Params,
} from '../../orchestrator/target/index.js';

const space: ParamSpace = {
  params: {
    half_spread_base: ParamSpecSchema.parse({ type: 'float', min: 0.005, max: 0.1, step: 0.005, maxChange: 0.015 }),
    sigma: ParamSpecSchema.parse({ type: 'float', min: 0.001, max: 0.008, step: 0.0002, maxChange: 0.001 }),
    bid_size: ParamSpecSchema.parse({ type: 'int', min: 1, max: 50, maxChange: 4 }),
    total_position_cap: ParamSpecSchema.parse({ type: 'int', min: 2, max: 200, maxChange: 16 }),
    pair_cost_max: ParamSpecSchema.parse({ type: 'float', min: 0.9, max: 1.05, step: 0.005, maxChange: 0.1 }),
    fee_schedule: ParamSpecSchema.parse({ type: 'enum', values: ['rate', 'quartic'], tunable: false }),
    mode: ParamSpecSchema.parse({ type: 'enum', values: ['calm', 'normal', 'wild'] }),
    taker: ParamSpecSchema.parse({ type: 'bool' }),
  },
  invariants: [
    compileInvariant('bid_within_cap', 'bid_size <= total_position_cap'),
    compileInvariant('pair_cost_guard', 'pair_cost_max < 1.0', 'a pair bought for 1.0 or more can only lose'),
  ],
};

const current: Params = {
  half_spread_base: 0.025,
  sigma: 0.003,
  bid_size: 8,
  total_position_cap: 10,
  pair_cost_max: 0.98,
  fee_schedule: 'rate',
  mode: 'normal',
  taker: true,
  untracked_setting: 'kept',
};

function reasonOf(changes: unknown): string {
  const r = validateChanges(space, current, changes);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.reason;
}

describe('validateChanges', () => {
  it('accepts a valid change set and returns the merged params and diff', () => {
    const r = validateChanges(space, current, { half_spread_base: 0.03, bid_size: 6 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params).toEqual({ ...current, half_spread_base: 0.03, bid_size: 6 });
    expect(r.diff).toEqual([
      { param: 'half_spread_base', old: 0.025, new: 0.03 },
      { param: 'bid_size', old: 8, new: 6 },
    ]);
  });

  it('accepts the empty change set (keep current config)', () => {
    const r = validateChanges(space, current, {});
    expect(r.ok && r.diff).toEqual([]);
  });

  it('normalises float noise on the grid', () => {
    const r = validateChanges(space, current, { half_spread_base: 0.005 * 6 + 1e-17, sigma: 0.1 * 0.03 + 0.0002 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.changes.half_spread_base).toBe(0.03);
      expect(r.changes.sigma).toBe(0.0032);
    }
  });

  it('rejects an unknown parameter', () => {
    expect(reasonOf({ spread: 0.03 })).toBe("spread: unknown parameter (not in the target's space)");
  });

  it('rejects a non-tunable parameter', () => {
    expect(reasonOf({ fee_schedule: 'quartic' })).toBe('fee_schedule: not tunable (a fixed setting of the target)');
  });

  it('rejects wrong types', () => {
    expect(reasonOf({ half_spread_base: '0.03' })).toBe('half_spread_base: expected a number, got "0.03" (a string)');
    expect(reasonOf({ bid_size: 7.5 })).toBe('bid_size: expected an integer, got 7.5');
    expect(reasonOf({ taker: 1 })).toBe('taker: expected true or false, got 1');
    expect(reasonOf({ mode: 2 })).toBe('mode: expected one of calm, normal, wild, got 2');
    expect(reasonOf({ bid_size: null })).toBe('bid_size: expected an integer, got null');
  });

  it('rejects NaN and Infinity', () => {
    expect(reasonOf({ half_spread_base: Number.NaN })).toBe('half_spread_base: NaN is not a finite number');
    expect(reasonOf({ sigma: Number.POSITIVE_INFINITY })).toBe('sigma: Infinity is not a finite number');
    expect(reasonOf({ bid_size: Number.NEGATIVE_INFINITY })).toBe('bid_size: -Infinity is not a finite number');
  });

  it('rejects values outside the bounds', () => {
    expect(reasonOf({ half_spread_base: 0.2 })).toBe('half_spread_base: 0.2 is above max 0.1');
    expect(reasonOf({ bid_size: 0 })).toBe('bid_size: 0 is below min 1');
  });

  it('rejects values off the step grid, naming the nearest grid values', () => {
    expect(reasonOf({ half_spread_base: 0.0275 })).toBe(
      'half_spread_base: 0.0275 is not on the step grid (step 0.005 from 0.005; nearest 0.025 or 0.03)',
    );
  });

  it('rejects a change above maxChange', () => {
    expect(reasonOf({ half_spread_base: 0.045 })).toBe('half_spread_base: change 0.025 → 0.045 is 0.02, above maxChange 0.015');
    expect(reasonOf({ bid_size: 3 })).toBe('bid_size: change 8 → 3 is 5, above maxChange 4');
    // exactly maxChange is allowed, despite float noise (0.025 + 0.015)
    expect(validateChanges(space, current, { half_spread_base: 0.04 }).ok).toBe(true);
  });

  it('rejects enum values not in the list', () => {
    expect(reasonOf({ mode: 'crazy' })).toBe('mode: "crazy" is not one of calm, normal, wild');
  });

  it('rejects a change that violates an invariant, with the values read', () => {
    expect(reasonOf({ bid_size: 12 })).toBe('invariant bid_within_cap (bid_size <= total_position_cap) is violated: bid_size = 12, total_position_cap = 10');
    expect(reasonOf({ pair_cost_max: 1 })).toBe(
      'invariant pair_cost_guard (pair_cost_max < 1.0) is violated: pair_cost_max = 1 — a pair bought for 1.0 or more can only lose',
    );
  });

  it('reports every per-parameter problem at once', () => {
    const r = validateChanges(space, current, { nope: 1, bid_size: 'x', half_spread_base: 0.2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toEqual(['unknown_parameter', 'wrong_type', 'above_max']);
  });

  it('rejects changes that are not an object', () => {
    expect(reasonOf([1, 2])).toBe('changes must be an object of parameter → value, got an array');
    expect(reasonOf('half_spread_base=0.03')).toMatch(/^changes must be an object/);
    expect(reasonOf(null)).toMatch(/^changes must be an object/);
  });

  it('does not mutate the current params', () => {
    const before = { ...current };
    validateChanges(space, current, { half_spread_base: 0.03 });
    expect(current).toEqual(before);
  });
});

describe('validateParams', () => {
  it('checks a full config against bounds, grid and invariants without maxChange', () => {
    expect(validateParams(space, { ...current, bid_size: 50, total_position_cap: 200 }).ok).toBe(true);
    const r = validateParams(space, { ...current, bid_size: 11 });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain('bid_within_cap');
    expect(validateParams(space, { ...current, half_spread_base: 0.0033 }).ok).toBe(false);
  });
});

describe('grid helpers', () => {
  const hs = space.params.half_spread_base as NumericSpec;
  const bid = space.params.bid_size!;
  it('neighbours are ± one step, clamped to the bounds', () => {
    expect(neighbours(hs, 0.025)).toEqual([0.02, 0.03]);
    expect(neighbours(hs, 0.005)).toEqual([0.01]);
    expect(neighbours(hs, 0.1)).toEqual([0.095]);
    expect(neighbours(bid, 8)).toEqual([7, 9]);
    expect(neighbours(space.params.mode!, 'normal')).toEqual(['calm', 'wild']);
    expect(neighbours(space.params.mode!, 'calm')).toEqual(['normal']);
    expect(neighbours(space.params.taker!, true)).toEqual([false]);
  });
  it('snaps to the nearest grid value inside the bounds', () => {
    expect(snapToGrid(hs, 0.0274)).toBe(0.025);
    expect(snapToGrid(hs, 0.0276)).toBe(0.03);
    expect(snapToGrid(hs, 5)).toBe(0.1);
    expect(snapToGrid(hs, -1)).toBe(0.005);
    const odd = ParamSpecSchema.parse({ type: 'float', min: 0, max: 1, step: 0.3 });
    if (odd.type === 'float') expect(snapToGrid(odd, 1)).toBe(0.9);
  });
});

describe('randomChange', () => {
  it('gives valid changes within maxChange, reproducibly for a seed', () => {
    const a = randomChange(space, current, mulberry32(42), { params: 2 });
    const b = randomChange(space, current, mulberry32(42), { params: 2 });
    expect(a).toEqual(b);
    const rng = mulberry32(7);
    for (let i = 0; i < 300; i++) {
      const change = randomChange(space, current, rng, { params: 1 + (i % 3) });
      expect(change).toBeDefined();
      const r = validateChanges(space, current, change);
      expect(r.ok, JSON.stringify(change) + (r.ok ? '' : r.reason)).toBe(true);
      if (r.ok) expect(r.diff.length).toBeGreaterThan(0);
      expect(Object.keys(change!)).not.toContain('fee_schedule');
    }
  });
  it('respects invariants (bid_size near the cap never exceeds it)', () => {
    const tight = { ...current, bid_size: 10, total_position_cap: 10 };
    const rng = mulberry32(1);
    for (let i = 0; i < 100; i++) {
      const change = randomChange(space, tight, rng, { only: ['bid_size'] });
      expect(change!.bid_size as number).toBeLessThan(10);
    }
  });
  it('returns undefined when nothing valid exists', () => {
    const stuck: ParamSpace = { params: { x: ParamSpecSchema.parse({ type: 'int', min: 0, max: 1 }) }, invariants: [compileInvariant('never', 'x > 5')] };
    expect(randomChange(stuck, { x: 0 }, mulberry32(3), { maxAttempts: 10 })).toBeUndefined();
  });
});
