import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import type { Target } from '../target/definition/target.js';
import { tunableParams } from '../target/space/param-space.js';
import type { AcceptanceSettings, SafetySettings } from './safety-settings.js';
import { safetySettingsOf } from './safety-settings.js';
import { frozenByReviews, mergeFrozen } from './step-limits/frozen-params.js';
import type { StepLimits } from './step-limits/step-limits.js';
import type { Guardrails, LiveSafety } from './target-safety.js';
import { targetSafetyOf } from './target-safety.js';

/** The safety checks that apply to one target under the settings (fixed for a conductor's life). */
export interface SafetyPolicy {
  /** The acceptance test (`method: 'off'`: no gate, no guardrails). */
  acceptance: AcceptanceSettings;
  /** Windows held out before each live segment: the target's validationWindows while the gate is on, else 0. */
  validationWindows: number;
  /** Guardrail limits (checked while the gate is on). */
  guardrails: Guardrails;
  /** Run the dead-parameter probe on each decided change. */
  probe: boolean;
  /** The live-regression watch, for a target with a measure command; null otherwise. */
  live: LiveSafety | null;
  /** Pause the target after this many failed iterations in a row; undefined: never. */
  maxConsecutiveFailures?: number;
  /** How often a running iteration looks for a pause or the kill switch, ms. */
  stopPollMs: number;
}

/**
 * The safety policy of `target` under `settings`: the settings decide whether the acceptance gate
 * and the probe run (`safety:`), the target says what to hold out and which limits apply (its
 * definition's `safety:`).
 */
export function safetyPolicy(settings: { safety?: SafetySettings }, target: Target): SafetyPolicy {
  const s = safetySettingsOf(settings);
  const t = targetSafetyOf(target);
  const gateOn = s.acceptance.method !== 'off';
  return {
    acceptance: s.acceptance,
    validationWindows: gateOn ? t.validationWindows : 0,
    guardrails: t.guardrails,
    probe: s.deadParameterProbe,
    live: target.measure ? t.live : null,
    ...(s.maxConsecutiveFailures !== undefined ? { maxConsecutiveFailures: s.maxConsecutiveFailures } : {}),
    stopPollMs: s.stopPollMs,
  };
}

/**
 * The step limits of the next iteration: frozen parameters from the settings, the target and the
 * review iterations in `records` (the run log), and the relative change limit (the target's, else
 * the settings').
 */
export function stepLimitsFor(settings: { safety?: SafetySettings }, target: Target, records: readonly IterationRecord[]): StepLimits {
  const s = safetySettingsOf(settings);
  const t = targetSafetyOf(target);
  const frozen = mergeFrozen(
    tunableParams(target.space),
    s.frozen.map((param) => ({ param, by: 'settings' })),
    t.frozen.map((param) => ({ param, by: 'target definition' })),
    frozenByReviews(records),
  );
  const maxRelativeChange = t.maxRelativeChange ?? s.maxRelativeChange;
  return { frozen, ...(maxRelativeChange !== undefined ? { maxRelativeChange } : {}) };
}
