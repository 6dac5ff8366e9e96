import { describe, expect, it } from 'vitest';
import { ParamError } from '../../examples/strategy-c/src/errors/param-error.js';
import { defaultParams, PARAM_NAMES, PARAM_SPECS } from '../../examples/strategy-c/src/params/param-specs.js';
import { parseParams } from '../../examples/strategy-c/src/params/parse-params.js';

function codeOf(input: Record<string, unknown>): string {
  try {
    parseParams(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ParamError);
    return (err as ParamError).code;
  }
  return 'ok';
}

describe('parameters', () => {
  it('defaults are the seed’s iteration-55 values', () => {
    expect(defaultParams()).toMatchObject({
      sigma: 0.003,
      fv_blend_weight: 0.6,
      ema_alpha: 0.05,
      ema_suppress_band: 0.1,
      half_spread_base: 0.025,
      bid_size: 8,
      max_unpaired: 8,
      total_position_cap: 24,
      order_cooldown: 3,
      taker_min_edge: 0.05,
      max_bid_premium: 0.03,
      abs_bid_ceiling: 0.72,
      pair_cost_max: 0.98,
      quote_cutoff: 30,
      fee_schedule: 'rate',
      fee_rate: 0.07,
      rebate_share: 0.2,
    });
  });

  it('fills a partial set from the defaults', () => {
    const p = parseParams({ sigma: 0.002, fee_schedule: 'quartic' });
    expect(p.sigma).toBe(0.002);
    expect(p.fee_schedule).toBe('quartic');
    expect(p.bid_size).toBe(8);
  });

  it('accepts every limit and refuses just outside it', () => {
    for (const name of PARAM_NAMES) {
      const spec = PARAM_SPECS[name];
      if (spec.kind === 'enum') continue;
      expect(codeOf({ [name]: spec.min })).toBe('ok');
      expect(codeOf({ [name]: spec.max })).toBe('ok');
      const step = spec.kind === 'int' ? 1 : 1e-9;
      expect(codeOf({ [name]: spec.min - step })).toBe('out_of_range');
      expect(codeOf({ [name]: spec.max + step })).toBe('out_of_range');
    }
  });

  it('refuses unknown names, non-finite numbers, wrong types, fractions for integers and unknown enum values', () => {
    expect(codeOf({ sigmaa: 0.003 })).toBe('unknown_parameter');
    expect(codeOf({ sigma: Number.NaN })).toBe('invalid_value');
    expect(codeOf({ sigma: Infinity })).toBe('invalid_value');
    expect(codeOf({ sigma: '0.003' })).toBe('invalid_value');
    expect(codeOf({ sigma: null })).toBe('invalid_value');
    expect(codeOf({ bid_size: 8.5 })).toBe('invalid_value');
    expect(codeOf({ bid_size: -8 })).toBe('out_of_range');
    expect(codeOf({ fee_schedule: 'flat' })).toBe('invalid_value');
    expect(codeOf({ fee_schedule: 1 })).toBe('invalid_value');
    expect(codeOf({ quote_cutoff: true })).toBe('invalid_value');
  });

  it('validates an ignored parameter but uses its default', () => {
    const p = parseParams({ sigma: 0.001 }, new Set(['sigma']));
    expect(p.sigma).toBe(0.003);
    expect(() => parseParams({ sigma: -1 }, new Set(['sigma']))).toThrow(ParamError);
  });
});
