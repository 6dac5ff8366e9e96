import type { CandidateResult, EvaluateRunner } from '../../target/evaluate/evaluate-runner.js';
import type { Metrics, Params, WindowRange } from '../../target/evaluate-protocol.js';
import type { ParamSpace } from '../../target/space/param-space.js';
import { planProbe, judgeProbe, type ProbeFlag } from '../probe/dead-param-probe.js';
import type { AcceptanceSettings } from '../safety-settings.js';
import type { Guardrails } from '../target-safety.js';
import { judgeDifferences, type AcceptanceVerdict } from './acceptance-test.js';
import { checkGuardrails, hasGuardrails, type GuardrailCheck } from './guardrails.js';

/** What the gate is asked to judge (one decided change of one iteration). */
export interface GateInput {
  /** The config in force before the change (at the iteration's base commit). */
  current: Params;
  /** The config the decision committed. */
  decided: Params;
  /** Parameters the decision changed. */
  changed: readonly string[];
  space: ParamSpace;
  objective: { metric: string; direction: 'maximise' | 'minimise' };
  /** Windows no agent saw, before the live segment; absent when the target holds none out. */
  validation?: WindowRange;
  /** The agents' in-sample windows (the probe's windows; the guardrails' when there are no validation windows). */
  inSample: WindowRange;
  /** The acceptance test (`off`: no gate and no guardrails). */
  acceptance: AcceptanceSettings;
  guardrails: Guardrails;
  /** Run the dead-parameter probe. */
  probe: boolean;
  /** Seed of the bootstrap (from the iteration id). */
  seed: number;
}

/** What the gate found. */
export interface GateOutcome {
  /** Null when no acceptance check ran (gate off, or nothing to judge it on). */
  acceptance: null | {
    /** True: keep the decided change. False: discard it (revert). */
    kept: boolean;
    /** Why, for people (the verdict, the vetoing guardrails, or why it could not be judged). */
    reason: string;
    /** The noise test on the validation windows (absent without validation windows or when it could not run). */
    verdict?: AcceptanceVerdict;
    validation?: WindowRange;
    /** Per-window differences decided − current of the objective (oriented: higher is better). */
    perWindowDiff?: number[];
    /** Objective of the decided and the current config over the validation windows. */
    decidedValue?: number;
    currentValue?: number;
    /** Guardrails checked on the decided config, and the windows they were checked on. */
    guardrails: GuardrailCheck[];
    guardrailWindows?: WindowRange;
    /** The decided config's metrics on those windows. */
    decidedMetrics?: Metrics;
  };
  /** Parameters the probe found to have no effect. */
  flags: ProbeFlag[];
  /** True when the probe ran (and could judge at least the decided config). */
  probed: boolean;
  /** Evaluate calls made and their wall time, ms. */
  evaluateCalls: number;
  evalMs: number;
}

const num = (m: Metrics | undefined, metric: string): number | undefined => {
  const v = (m as Record<string, unknown> | undefined)?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * The acceptance gate, guardrails and dead-parameter probe of one decided change, in one evaluate
 * batch (one process start): decided and current config on the validation windows (per-window
 * objective from `metrics.perWindow` when the objective is pnl; otherwise — or when a target does
 * not report perWindow — a second batch with one request per window), the guardrails on the
 * decided config's metrics over the validation windows (the in-sample windows when there are
 * none), and the probe points on the in-sample windows.
 *
 * Conservative: a decided or current config the target refuses, or a failed evaluate batch,
 * discards the change (it cannot be shown to help). The probe is left out then.
 *
 * @throws the evaluate error only when `signal` aborted.
 */
