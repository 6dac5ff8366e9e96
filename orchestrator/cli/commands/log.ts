import path from 'node:path';
import type { Command } from 'commander';
import { filterIterations, parseSince, parseStatuses, type IterationFilter } from '../../report/filter/iteration-filter.js';
import { resolveTargetName } from '../../report/target-name.js';
import { RunLog } from '../../runlog/run-log.js';
import { loadSettings } from '../../settings/settings.js';
import { headerLine, phasesLine, rowLine } from '../format/iteration-rows.js';

/** Options of `itercrew log`. */
export interface LogCommandOptions {
  /** Target definition file or target name; default the settings' first target. */
  target?: string;
  settings?: string;
  runsDir?: string;
  /** One iteration record (JSON) per line. */
  json?: boolean;
  /** Also print phase timings. */
  phases?: boolean;
  /** Only iterations since a time, a duration ago or an iteration number (see parseSince). */
  since?: string;
  /** Only iterations with one of these statuses, comma-separated. */
  status?: string;
}

/**
 * `itercrew log [--target T] [--since <when>] [--status <list>] [--json] [--phases]`: the folded
 * run log of a target — one row per iteration (n, status, decision, diff, PnL, cumulative PnL,
 * commit), or with `--json` one iteration record per line; `--since` and `--status` filter
 * (cumulative PnL stays the whole log's). Lines of the log that could not be read are listed on
 * standard error (line number and reason); the rest is still shown.
 */
export function registerLogCommand(program: Command): void {
  program
    .command('log')
    .description('print the folded run log of a target')
    .option('-t, --target <file|name>', 'target definition file or target name (default: the settings’ first target)')
    .option('-s, --settings <file>', 'settings file (default: config/itercrew.yaml)')
    .option('--runs-dir <dir>', 'where runs are (default: settings.runsDir, ./runs)')
    .option('--since <when>', 'only iterations since an ISO date/time (2026-02-24T15:00Z), a duration ago (30m, 6h, 2d) or an iteration number (40)')
    .option('--status <list>', 'only iterations with these statuses, comma-separated (applied,no_change,rejected,failed,reverted,skipped,incomplete)')
    .option('--json', 'one iteration record (JSON) per line')
    .option('--phases', 'also print phase timings')
    .action(async (opts: LogCommandOptions) => {
      const filter: IterationFilter = {};
      if (opts.since !== undefined) filter.since = parseSince(opts.since);
      if (opts.status !== undefined) filter.statuses = parseStatuses(opts.status);
      const settings = loadSettings(opts.settings);
      const runsDir = opts.runsDir ? path.resolve(opts.runsDir) : settings.runsDirAbs;
      const log = RunLog.forTarget(runsDir, await resolveTargetName(settings, opts.target));
      const fold = await log.fold();
      for (const s of fold.skipped) process.stderr.write(`itercrew: ${log.file}:${s.line}: skipped: ${s.reason}\n`);
      const iterations = filterIterations(fold.iterations, filter);
      if (opts.json) {
        for (const r of iterations) process.stdout.write(JSON.stringify(r) + '\n');
        return;
      }
      if (fold.iterations.length === 0) {
        process.stdout.write(`no iterations yet in ${log.file}\n`);
        return;
      }
      if (iterations.length === 0) {
        process.stdout.write(`no iterations match (${fold.iterations.length} in ${log.file})\n`);
        return;
      }
      process.stdout.write(headerLine() + '\n');
      for (const r of iterations) {
        const decision = r.decision ? `option ${r.decision.option} by ${r.decision.byName ?? r.decision.by}` : '-';
        const diff = r.diff.length ? r.diff.map((c) => `${c.param}: ${String(c.old)} → ${String(c.new)}`).join(', ') : 'no change';
        process.stdout.write(rowLine({ n: r.n ?? '?', status: r.status, decision, diff, pnl: r.pnl?.pnl ?? null, cumulativePnl: r.cumulativePnl, commit: r.commit?.sha ?? null }) + '\n');
        if (opts.phases) process.stdout.write(`      ${phasesLine(r.phases)}\n`);
      }
    });
}
