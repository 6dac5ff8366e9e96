import { z } from 'zod';
import { defineEvent, ParamChangeSchema, SegmentSchema } from './event-base.js';

const finite = z.number().finite();

/** One guardrail as the acceptance gate checked it (orchestrator/safety/acceptance/guardrails.ts). */
export const GuardrailCheckSchema = z.looseObject({
  name: z.string(),
  metric: z.string(),
  /** The metric's value, null when the target did not report it. */
  value: finite.nullable(),
  limit: finite,
  ok: z.boolean(),
  message: z.string(),
});

/**
 * The acceptance gate judged a decided change: on validation windows no agent saw, the per-window
 * differences of the objective (decided − current) against the noise, and the guardrails on the
 * decided config. `kept: false` means the change was discarded and reverted (see config_reverted).
 */
export const AcceptanceCheckedSchema = defineEvent('acceptance_checked', {
  kept: z.boolean(),
  /** Why, for people: the verdict, vetoing guardrails, or why the change could not be judged. */
  reason: z.string(),
  /** `mad` or `bootstrap` (absent when no noise test ran). */
  method: z.enum(['mad', 'bootstrap']).optional(),
  validation: SegmentSchema.optional(),
  /** Windows judged. */
  n: z.number().int().nonnegative().optional(),
  /** Mean per-window difference decided − current of the objective (oriented: higher is better), e.g. USDC per window. */
  meanDiff: finite.optional(),
  /** Robust standard deviation of the differences and which estimator gave it (`mad` or `sd`). */
  sd: finite.optional(),
  sdEstimator: z.string().optional(),
  /** sd / √n. */
  standardError: finite.optional(),
  /** mad: k × standardError, the margin the mean difference had to exceed. */
  threshold: finite.optional(),
  k: finite.optional(),
  /** bootstrap: one-sided confidence, resamples, the lower bound of the mean difference, the seed. */
  confidence: finite.optional(),
  resamples: z.number().int().optional(),
  lowerBound: finite.optional(),
  seed: z.number().int().optional(),
  perWindowDiff: z.array(finite).optional(),
  /** Objective of the decided and of the current config over the validation windows. */
  decidedValue: finite.optional(),
  currentValue: finite.optional(),
  guardrails: z.array(GuardrailCheckSchema),
  guardrailWindows: SegmentSchema.optional(),
});

/**
 * The config was put back with a new commit (history keeps both): `by` `gate` (the acceptance
 * gate discarded the decided change: `reverted` is the undone commit), `deploy` (a failed deploy),
 * `review` (a review iteration's "revert to commit X": `restored` is X) or `live` (a live
 * regression: `restored` is the best known commit).
 */
export const ConfigRevertedSchema = defineEvent('config_reverted', {
  /** The new commit. */
  commit: z.string().min(1),
  /** Who asked for it: gate, deploy, review, live. */
  by: z.string().min(1),
  /** The commit undone (git revert), if any. */
  reverted: z.string().optional(),
  /** The commit whose config was restored, if any. */
  restored: z.string().optional(),
  /** param: old → new of the new commit. */
  diff: z.array(ParamChangeSchema),
  reason: z.string(),
});

/** The dead-parameter probe found a changed parameter that moves no metric at ± one step. */
export const ParameterFlaggedSchema = defineEvent('parameter_flagged', {
  param: z.string().min(1),
  /** `no_effect`. */
  flag: z.string().min(1),
  message: z.string(),
  decidedValue: z.union([z.number(), z.string(), z.boolean()]),
  /** The objective metric's name and its value at the decided config on the probe windows. */
  metric: z.string(),
  decidedMetric: finite,
  probes: z.array(z.looseObject({ value: z.union([z.number(), z.string(), z.boolean()]), metric: finite })),
  windows: SegmentSchema,
});

/**
 * A live target's regression watch looked at the live windows of the config in force (the
 * target's measure command): enough windows or not, its mean PnL per window against the best known
 * commit's, and whether that is a regression (then the config is restored to the best commit).
 */
export const LiveCheckedSchema = defineEvent('live_checked', {
  /** The commit whose config is in force. */
  commit: z.string().min(1),
  /** Live windows it has run. */
  windows: z.number().int().nonnegative(),
  /** Windows a config must run before it is judged. */
  required: z.number().int().positive(),
  /** Its mean PnL per live window, if it ran any. */
  meanPnl: finite.nullable(),
  /** The best known commit (highest mean PnL per window over at least `required` windows). */
  best: z.looseObject({ commit: z.string(), windows: z.number().int(), meanPnl: finite }).nullable(),
  /** The margin: k × standard error of the difference. */
  threshold: finite.nullable(),
  regression: z.boolean(),
  reason: z.string(),
});
