/**
 * A synthetic but realistic run log for report benchmarks and tests: iterations shaped like the
 * ones `itercrew run` writes (brief, three tuners, proposals with hypotheses and evidence, a vote
 * with ballots, leader, decision, commit, PnL against a baseline, agent exits, phase timings),
 * with every status (applied, no_change, rejected, failed, reverted, skipped), review iterations
 * with events of types this itercrew does not know (review findings and actions), and LLM agents
 * that report cost and tokens. Deterministic for a given seed.
 *
 * Also runnable: `node dist/bench/report-sample-log.js <runs dir> [iterations=200] [target=sample]`
 * writes `<runs dir>/<target>/events.jsonl` (to try `itercrew report --runs-dir <runs dir> -t <target>`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_LOG_EVENT_SCHEMAS, RUN_LOG_VERSION, iterationId as makeId, runPaths, type RunLogEventInput } from '../orchestrator/runlog/index.js';

/** Options of {@link sampleIterations}. */
export interface SampleLogOptions {
  /** Number of iterations. */
  iterations: number;
  /** Target name. Default `sample`. */
  target?: string;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Start of the first iteration. Default 2026-02-24T00:00:00Z; one iteration every 15 minutes. */
  start?: Date;
  /**
   * Status cycle: iteration n is a review when n is a multiple of `review`, else skipped when a
   * multiple of `skipped`, failed of `failed`, rejected of `rejected`, reverted of `reverted` (if
   * there is a change to revert), no change of `noChange`, else applied. Defaults 50, 97, 37, 19, 29, 7.
   */
  every?: Partial<Record<'review' | 'skipped' | 'failed' | 'rejected' | 'reverted' | 'noChange', number>>;
}

