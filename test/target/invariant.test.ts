import { describe, expect, it } from 'vitest';
import { checkInvariant, compileInvariant, invariantParams, InvariantSyntaxError, parseInvariantExpression } from '../../orchestrator/target/index.js';

const holds = (expr: string, params: Record<string, number | string | boolean>) => checkInvariant(compileInvariant('t', expr), params);

describe('invariant expressions', () => {
  it('evaluates comparisons, arithmetic, logic and functions', () => {
    const p = { a: 2, b: 3, c: 0.5, mode: 'rate', on: true };
    expect(holds('a < b', p).ok).toBe(true);
    expect(holds('a + b * 2 == 8', p).ok).toBe(true);
    expect(holds('(a + b) * 2 == 10', p).ok).toBe(true);
    expect(holds('-a + 5 == b', p).ok).toBe(true);
    expect(holds('0 < c <= 1', p).ok).toBe(true);
    expect(holds('0 < c < 0.5', p).ok).toBe(false);
    expect(holds("mode == 'rate' and on", p).ok).toBe(true);
    expect(holds('mode == "quartic" || a >= 2', p).ok).toBe(true);
    expect(holds('!on || a > 100', p).ok).toBe(false);
    expect(holds('not (a > b)', p).ok).toBe(true);
    expect(holds('abs(a - b) == 1 && max(a, b, 7) == 7 && min(a, b) == 2', p).ok).toBe(true);
    expect(holds('b % a == 1', p).ok).toBe(true);
    expect(holds('1e-3 < c', p).ok).toBe(true);
  });

  it('reports type errors, missing parameters and non-boolean results as violations', () => {
    expect(holds("mode < 3", { mode: 'rate' })).toEqual({ ok: false, reason: 'invariant t (mode < 3) cannot be evaluated: operator < needs a number, got "rate"' });
    expect(holds('a < b', { a: 1 })).toEqual({ ok: false, reason: 'invariant t (a < b) cannot be evaluated: parameter b has no value' });
    expect(holds('a + 1', { a: 1 }).ok).toBe(false);
    expect(holds('a / b < 1', { a: 1, b: 0 }).ok).toBe(false);
    expect(holds("mode == 1", { mode: 'rate' }).ok).toBe(false);
  });

  it('rejects syntax errors with a column, and never evaluates code', () => {
    const bad = ['', 'a <', 'a = b', 'a & b', 'a < b)', '(a < b', 'process.exit(1)', 'a < b; 1', "'open", 'and', 'abs(a, b)'];
    for (const text of bad) expect(() => parseInvariantExpression(text), text).toThrow(InvariantSyntaxError);
    expect(() => parseInvariantExpression('a = b')).toThrow("unexpected character '=' (use '==' to compare) at column 3");
  });

  it('lists the parameters an expression reads', () => {
    expect(invariantParams(parseInvariantExpression('bid_size <= total_position_cap && max(bid_size, x) > 0'))).toEqual(['bid_size', 'total_position_cap', 'x']);
  });
});
