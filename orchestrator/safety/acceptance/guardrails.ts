import { formatNumber } from '../../target/space/grid.js';
import type { Metrics } from '../../target/evaluate-protocol.js';
import type { Guardrails } from '../target-safety.js';

/** One guardrail checked on a config's metrics. */
export interface GuardrailCheck {
  /** The guardrail, e.g. `maxPairCost`. */
  name: keyof Guardrails;
  /** The metric it reads (evaluate-protocol.ts), e.g. `maxPairCost`. */
  metric: string;
  /** The metric's value, or null when the target did not report it. */
  value: number | null;
  /** The configured limit. */
  limit: number;
  ok: boolean;
  /** e.g. `maxPairCost 1.02 ≥ 1 (a pair that can only lose)`. */
  message: string;
}

/** How each guardrail reads the metrics: metric name, whether a value violates the limit, and how to say it. */
const RULES: Record<keyof Guardrails, { metric: string; violates: (value: number, limit: number) => boolean; relation: string; why: string }> = {
  maxDrawdown: { metric: 'maxDrawdown', violates: (v, l) => v > l, relation: '>', why: 'drawdown above the cap' },
  minTrades: { metric: 'trades', violates: (v, l) => v < l, relation: '<', why: 'too few trades to trust the PnL' },
  maxInventory: { metric: 'maxInventory', violates: (v, l) => v > l, relation: '>', why: 'exposure above the cap' },
  maxPairCost: { metric: 'maxPairCost', violates: (v, l) => v >= l, relation: '≥', why: 'a pair that can only lose' },
  maxOrderSize: { metric: 'maxOrderSize', violates: (v, l) => v > l, relation: '>', why: 'an order above the size cap' },
};

/**
 * Checks every configured guardrail against `metrics` (a config's metrics over the windows the
 * gate judged it on). A guardrail whose metric is missing or not a finite number fails: the
 * target cannot show it holds.
 *
 * @returns one check per configured guardrail, in a fixed order (maxDrawdown, minTrades,
 *   maxInventory, maxPairCost, maxOrderSize).
 */
export function checkGuardrails(metrics: Metrics, guardrails: Guardrails): GuardrailCheck[] {
  const out: GuardrailCheck[] = [];
  for (const name of Object.keys(RULES) as Array<keyof Guardrails>) {
    const limit = guardrails[name];
    if (limit === undefined) continue;
    const rule = RULES[name];
    const raw = (metrics as Record<string, unknown>)[rule.metric];
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    if (value === null) {
      out.push({ name, metric: rule.metric, value: null, limit, ok: false, message: `${name}: the target does not report ${rule.metric}, so the limit ${formatNumber(limit)} cannot be shown to hold` });
      continue;
    }
    const bad = rule.violates(value, limit);
    out.push({
      name,
      metric: rule.metric,
      value,
      limit,
      ok: !bad,
      message: bad ? `${name}: ${rule.metric} ${formatNumber(value)} ${rule.relation} ${formatNumber(limit)} (${rule.why})` : `${name}: ${rule.metric} ${formatNumber(value)} within ${formatNumber(limit)}`,
    });
  }
  return out;
}

/** Whether any guardrail is configured. */
export function hasGuardrails(guardrails: Guardrails): boolean {
  return Object.values(guardrails).some((v) => v !== undefined);
}
