/**
 * Issue 6's figure: the report of a 10,000-iteration run log generated in ≤ 2 s.
 *
 * Writes a synthetic run log shaped like real `itercrew run` output (report-sample-log.ts: ~25
 * events and ~8 KB per iteration, every status, review iterations, agents with cost) plus the
 * iteration folders (brief, transcript, agent logs) of the most recent 200 iterations (the ones the report details), then times
 * `writeReport` — exactly what `itercrew report` and the after-iteration refresh run — in this
 * fresh process (cold: nothing cached, zod schemas compiled on first use), split into
 * read + fold (run log and iteration folders), build + render, and write. Then the same with
 * every iteration in detail (`--details all`), and `itercrew report` end to end as a child process
 * (Node start-up included).
 *
 * Run: `npm run build && node dist/bench/report-10k.js [iterations=10000]`.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { distPath } from '../orchestrator/paths.js';
import { runPaths } from '../orchestrator/runlog/run-paths.js';
import { writeReport } from '../orchestrator/report/write-report.js';
import { writeSampleLog } from './report-sample-log.js';

const iterations = Number(process.argv[2] ?? 10_000);

/**
 * CPU time of this process's main (JavaScript) thread in ms, from /proc (Linux; 10 ms ticks), or
 * null elsewhere. Unlike wall time it does not grow when other processes compete for the CPUs, so
 * it is what the report costs on an idle machine (GC helper threads run beside it).
 */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
const target = 'bench';
const work = await mkdtemp(path.join(os.tmpdir(), 'itercrew-bench-report-'));
try {
  const { file, iterations: its } = await writeSampleLog(work, { iterations, target });
  const paths = runPaths(work, target);
  for (const it of its.slice(-200)) {
    const dir = paths.iterationDir(it.iterationId);
    await mkdir(dir, { recursive: true });
    const started = it.events[0] as { params: Record<string, number | string>; baseCommit: string; inSample: { from: number; to: number } };
    const brief = {
      kind: 'brief', iterationId: it.iterationId, n: it.n, iterationKind: it.kind, target, params: started.params, commit: started.baseCommit, space: {}, invariants: [{ name: 'pair_cost_guard', expr: 'pair_cost_max < 1.0' }],
      inSample: started.inSample, objective: { metric: 'pnl', direction: 'maximise' }, history: [], deadlines: { propose: '2026-02-24T00:01:15.000Z', vote: '2026-02-24T00:01:35.000Z', decide: '2026-02-24T00:01:57.000Z' }, maxChangedParams: 2,
    };
    await writeFile(path.join(dir, 'brief.json'), JSON.stringify(brief, null, 2));
    await writeFile(path.join(dir, 'transcript.jsonl'), it.events.map((e) => JSON.stringify({ content: e.type })).join('\n'));
    for (const k of [1, 2, 3]) for (const s of ['stdout', 'stderr']) await writeFile(path.join(dir, `tuner-${k}.${s}.log`), `tuner-${k} ${s}\n`);
  }
  const size = (await stat(file)).size;
  const lines = its.reduce((sum, it) => sum + it.events.length + it.unknown.length, 0);
  process.stdout.write(`run log: ${iterations.toLocaleString('en-US')} iterations, ${lines.toLocaleString('en-US')} lines, ${(size / 1e6).toFixed(1)} MB; folders for the last 200\n`);

  const row = (label: string, r: Awaited<ReturnType<typeof writeReport>>, total: number, bytes: number): string =>
    `${label.padEnd(34)} read+fold ${r.timings.readMs.toFixed(0).padStart(5)} ms · build+render ${r.timings.renderMs.toFixed(0).padStart(5)} ms · write ${(total - r.timings.readMs - r.timings.renderMs).toFixed(0).padStart(4)} ms · total ${total.toFixed(0).padStart(5)} ms · ${(bytes / 1e6).toFixed(1)} MB\n`;

  let t = performance.now();
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const first = await writeReport({ runsDir: work, target });
  const firstTotal = performance.now() - t;
  const firstCpu = process.cpuUsage(cpu);
  const firstMain = main === null ? null : (mainThreadCpuMs() as number) - main;
  process.stdout.write(row('report.html (200 in detail), cold', first, firstTotal, (await stat(first.file)).size));
  process.stdout.write(
    `  CPU time of that run: main thread ${firstMain === null ? 'n/a' : `${firstMain} ms`}, all threads ${((firstCpu.user + firstCpu.system) / 1000).toFixed(0)} ms; load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs\n`,
  );
  t = performance.now();
  const again = await writeReport({ runsDir: work, target });
  process.stdout.write(row('report.html (200 in detail), warm', again, performance.now() - t, (await stat(again.file)).size));
  t = performance.now();
  const all = await writeReport({ runsDir: work, target, detailLimit: Number.POSITIVE_INFINITY, out: path.join(work, 'all.html') });
  process.stdout.write(row('all.html (every iteration in detail)', all, performance.now() - t, (await stat(all.file)).size));
  t = performance.now();
  const md = await writeReport({ runsDir: work, target, format: 'md' });
  process.stdout.write(row('report.md + SVG charts', md, performance.now() - t, (await stat(md.file)).size));

  t = performance.now();
  await execa(process.execPath, [distPath('orchestrator/cli/main.js'), 'report', '--runs-dir', work, '--target', target]);
  const cli = performance.now() - t;
  process.stdout.write(`itercrew report (child process, Node start-up included): ${cli.toFixed(0)} ms\n`);
  const verdict = firstTotal <= 2000 ? 'within' : 'OVER';
  process.stdout.write(`figure: report of ${iterations.toLocaleString('en-US')} iterations in ${firstTotal.toFixed(0)} ms cold (${verdict} the 2 000 ms budget)\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
