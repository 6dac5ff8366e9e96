import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ReportError } from '../../report/errors/index.js';
import { resolveTargetName } from '../../report/target-name.js';
import { writeReport, type ReportFormat } from '../../report/write-report.js';
import { runPaths } from '../../runlog/run-paths.js';
import { loadSettings } from '../../settings/settings.js';

/** Options of `itercrew report`. */
export interface ReportCommandOptions {
  /** Target definition file or target name; default the settings' first target. */
  target?: string;
  /** `html` (default) or `md`. */
  format?: string;
  /** Output file; default runs/<target>/report.html (or .md). */
  out?: string;
  /** Most recent iterations shown in detail: a number or `all`; default 200. */
  details?: string;
  /** Settings file; default config/itercrew.yaml. */
  settings?: string;
  /** Runs directory (overrides settings.runsDir). */
  runsDir?: string;
}

/** Parses `--details`: a non-negative integer or `all`. */
export function parseDetailLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return Number.POSITIVE_INFINITY;
  if (/^\d+$/.test(text)) return Number(text);
  throw new ReportError('report_bad_option', `--details ${JSON.stringify(text)}: expected a number of iterations or "all"`);
}

/**
 * `itercrew report [--target T] [--format html|md] [--out <path>] [--details <n|all>]`: writes the
 * run report of a target — summary, charts, iterations table, review iterations, per-iteration
 * detail — and prints where it went. Unreadable run-log lines are listed in the report (and
 * counted on standard error); the rest is still reported.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the run report of a target (HTML or Markdown with charts)')
    .option('-t, --target <file|name>', 'target definition file or target name (default: the settings’ first target)')
    .option('-f, --format <format>', 'html (one self-contained file) or md (GitHub Markdown, charts as SVG files beside it)', 'html')
    .option('-o, --out <path>', 'output file (default: runs/<target>/report.html or report.md)')
    .option('--details <n|all>', 'how many of the most recent iterations get a detail section (default 200)')
    .option('-s, --settings <file>', 'settings file (default: config/itercrew.yaml)')
    .option('--runs-dir <dir>', 'where runs are (default: settings.runsDir, ./runs)')
    .action(async (opts: ReportCommandOptions) => {
      const format = opts.format ?? 'html';
      if (format !== 'html' && format !== 'md') throw new ReportError('report_bad_option', `--format ${JSON.stringify(format)}: expected html or md`);
      const detailLimit = parseDetailLimit(opts.details);
      const settings = loadSettings(opts.settings);
      const runsDir = opts.runsDir ? path.resolve(opts.runsDir) : settings.runsDirAbs;
      const target = await resolveTargetName(settings, opts.target);
      const eventsFile = runPaths(runsDir, target).eventsFile;
      if (!(await access(eventsFile).then(() => true, () => false)))
        throw new ReportError('report_no_run_log', `no run log for target ${target} at ${eventsFile} (has it run yet? see --runs-dir)`);
      const written = await writeReport({
        runsDir,
        target,
        format: format as ReportFormat,
        ...(opts.out !== undefined ? { out: opts.out } : {}),
        ...(detailLimit !== undefined ? { detailLimit } : {}),
      });
      if (written.skipped > 0) process.stderr.write(`itercrew: ${written.skipped} unreadable run-log line(s) skipped; the report lists them\n`);
      const charts = written.charts.length > 0 ? `, ${written.charts.length} chart file(s) in ${path.dirname(written.charts[0] as string)}` : '';
      process.stdout.write(`${written.file} (${written.iterations} iteration(s)${charts})\n`);
    });
}
