import { z } from 'zod';
import { briefHistory } from '../../iteration/brief-history.js';
import { RunLog } from '../../runlog/run-log.js';
import { ParamValueSchema, type Params } from '../../target/evaluate-protocol.js';
import { EvaluateRunner } from '../../target/evaluate/evaluate-runner.js';
import { validateChanges } from '../../target/space/validate-changes.js';
import { tool } from '../define-tool.js';
import { McpToolError } from '../errors/mcp-tool-error.js';

export const backtest = tool({
  name: 'backtest',
  description: [
    'Evaluate candidate configs with the target’s evaluate command on the in-sample windows of the brief (default: all of them) — never on the live segment, which stays hidden until the decision is measured.',
    'Each candidate is a change set on the current config, checked against the space first. The current config (baseline) is always evaluated too.',
    'Returns the objective metric and the main metrics per candidate. Batch many candidates into one call: one call is one process start.',
  ].join(' '),
  input: {
    candidates: z.array(z.object({ changes: z.record(z.string(), ParamValueSchema) })).min(1).describe('Change sets to evaluate, e.g. [{"changes": {"sigma": 0.0035}}].'),
    windows: z.object({ from: z.number().int().nonnegative(), to: z.number().int().positive() }).optional().describe('A sub-range [from, to) of the in-sample windows.'),
  },
  readOnly: true,
  handler: async (args, s, signal) => {
    const { brief } = await s.brief();
    const max = s.config.maxBacktestCandidates;
    if (args.candidates.length > max) throw new McpToolError('too_many_candidates', `${args.candidates.length} candidates; at most ${max} per call`);
    const inSample = brief.inSample;
    const windows = args.windows ?? inSample;
    if (windows.from < inSample.from || windows.to > inSample.to || windows.to <= windows.from) {
      throw new McpToolError('outside_in_sample', `windows ${windows.from}..${windows.to - 1} are not inside the in-sample windows ${inSample.from}..${inSample.to - 1}; the live segment after them is hidden from agents`);
    }
    const target = await s.target();
    const prepared = args.candidates.map((c) => ({ changes: c.changes, check: validateChanges(target.space, brief.params, c.changes) }));
    const valid = prepared.filter((p) => p.check.ok) as Array<{ changes: Params; check: { ok: true; params: Params } }>;
    const runs = [{ params: brief.params }, ...valid.map((p) => ({ params: p.check.params }))];
    let results;
    try {
      results = await EvaluateRunner.forTarget(target).evaluate(runs.map((r) => ({ params: r.params, windows })), { signal });
    } catch (err) {
      throw new McpToolError('evaluate_failed', (err as Error).message, { cause: err });
    }
    const metric = brief.objective.metric;
    const summarise = (r: (typeof results)[number]) => {
      if (!r.ok) return { ok: false, error: `${r.error.code}: ${r.error.message}` };
      const m = r.metrics as Record<string, unknown>;
      return { ok: true, [metric]: m[metric] ?? null, pnl: m.pnl ?? null, trades: m.trades ?? null, fees: m.fees ?? null, rebates: m.rebates ?? null, maxDrawdown: m.maxDrawdown ?? null };
    };
    let next = 1;
    return {
      objective: brief.objective,
      windows,
      baseline: { params: brief.params, ...summarise(results[0]!) },
      candidates: prepared.map((p) => (p.check.ok ? { changes: p.changes, ...summarise(results[next++]!) } : { changes: p.changes, ok: false, error: `not in the space: ${p.check.reason}` })),
    };
  },
});

export const runLog = tool({
  name: 'run_log',
  description: 'The last iterations of this target from the run log, oldest first: status, config diff, PnL on its live segment (and the previous config’s PnL on the same segment), commit, params in force.',
  input: { limit: z.number().int().min(1).max(50).optional().describe('How many (default 8).') },
  readOnly: true,
  handler: async (args, s) => {
    const target = await s.target();
    const fold = await RunLog.forTarget(s.config.target.runsDir, target.name).fold();
    return { iterations: briefHistory(fold.iterations, args.limit ?? 8) };
  },
});

export const currentConfig = tool({
  name: 'current_config',
  description: 'The config in force for this iteration (params at the base commit), the iteration, its objective and deadlines.',
  input: {},
  readOnly: true,
  handler: async (_args, s) => {
    const { brief } = await s.brief();
    return { iteration: brief.iterationId, n: brief.n, kind: brief.iterationKind, target: brief.target, commit: brief.commit, params: brief.params, objective: brief.objective, deadlines: brief.deadlines, you: { agent_id: s.agentId, name: s.config.name, role: s.config.role } };
  },
});

export const paramSpace = tool({
  name: 'param_space',
  description: 'The tunable parameters (type, min, max, step, max change per iteration, description, unit, frozen), the invariants every config must satisfy, the max parameters one proposal may change, the step limits (frozen parameters and who froze them, max relative change), the in-sample windows, and in review iterations the configs under review.',
  input: {},
  readOnly: true,
  handler: async (_args, s) => {
    const { brief } = await s.brief();
    return { space: brief.space, invariants: brief.invariants, maxChangedParams: brief.maxChangedParams, inSample: brief.inSample, stepLimits: brief.stepLimits ?? { frozen: [] }, ...(brief.review ? { review: brief.review } : {}) };
  },
});
