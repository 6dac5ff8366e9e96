/**
 * Safe unattended tuning (issue 7): what stops a noisy, broken or dangerous change from staying.
 *
 * - safety-settings.ts        settings `safety:` (acceptance test, probe, step limits, self-pause)
 * - target-safety.ts          a target definition's `safety:` (validation windows, guardrails, frozen, live watch)
 * - target-safety-issues.ts   cross-field checks of that section (for the target loader)
 * - safety-policy.ts          what applies to one target: policy and the step limits of an iteration
 * - gated-windows.ts          walk-forward windows with validation windows held out from agents
 * - acceptance/               the acceptance gate: statistics, the noise test, guardrails, the gate itself
 * - probe/                    the dead-parameter probe
 * - step-limits/              frozen parameters (incl. review freezes from the run log), relative change limit
 * - live/                     live targets: the measure command's output, the regression judge
 * - failures/                 the self-pause after repeated failed iterations
 * - errors/                   SafetyError
 *
 * Budgets (cost caps, iterations per day) are in orchestrator/budget; the kill switch and the stop
 * watch that winds a running iteration down are pause sources in orchestrator/control.
 */
export * from './safety-settings.js';
export * from './target-safety.js';
export * from './safety-policy.js';
export * from './gated-windows.js';
export * from './acceptance/statistics.js';
export * from './acceptance/acceptance-test.js';
export * from './acceptance/guardrails.js';
export * from './acceptance/acceptance-gate.js';
export * from './probe/dead-param-probe.js';
export * from './step-limits/step-limits.js';
export * from './step-limits/frozen-params.js';
export * from './live/measure-command.js';
export * from './live/live-regression.js';
export * from './failures/failure-pause.js';
export * from './errors/index.js';