/** One generated iteration: its known events (for RunLog.append), events of unknown types (raw objects, full base fields), and folder files. */
export interface SampleIteration {
  n: number;
  iterationId: string;
  kind: 'tune' | 'review';
  status: 'applied' | 'no_change' | 'rejected' | 'failed' | 'reverted' | 'skipped';
  events: RunLogEventInput[];
  /** Events of types this itercrew does not know (review findings/actions), each with v/ts/target/iterationId/type. */
  unknown: Record<string, unknown>[];
  /** Measured PnL, or null. */
  pnl: number | null;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPACE: Record<string, { min: number; max: number; step: number }> = {
  sigma: { min: 0.001, max: 0.008, step: 0.0002 },
  fv_blend_weight: { min: 0, max: 1, step: 0.05 },
  ema_alpha: { min: 0.01, max: 0.5, step: 0.01 },
  ema_suppress_band: { min: 0, max: 0.3, step: 0.01 },
  half_spread_base: { min: 0.005, max: 0.1, step: 0.005 },
  max_bid_premium: { min: 0, max: 0.1, step: 0.01 },
  abs_bid_ceiling: { min: 0.5, max: 0.95, step: 0.01 },
  bid_size: { min: 5, max: 20, step: 1 },
  max_unpaired: { min: 8, max: 40, step: 1 },
  order_cooldown: { min: 1, max: 10, step: 1 },
  quote_cutoff: { min: 10, max: 60, step: 5 },
  taker_min_edge: { min: 0.01, max: 0.1, step: 0.01 },
};
const FIXED = { total_position_cap: 48, pair_cost_max: 0.98, fee_schedule: 'rate', fee_rate: 0.07, rebate_share: 0.2 };
const HEURISTICS = ['coordinate', 'random-search', 'revert-to-best'] as const;

function round(x: number, step: number): number {
  return Number((Math.round(x / step) * step).toPrecision(10));
}

function hex(r: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += Math.floor(r() * 16).toString(16);
  return s;
}

/**
 * Generates `iterations` iterations. Statuses cycle deterministically (see SampleLogOptions.every):
 * by default every 50th is a review (with a finding and an action of unknown types), every 97th
 * skipped, every 37th failed, every 19th rejected, every 29th reverted, every 7th no change, the
 * rest applied.
 */
export function* sampleIterations(options: SampleLogOptions): Generator<SampleIteration> {
  const r = rng(options.seed ?? 1);
  const every = { review: 50, skipped: 97, failed: 37, rejected: 19, reverted: 29, noChange: 7, ...options.every };
  const target = options.target ?? 'sample';
  let t = (options.start ?? new Date('2026-02-24T00:00:00Z')).getTime();
  const params: Record<string, number | string> = {};
  for (const [k, s] of Object.entries(SPACE)) params[k] = round(s.min + (s.max - s.min) * 0.4, s.step);
  Object.assign(params, FIXED);
  let head = hex(r, 40);
  let lastChange: { param: string; old: number | string; new: number | string } | null = null;
  for (let n = 1; n <= options.iterations; n++) {
    const kind: 'tune' | 'review' = n % every.review === 0 ? 'review' : 'tune';
    const status: SampleIteration['status'] =
      kind === 'review' ? 'no_change'
      : n % every.skipped === 0 ? 'skipped'
      : n % every.failed === 0 ? 'failed'
      : n % every.rejected === 0 ? 'rejected'
      : n % every.reverted === 0 && lastChange !== null ? 'reverted'
      : n % every.noChange === 0 ? 'no_change'
      : 'applied';
    const id = makeId(target, kind, n);
    const events: RunLogEventInput[] = [];
    const unknown: Record<string, unknown>[] = [];
    let ms = t;
    const ts = (dt: number) => new Date((ms += dt)).toISOString();
    const start = ts(0);
    const segment = { from: 48 + n * 3, to: 51 + n * 3 };
    events.push({ type: 'iteration_started', ts: start, iterationId: id, n, kind, trigger: n % 5 === 0 ? 'manual' : 'schedule', runId: `run-${Math.ceil(n / 100)}`, params: { ...params }, baseCommit: head, segment, inSample: { from: segment.from - 48, to: segment.from } });
    let pnl: number | null = null;
    if (status === 'skipped') {
      events.push({ type: 'iteration_finished', ts: ts(5), iterationId: id, status, reason: 'the previous iteration was still running', durationMs: 5 });
    } else {
      events.push({ type: 'phase_completed', ts: ts(12), iterationId: id, phase: 'brief', durationMs: 12, deadlineHit: false });
      const agents = HEURISTICS.map((h, k) => ({ agentId: `${id}.tuner-${k + 1}`, name: `tuner-${k + 1}`, heuristic: h, llm: k === 2 && n % 3 === 0 }));
      for (const a of agents)
        events.push({ type: 'agent_spawned', ts: ts(8), iterationId: id, agentId: a.agentId, name: a.name, role: kind === 'review' ? 'reviewer' : 'tuner', runtime: a.llm ? 'claude-code' : 'local', ...(a.llm ? {} : { heuristic: a.heuristic }), pid: 10_000 + n * 3 });
      events.push({ type: 'phase_completed', ts: ts(600), iterationId: id, phase: 'spawn', durationMs: 600, deadlineHit: false });
      const options: { changes: Record<string, number | string>; text: string }[] = [];
      if (kind === 'tune') {
        for (const a of agents) {
          const names = Object.keys(SPACE);
          const p = names[Math.floor(r() * names.length)] as string;
          const s = SPACE[p] as { min: number; max: number; step: number };
          const old = params[p] as number;
          const next = round(Math.min(s.max, Math.max(s.min, old + (r() < 0.5 ? -1 : 1) * s.step * (1 + Math.floor(r() * 3)))), s.step);
          if (status === 'rejected') {
            events.push({ type: 'proposal_rejected', ts: ts(900), iterationId: id, agentId: a.agentId, changes: { [p]: s.max * 2 }, reason: `${p}: ${s.max * 2} is above the maximum ${s.max}` });
            continue;
          }
          const score = Number((r() * 40 - 10).toFixed(6));
          const text = `${p}: ${old} → ${next}`;
          let option = options.findIndex((o) => o.text === text) + 1;
          if (option === 0) {
            options.push({ changes: { [p]: next }, text });
            option = options.length;
          }
          events.push({
            type: 'proposal_received',
            ts: ts(900),
            iterationId: id,
            agentId: a.agentId,
            option,
            changes: { [p]: next },
            hypothesis: `${a.heuristic} search over ${20 + Math.floor(r() * 40)} single-parameter moves: ${p} ${old} → ${next} raises the in-sample objective from ${(score - 5).toFixed(4)} to ${score.toFixed(4)}`,
            evidence: { inSampleScore: score, baselineScore: Number((score - 5).toFixed(6)), candidatesEvaluated: 24 + Math.floor(r() * 40), evalMs: 2000 + Math.floor(r() * 2000) },
            inSampleScore: score,
          });
        }
      }
      events.push({ type: 'phase_completed', ts: ts(3200), iterationId: id, phase: 'propose', durationMs: 3200, deadlineHit: false });
      let decided = 0;
      if (options.length > 0 && status !== 'no_change') decided = 1 + Math.floor(r() * options.length);
      if (options.length > 0) {
        const texts = ['keep current config', ...options.map((o, k) => `option ${k + 1}: ${o.text}`)];
        const ballots = agents.map((a) => ({ agentId: a.agentId, agentName: a.name, optionIndex: decided }));
        events.push({ type: 'vote_closed', ts: ts(1400), iterationId: id, voteId: hex(r, 32), options: texts, tally: texts.map((text, k) => ({ optionIndex: k, optionText: text, count: k === decided ? 3 : 0 })), ballots });
        events.push({ type: 'phase_completed', ts: ts(1), iterationId: id, phase: 'vote', durationMs: 1400, deadlineHit: false });
        const leader = agents[n % 3] as (typeof agents)[number];
        events.push({ type: 'leader_elected', ts: ts(2010), iterationId: id, leaderId: leader.agentId, leaderName: leader.name });
        events.push({ type: 'phase_completed', ts: ts(1), iterationId: id, phase: 'elect', durationMs: 2010, deadlineHit: false });
        events.push({ type: 'decision_made', ts: ts(3), iterationId: id, by: leader.agentId, byName: leader.name, option: decided, changes: decided === 0 ? {} : (options[decided - 1] as { changes: Record<string, number | string> }).changes, rationale: `option ${decided} has the most votes` });
        events.push({ type: 'phase_completed', ts: ts(1), iterationId: id, phase: 'decide', durationMs: 3, deadlineHit: false });
      }
      let reason = '';
      if (status === 'rejected') reason = 'no valid proposal';
      else if (status === 'failed') reason = 'evaluate crashed: exit code 1';
      else if (kind === 'review') reason = 'review: keep the current config';
      else if (status === 'no_change') reason = 'the leader kept the current config';
      if ((status === 'applied' && decided > 0) || status === 'reverted') {
        const changes: { param: string; old: number | string; new: number | string }[] = [];
        if (status === 'reverted' && lastChange !== null) changes.push({ param: lastChange.param, old: params[lastChange.param] as number, new: lastChange.old });
        else for (const [p, v] of Object.entries((options[decided - 1] as { changes: Record<string, number | string> }).changes)) changes.push({ param: p, old: params[p] as number, new: v });
        for (const c of changes) params[c.param] = c.new;
        lastChange = status === 'reverted' ? null : (changes[0] ?? null);
        head = hex(r, 40);
        const diffText = changes.map((c) => `${c.param}: ${c.old} → ${c.new}`).join(', ');
        events.push({ type: 'config_committed', ts: ts(210), iterationId: id, commit: head, diff: changes, message: `${target} #${n}: ${diffText}\n\nDecision: option ${decided}.\nRationale: option ${decided} has the most votes\n\nItercrew-Iteration: ${id}\n` });
        events.push({ type: 'phase_completed', ts: ts(1), iterationId: id, phase: 'apply', durationMs: 210, deadlineHit: false });
        reason = status === 'reverted' ? `reverted ${diffText}: the change lost against its baseline` : `chose option ${decided}: ${diffText}`;
        if (status === 'applied') {
          const perWindowDiff = [0.4, -0.1, 0.9, 0.3].map((d) => Number((d + r() * 0.2).toFixed(6)));
          const meanDiff = Number((perWindowDiff.reduce((a, b) => a + b, 0) / perWindowDiff.length).toFixed(6));
          events.push({ type: 'acceptance_checked', ts: ts(400), iterationId: id, kept: true, reason: `kept — mean Δ +${meanDiff} > threshold 0.1`, method: 'mad', validation: { from: segment.from - 4, to: segment.from }, n: 4, meanDiff, threshold: 0.1, k: 2, perWindowDiff, guardrails: [{ name: 'maxDrawdown', metric: 'maxDrawdown', value: 1.2, limit: 50, ok: true, message: 'maxDrawdown 1.2 ≤ 50' }] });
          if (n % 7 === 0) {
            const c = changes[0] as { param: string; new: number | string };
            events.push({ type: 'parameter_flagged', ts: ts(300), iterationId: id, param: c.param, flag: 'no_effect', message: `${c.param} appears to have no effect: the metric is the same at ± one step`, decidedValue: c.new, metric: 'pnl', decidedMetric: 1.5, probes: [{ value: c.new, metric: 1.5 }], windows: { from: segment.from - 48, to: segment.from } });
          }
        }
        if (status === 'reverted') {
          events.push({ type: 'acceptance_checked', ts: ts(400), iterationId: id, kept: false, reason: 'discarded — mean Δ within the noise', method: 'mad', n: 4, meanDiff: 0.01, threshold: 0.1, guardrails: [] });
          events.push({ type: 'config_reverted', ts: ts(200), iterationId: id, commit: hex(r, 40), by: 'gate', reverted: head, diff: changes.map((c) => ({ param: c.param, old: c.new, new: c.old })), reason: 'discarded by the acceptance gate' });
        }
      }
      if (kind === 'tune' && n % 13 === 0)
        events.splice(1, 0, { type: 'live_checked', ts: start, iterationId: id, commit: head, windows: 3, required: 3, meanPnl: 0.5, best: { commit: head, windows: 3, meanPnl: 0.5 }, threshold: 0.2, regression: false, reason: 'no regression over the last 3 live windows' });
      if (status !== 'rejected' && status !== 'failed') {
        pnl = Number((r() * 12 - 5).toFixed(6));
        const baselinePnl = Number((pnl - (r() * 4 - 2)).toFixed(6));
        events.push({ type: 'pnl_measured', ts: ts(800), iterationId: id, pnl, segment, metrics: { pnl, windows: 3, windowsTraded: 3, trades: 60, fills: 8, fees: 0, rebates: 0.19, maxInventory: 24, maxDrawdown: 1.2, steps: 900 }, baselinePnl });
        events.push({ type: 'phase_completed', ts: ts(1), iterationId: id, phase: 'measure', durationMs: 800, deadlineHit: false });
      }
      if (kind === 'review') {
        const [a0, a1] = agents as [(typeof agents)[number], (typeof agents)[number]];
        events.push({ type: 'finding_posted', ts: ts(300), iterationId: id, agentId: a0.agentId, agentName: a0.name, subject: 'quote_cutoff', text: 'quote_cutoff changed three times without moving the holdout PnL', evidence: { iterations: [n - 3, n - 2, n - 1] } });
        events.push({ type: 'action_rejected', ts: ts(100), iterationId: id, agentId: a1.agentId, action: { kind: 'freeze', param: 'no_such_param' }, reason: 'no_such_param is not a parameter of the space' });
        events.push({ type: 'action_proposed', ts: ts(100), iterationId: id, agentId: a0.agentId, option: 0, action: { kind: 'keep' }, rationale: 'no iteration lost more than its baseline' });
        events.push({ type: 'action_taken', ts: ts(500), iterationId: id, action: { kind: 'keep' }, by: a0.agentId, byName: a0.name, done: true, detail: 'nothing to do: the config and the frozen parameters stay as they are' });
        unknown.push({ v: RUN_LOG_VERSION, ts: ts(2), target, iterationId: id, type: 'review_finding', param: 'quote_cutoff', finding: 'parameter appears to have no effect over the last 20 iterations', votes: 3 });
        unknown.push({ v: RUN_LOG_VERSION, ts: ts(2), target, iterationId: id, type: 'review_action', action: 'keep', rationale: 'no iteration lost more than its baseline' });
      }
      for (const a of agents)
        events.push({
          type: 'agent_exited',
          ts: ts(40),
          iterationId: id,
          agentId: a.agentId,
          exitCode: 0,
          signal: null,
          durationMs: 8000,
          reason: 'finished',
          ...(a.llm ? { turns: 6, costUsd: 0.0412, tokens: { input: 12_000, output: 900, cacheRead: 30_000, cacheCreation: 2_000 } } : {}),
        });
      events.push({ type: 'phase_completed', ts: ts(50), iterationId: id, phase: 'record', durationMs: 50, deadlineHit: false });
      events.push({ type: 'iteration_finished', ts: ts(1), iterationId: id, status, reason, durationMs: ms - t });
    }
    yield { n, iterationId: id, kind, status, events, unknown, pnl };
    t += 15 * 60_000;
  }
}

/**
 * An event as RunLog.append writes it, without the fsync per event: `v`, `target` filled in and
 * validated by the same schema. For generating big logs quickly.
 *
 * @throws Error when the event does not validate.
 */
export function eventLine(target: string, input: RunLogEventInput): string {
  const event = { v: RUN_LOG_VERSION, target, ...input };
  const schema = RUN_LOG_EVENT_SCHEMAS[(input as { type: keyof typeof RUN_LOG_EVENT_SCHEMAS }).type];
  return JSON.stringify(schema.parse(event));
}

/**
 * Writes a sample run log of `iterations` iterations to `<runsDir>/<target>/events.jsonl` (validated
 * events, unknown-type events as they are), in one write.
 *
 * @returns the file and the iterations.
 */
export async function writeSampleLog(runsDir: string, options: SampleLogOptions): Promise<{ file: string; iterations: SampleIteration[] }> {
  const target = options.target ?? 'sample';
  const file = runPaths(runsDir, target).eventsFile;
  const lines: string[] = [];
  const iterations: SampleIteration[] = [];
  for (const it of sampleIterations({ ...options, target })) {
    iterations.push(it);
    for (const e of it.events) lines.push(eventLine(target, e));
    for (const u of it.unknown) lines.push(JSON.stringify(u));
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, lines.join('\n') + '\n');
  return { file, iterations };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [runsDir, count = '200', target = 'sample'] = process.argv.slice(2);
  if (runsDir === undefined) process.stdout.write('report-sample-log: a helper of report-10k; `node dist/bench/report-sample-log.js <runs dir> [iterations] [target]` writes a sample run log\n');
  else {
    const { file } = await writeSampleLog(runsDir, { iterations: Number(count), target });
    process.stdout.write(`${file}\n`);
  }
}
