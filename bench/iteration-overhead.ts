/**
 * Orchestration overhead of one tune iteration with three local agents (issue 2's figure: ≤ 1 s),
 * excluding the election's fixed 2-second opt-out window and evaluation.
 *
 * How "excluding evaluation" is measured, not guessed: the Strategy C target is loaded with its
 * evaluate command wrapped in `bash`, which appends the start and end time (µs) of every evaluate
 * process — the agents' in-sample searches and ballots, and the conductor's measurement — to a
 * file. Per iteration:
 *
 *   overhead = wall time − election opt-out (2 000 ms) − |union of evaluate intervals|
 *
 * Everything else counts as overhead: room and brief, spawning and connecting the agents, loading
 * the target in each agent, proposals and answers, the vote, the election beyond its window, the
 * decision, git, and closing down.
 *
 * Each iteration prints its phases as `phase wall-ms [overhead-ms]`, the overhead being the phase's
 * wall time less the evaluation inside it (and less the fixed window for `elect`).
 *
 * Run: `npm run build && node dist/bench/iteration-overhead.js [iterations=6]`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { Conductor } from '../orchestrator/iteration/conductor.js';
import { projectRoot } from '../orchestrator/paths.js';
import { openChatEndpoint } from '../orchestrator/runner/chat-endpoint.js';
import { SettingsSchema } from '../orchestrator/settings/settings.js';
import { loadTarget } from '../orchestrator/target/definition/load-target.js';

const iterations = Number(process.argv[2] ?? 6);
const root = projectRoot();
const work = await mkdtemp(path.join(os.tmpdir(), 'itercrew-bench-overhead-'));
const evalLog = path.join(work, 'evaluate-intervals.txt');

const definitionFile = path.join(root, 'config', 'targets', 'strategy-c.yaml');
const definition = parseYaml(await readFile(definitionFile, 'utf8')) as {
  evaluate: { command: string[]; env?: Record<string, string> };
  seed: { configFile: string };
};
// bash's $EPOCHREALTIME (µs, a builtin: no `date` processes) stamps the evaluate process's start
// and end, so the instrumentation adds only bash's own start-up to what counts as overhead.
const wrapper = 's=$EPOCHREALTIME; "$@"; rc=$?; e=$EPOCHREALTIME; echo "$s $e" >> "$ITERCREW_BENCH_EVAL_LOG"; exit $rc';
definition.evaluate.command = ['bash', '-c', wrapper, 'evaluate', ...definition.evaluate.command];
definition.evaluate.env = { ...definition.evaluate.env, ITERCREW_BENCH_EVAL_LOG: evalLog };
definition.seed.configFile = path.resolve(path.dirname(definitionFile), definition.seed.configFile);
// Agents load the target from its file, so the timed definition is written to one.
const timedFile = path.join(work, 'strategy-c-timed.yaml');
await writeFile(timedFile, stringifyYaml(definition));
const target = await loadTarget(timedFile, { runsDir: work });

const parsed = SettingsSchema.parse({ runsDir: work });
const settings = { ...parsed, file: null, baseDir: path.join(root, 'config'), runsDirAbs: work };
const chat = await openChatEndpoint(settings.chat);
const conductor = await Conductor.open({ target, settings, chat, electionOptOutMs: chat.electionOptOutMs });

/** Total length of the union of intervals clipped to [lo, hi], ms. */
function unionMs(intervals: Array<[number, number]>, lo: number, hi: number): number {
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, lo), Math.min(b, hi)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let [cs, ce] = [Number.NaN, Number.NaN];
  for (const [a, b] of clipped) {
    if (Number.isNaN(cs) || a > ce) {
      if (!Number.isNaN(cs)) total += ce - cs;
      [cs, ce] = [a, b];
    } else ce = Math.max(ce, b);
  }
  if (!Number.isNaN(cs)) total += ce - cs;
  return total;
}

const rows: Array<{ n: number; wallMs: number; evalMs: number; overheadMs: number; phases: string }> = [];
try {
  for (let i = 0; i < iterations; i++) {
    const start = Date.now();
    const r = await conductor.runIteration();
    const end = Date.now();
    const intervals = (await readFile(evalLog, 'utf8').catch(() => ''))
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l): [number, number] => {
        const [s, e] = l.split(' ').map((x) => Math.round(Number(x.replace(',', '.')) * 1000));
        return [s as number, e as number];
      });
    if (r.status !== 'applied' && r.status !== 'no_change') throw new Error(`iteration ${r.n} ${r.status}: ${r.reason}`);
    const evalMs = unionMs(intervals, start, end);
    const overheadMs = end - start - chat.electionOptOutMs - evalMs;
    // Per phase: its wall time and, in brackets, what of it was not evaluation (the election's
    // window counts as its own: elect's figure is what it took beyond the fixed window).
    const phases = r.phases
      .map((p) => {
        const from = p.startedAt ?? start;
        const own = p.durationMs - unionMs(intervals, from, from + p.durationMs) - (p.phase === 'elect' ? chat.electionOptOutMs : 0);
        return `${p.phase} ${p.durationMs} [${own}]`;
      })
      .join(' · ');
    // Before the first phase (run log, git checks) and after the last (run log, report refresh).
    const first = r.phases[0];
    const last = r.phases.at(-1);
    const preMs = first?.startedAt !== undefined ? first.startedAt - start : 0;
    const postMs = last?.startedAt !== undefined ? end - (last.startedAt + last.durationMs) : 0;
    rows.push({ n: r.n, wallMs: end - start, evalMs, overheadMs, phases: `before ${preMs} · ${phases} · after ${postMs}` });
    const evalRuns = intervals.filter(([a]) => a >= start && a <= end).length;
    process.stdout.write(`iteration ${r.n} (${r.status}): wall ${end - start} ms, evaluation ${evalMs} ms (${evalRuns} evaluate runs), election window ${chat.electionOptOutMs} ms → overhead ${overheadMs} ms\n    ${rows.at(-1)!.phases}\n`);
  }
} finally {
  await conductor.close();
  await chat.close();
  await rm(work, { recursive: true, force: true });
}
const sorted = rows.map((r) => r.overheadMs).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] as number;
process.stdout.write(`\norchestration overhead per iteration (3 local agents, excluding the 2 s election window and evaluation): median ${median} ms, max ${sorted.at(-1)} ms over ${rows.length} iterations (goal ≤ 1000 ms)\n`);
