import { z } from 'zod';

/**
 * Guardrail metrics: limits that veto a decided config whatever its PnL, checked on the
 * validation windows (the in-sample windows when the target holds out none) against the metrics
 * the evaluate command reports (orchestrator/target/evaluate-protocol.ts). A guardrail whose
 * metric the target does not report vetoes too (it cannot be shown to hold). Every field is
 * optional: only the limits given are checked.
 */
export const GuardrailsSchema = z.strictObject({
  /** Veto when `maxDrawdown` (quote currency, e.g. USDC) is above this. */
  maxDrawdown: z.number().finite().nonnegative().optional(),
  /** Veto when `trades` (orders placed) is below this. */
  minTrades: z.number().int().nonnegative().optional(),
  /** Veto when `maxInventory` (shares held at any time: the exposure) is above this. */
  maxInventory: z.number().finite().nonnegative().optional(),
  /** Veto when `maxPairCost` (avg YES + avg NO cost per paired share) reaches this; 1.0 means a pair that can only lose (seed 000, iter 49). */
  maxPairCost: z.number().finite().positive().optional(),
  /** Veto when `maxOrderSize` (shares in one order) is above this (seed 000, iter 21: 1500 shares from a division by a $0.01 ask). */
  maxOrderSize: z.number().finite().positive().optional(),
});
export type Guardrails = z.infer<typeof GuardrailsSchema>;

/**
 * Live targets (a `measure` command): after a change, the config in force is watched over the
 * next `windows` live windows; when its mean PnL per window falls below the best known commit's by
 * more than `k` standard errors, the conductor reverts the config to that commit.
 */
export const LiveSafetySchema = z.strictObject({
  /** Live windows a config must have run before it is judged (and before the next change is made). Default 6. */
  windows: z.number().int().positive().default(6),
  /** Standard errors of the difference in mean PnL per window that count as a regression. Default 2. */
  k: z.number().finite().nonnegative().default(2),
  /** Skip tune iterations while the config in force has fewer than `windows` live windows (changes stay attributable). Default true. */
  holdUntilMeasured: z.boolean().default(true),
});
export type LiveSafety = z.infer<typeof LiveSafetySchema>;

/**
 * The `safety:` section of a target definition: facts about this target that the safety checks
 * need. Whether the acceptance gate runs is the settings' choice (settings `safety.acceptance`).
 */
export const TargetSafetySchema = z.strictObject({
  /**
   * Windows right before each live segment held out from the agents for the acceptance gate
   * (walk-forward: agents search on the in-sample windows before these). 0 = no validation
   * windows (no gate for this target). Only held out while the gate is on. Default 0.
   */
  validationWindows: z.number().int().nonnegative().default(0),
  /** Guardrail limits (checked while the acceptance gate is on). Default none. */
  guardrails: GuardrailsSchema.default({}),
  /** Parameters of this target no proposal may change. Default none. */
  frozen: z.array(z.string().min(1)).default([]),
  /** Largest relative change per parameter per iteration for this target (overrides the settings'). Default: the settings'. */
  maxRelativeChange: z.number().positive().optional(),
  /** Live-regression watch of a target with a `measure` command. */
  live: LiveSafetySchema.default(LiveSafetySchema.parse({})),
});
export type TargetSafety = z.infer<typeof TargetSafetySchema>;

/** A target's safety section, or the defaults when its definition has none. */
export function targetSafetyOf(target: { definition: { safety?: TargetSafety } }): TargetSafety {
  return target.definition.safety ?? TargetSafetySchema.parse({});
}