export async function runAcceptanceGate(evaluator: EvaluateRunner, input: GateInput, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<GateOutcome> {
  const gateOn = input.acceptance.method !== 'off';
  const guardrailsOn = gateOn && hasGuardrails(input.guardrails);
  const judged = gateOn && input.validation !== undefined;
  const guardrailWindows = input.validation ?? input.inSample;
  const requests: Array<{ id: string; params: Params; windows: WindowRange }> = [];
  if (judged) requests.push({ id: 'gate:decided', params: input.decided, windows: input.validation! }, { id: 'gate:current', params: input.current, windows: input.validation! });
  else if (guardrailsOn) requests.push({ id: 'gate:decided', params: input.decided, windows: guardrailWindows });
  const plan = input.probe ? planProbe(input.space, input.decided, input.changed, input.inSample) : null;
  if (plan && plan.points.length > 0) requests.push({ id: plan.decidedId, params: input.decided, windows: plan.windows }, ...plan.points.map((p) => ({ id: p.id, params: p.params, windows: plan.windows })));
  const outcome: GateOutcome = { acceptance: null, flags: [], probed: false, evaluateCalls: 0, evalMs: 0 };
  if (requests.length === 0) return outcome;

  const started = Date.now();
  let results: Map<string, CandidateResult>;
  try {
    outcome.evaluateCalls++;
    results = new Map((await evaluator.evaluate(requests, options)).map((r) => [r.id, r]));
  } catch (err) {
    if (options.signal?.aborted) throw err;
    outcome.evalMs = Date.now() - started;
    if (gateOn) outcome.acceptance = { kept: false, reason: `acceptance gate: the evaluate command failed (${(err as Error).message}); the change cannot be shown to help`, guardrails: [] };
    return outcome;
  }
  outcome.evalMs = Date.now() - started;
  if (plan && plan.points.length > 0) {
    outcome.flags = judgeProbe(plan, results, input.objective.metric);
    outcome.probed = results.get(plan.decidedId)?.ok === true;
  }
  if (!gateOn) return outcome;

  const decided = results.get('gate:decided');
  if (!decided?.ok) {
    outcome.acceptance = { kept: false, reason: `acceptance gate: the target refused the decided config (${decided && !decided.ok ? `${decided.error.code}: ${decided.error.message}` : 'no result'})`, guardrails: [] };
    return outcome;
  }
  const guardrails = guardrailsOn ? checkGuardrails(decided.metrics, input.guardrails) : [];
  const vetoes = guardrails.filter((g) => !g.ok);
  const acceptance: NonNullable<GateOutcome['acceptance']> = { kept: true, reason: '', guardrails, guardrailWindows, decidedMetrics: decided.metrics };
  outcome.acceptance = acceptance;

  if (judged) {
    const current = results.get('gate:current');
    if (!current?.ok) {
      acceptance.kept = false;
      acceptance.reason = `acceptance gate: the target refused the current config (${current && !current.ok ? `${current.error.code}: ${current.error.message}` : 'no result'})`;
      return outcome;
    }
    const sign = input.objective.direction === 'minimise' ? -1 : 1;
    let diffs = perWindowDiffs(decided.metrics, current.metrics, input.objective.metric, input.validation!, sign);
    if (!diffs) {
      const byWindow = await evaluatePerWindow(evaluator, input, options);
      outcome.evaluateCalls++;
      outcome.evalMs = Date.now() - started;
      if (typeof byWindow === 'string') {
        acceptance.kept = false;
        acceptance.reason = `acceptance gate: ${byWindow}`;
        return outcome;
      }
      diffs = byWindow;
    }
    const verdict = judgeDifferences(diffs, { ...input.acceptance, method: input.acceptance.method as 'mad' | 'bootstrap' }, input.seed);
    Object.assign(acceptance, {
      verdict,
      validation: input.validation,
      perWindowDiff: diffs,
      decidedValue: num(decided.metrics, input.objective.metric),
      currentValue: num(current.metrics, input.objective.metric),
    });
    acceptance.kept = verdict.beatsNoise;
    acceptance.reason = `acceptance gate on validation windows ${input.validation!.from}..${input.validation!.to - 1}: ${verdict.summary}`;
  }
  if (vetoes.length > 0) {
    acceptance.kept = false;
    const head = acceptance.reason ? `${acceptance.reason}; ` : '';
    acceptance.reason = `${head}vetoed by guardrail${vetoes.length > 1 ? 's' : ''} on windows ${guardrailWindows.from}..${guardrailWindows.to - 1}: ${vetoes.map((v) => v.message).join('; ')}`;
  } else if (!judged) acceptance.reason = `guardrails hold on windows ${guardrailWindows.from}..${guardrailWindows.to - 1} (no validation windows: no noise test)`;
  return outcome;
}

/** Oriented per-window differences from `perWindow` (pnl objective only), or undefined when they cannot be read. */
function perWindowDiffs(decided: Metrics, current: Metrics, metric: string, windows: WindowRange, sign: number): number[] | undefined {
  const n = windows.to - windows.from;
  if (metric !== 'pnl' || !Array.isArray(decided.perWindow) || !Array.isArray(current.perWindow)) return undefined;
  if (decided.perWindow.length !== n || current.perWindow.length !== n) return undefined;
  return decided.perWindow.map((x, i) => sign * (x - (current.perWindow![i] as number)));
}

/** One request per validation window and config; the oriented differences, or why they could not be had. */
async function evaluatePerWindow(evaluator: EvaluateRunner, input: GateInput, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<number[] | string> {
  const v = input.validation!;
  const requests = [];
  for (let w = v.from; w < v.to; w++) {
    requests.push({ id: `d${w}`, params: input.decided, windows: { from: w, to: w + 1 } }, { id: `c${w}`, params: input.current, windows: { from: w, to: w + 1 } });
  }
  let results: CandidateResult[];
  try {
    results = await evaluator.evaluate(requests, options);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return `the per-window evaluation failed (${(err as Error).message})`;
  }
  const byId = new Map(results.map((r) => [r.id, r]));
  const sign = input.objective.direction === 'minimise' ? -1 : 1;
  const diffs: number[] = [];
  for (let w = v.from; w < v.to; w++) {
    const d = byId.get(`d${w}`);
    const c = byId.get(`c${w}`);
    const dv = d?.ok ? num(d.metrics, input.objective.metric) : undefined;
    const cv = c?.ok ? num(c.metrics, input.objective.metric) : undefined;
    if (dv === undefined || cv === undefined) return `window ${w} has no ${input.objective.metric} for both configs`;
    diffs.push(sign * (dv - cv));
  }
  return diffs;
}
