import { z } from 'zod';

/**
 * How the acceptance gate judges a decided change on the validation windows (backtested targets
 * whose definition holds out `safety.validationWindows`): `mad` — keep the change when the mean
 * per-window PnL difference (decided − current) exceeds `k` robust standard errors (1.4826 × MAD
 * of the differences / √n; the sample standard deviation when the MAD is 0); `bootstrap` — keep it
 * when the `confidence` lower bound of the mean difference, from `resamples` seeded bootstrap
 * resamples, is above 0; `off` — no gate: every decided change is kept (and no guardrail runs).
 */
export const AcceptanceSettingsSchema = z.strictObject({
  /** `mad`, `bootstrap` or `off`. Default `off` (the shipped config/itercrew.yaml turns it on: `mad`). */
  method: z.enum(['mad', 'bootstrap', 'off']).default('off'),
  /** mad: how many robust standard errors the mean difference must exceed. Default 2. */
  k: z.number().finite().nonnegative().default(2),
  /** bootstrap: one-sided confidence that the mean difference is positive. Default 0.95. */
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  /** bootstrap: number of resamples (seeded by the iteration id, so a re-run judges the same). Default 2000. */
  resamples: z.number().int().min(100).max(100_000).default(2_000),
});
export type AcceptanceSettings = z.infer<typeof AcceptanceSettingsSchema>;

/**
 * Safety settings (`safety:` in the settings file): the operator's policy for unattended tuning.
 * Per-target facts (validation windows, guardrail limits, live regression windows, frozen
 * parameters of the target) are in the target definition's `safety:` section
 * (orchestrator/safety/target-safety.ts). Agent cost caps and iterations per day are in `budget:`.
 * Every default keeps the plain pipeline; config/itercrew.yaml turns the checks on.
 */
export const SafetySettingsSchema = z.strictObject({
  /** The acceptance gate on validation windows, with the target's guardrails. Default off. */
  acceptance: AcceptanceSettingsSchema.default(AcceptanceSettingsSchema.parse({})),
  /**
   * Dead-parameter probe: for each parameter an iteration changed, the decided config is
   * evaluated at ± one step of it on the in-sample windows; a parameter that moves no metric is
   * flagged "parameter appears to have no effect". Default false.
   */
  deadParameterProbe: z.boolean().default(false),
  /**
   * Largest change of a numeric parameter in one iteration relative to its current value (0.25 =
   * ±25 %; when the current value is 0, relative to the parameter's range). Proposals beyond it
   * are rejected with the reason. Default: no relative limit (the space's maxChange still applies).
   */
  maxRelativeChange: z.number().positive().optional(),
  /** Parameters no proposal may change, for every target (the target's own list and review freezes add to it). Default none. */
  frozen: z.array(z.string().min(1)).default([]),
  /**
   * After this many failed iterations in a row the target pauses itself (`itercrew status` shows
   * source `failures`; `itercrew resume` lifts it). Default: never.
   */
  maxConsecutiveFailures: z.number().int().positive().optional(),
  /** How often a running iteration checks for a pause or the kill switch, ms (it then winds down). Default 200. */
  stopPollMs: z.number().int().min(20).max(1_000).default(200),
});
export type SafetySettings = z.infer<typeof SafetySettingsSchema>;

/** The settings' `safety` section, tolerating hand-built settings objects without it (library use, tests). */
export function safetySettingsOf(settings: { safety?: SafetySettings }): SafetySettings {
  return settings.safety ?? SafetySettingsSchema.parse({});
}
