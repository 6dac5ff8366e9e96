import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunLog, runPaths } from '../../../orchestrator/runlog/index.js';
import { sampleIterations, type SampleIteration } from '../../../bench/report-sample-log.js';

/** A run log written for a test, and what went into it. */
export interface SampleRun {
  runsDir: string;
  target: string;
  file: string;
  iterations: SampleIteration[];
  /** 1-based line numbers of the deliberately broken lines, with what the reader should say. */
  broken: { line: number; reason: RegExp }[];
}

/**
 * Writes a run log the way itercrew does — every known event through RunLog.append (validated,
 * O_APPEND, fsync) — with the events of unknown types (review findings/actions) appended as the
 * raw lines a newer itercrew would write, iteration folders (brief.json, transcript, agent logs)
 * for every iteration, and, when `broken` is set, a few deliberately broken lines: one not JSON,
 * one invalid event, one of an unsupported version, and a truncated last line.
 */
/** A status cycle that shows every status within 24 iterations. */
export const TEST_CYCLE = { review: 10, skipped: 11, failed: 9, rejected: 6, reverted: 8, noChange: 5 };

export async function writeSampleRun(runsDir: string, options: { iterations: number; target?: string; broken?: boolean; seed?: number }): Promise<SampleRun> {
  const target = options.target ?? 'sample';
  const log = RunLog.forTarget(runsDir, target);
  const paths = runPaths(runsDir, target);
  const iterations: SampleIteration[] = [];
  const broken: SampleRun['broken'] = [];
  let lines = 0;
  const raw = async (text: string): Promise<void> => {
    await log.close();
    await appendFile(log.file, `${text}\n`);
    lines++;
  };
  for (const it of sampleIterations({ iterations: options.iterations, target, every: TEST_CYCLE, ...(options.seed !== undefined ? { seed: options.seed } : {}) })) {
    iterations.push(it);
    for (const e of it.events) {
      await log.append(e);
      lines++;
    }
    for (const u of it.unknown) await raw(JSON.stringify(u));
    if (options.broken && it.n === 2) {
      await raw('{"v":1,"ts":"2026-02-24T00:20:00.000Z","target":"sample" this is not json');
      broken.push({ line: lines, reason: /^not JSON$/ });
      await raw(JSON.stringify({ v: 1, ts: '2026-02-24T00:20:01.000Z', target, iterationId: it.iterationId, type: 'pnl_measured', pnl: 'a lot' }));
      broken.push({ line: lines, reason: /^pnl_measured: pnl: / });
      await raw(JSON.stringify({ v: 9, ts: '2026-02-24T00:20:02.000Z', target, iterationId: it.iterationId, type: 'phase_completed', phase: 'x', durationMs: 1 }));
      broken.push({ line: lines, reason: /^unsupported event version 9/ });
    }
    const dir = paths.iterationDir(it.iterationId);
    await mkdir(dir, { recursive: true });
    const started = it.events[0] as { params: Record<string, number | string>; baseCommit: string; inSample: { from: number; to: number } };
    await writeFile(
      path.join(dir, 'brief.json'),
      JSON.stringify({
        kind: 'brief', iterationId: it.iterationId, n: it.n, iterationKind: it.kind, target, params: started.params, commit: started.baseCommit, space: {},
        invariants: [{ name: 'pair_cost_guard', expr: 'pair_cost_max < 1.0' }], inSample: started.inSample, objective: { metric: 'pnl', direction: 'maximise' }, history: [],
        deadlines: { propose: '2026-02-24T00:01:15.000Z', vote: '2026-02-24T00:01:35.000Z', decide: '2026-02-24T00:01:57.000Z' }, maxChangedParams: 2,
      }),
    );
    await writeFile(path.join(dir, 'transcript.jsonl'), `${JSON.stringify({ content: `brief for ${it.iterationId}` })}\n`);
    await writeFile(path.join(dir, 'tuner-1.stdout.log'), 'tuner-1 says hello\n');
  }
  await log.close();
  if (options.broken) {
    await appendFile(log.file, '{"v":1,"ts":"2026-02-24T09:00:00.000Z","target":"sample","itera');
    broken.push({ line: lines + 1, reason: /truncated line at end of file/ });
  }
  return { runsDir, target, file: log.file, iterations, broken };
}
