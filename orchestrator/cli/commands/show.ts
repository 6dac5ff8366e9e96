import path from 'node:path';
import type { Command } from 'commander';
import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { RunLog } from '../../runlog/run-log.js';
import { runPaths } from '../../runlog/run-paths.js';
import { ReportError } from '../../report/errors/index.js';
import { iterationFileHref, readIterationArtifacts } from '../../report/model/iteration-artifacts.js';
import { renderText } from '../../report/render/text-renderer.js';
import { ITERATION_SECTIONS, iterationDetail } from '../../report/sections/index.js';
import { resolveTargetName } from '../../report/target-name.js';
import { loadSettings } from '../../settings/settings.js';

/** Options of `itercrew show`. */
export interface ShowCommandOptions {
  target?: string;
  settings?: string;
  runsDir?: string;
  json?: boolean;
}

/**
 * Finds an iteration by what people type: its number (`12`, `#12`), its full id, or `last`.
 *
 * @throws ReportError `report_iteration_not_found` listing what the log has.
 */
export function findIteration(records: readonly IterationRecord[], which: string): IterationRecord {
  const w = which.trim();
  let found: IterationRecord | undefined;
  if (w === 'last') found = records.at(-1);
  else if (/^#?\d+$/.test(w)) {
    const n = Number(w.replace('#', ''));
    found = records.findLast((r) => r.n === n);
  } else found = records.find((r) => r.iterationId === w);
  if (found !== undefined) return found;
  const range = records.length > 0 ? `it has ${records.length} iteration(s), ${records[0]?.iterationId} … ${records.at(-1)?.iterationId}` : 'it has no iterations yet';
  throw new ReportError('report_iteration_not_found', `no iteration ${JSON.stringify(which)} in the run log (${range}); give a number, an iteration id or "last"`);
}

/**
 * `itercrew show <iteration> [--target T] [--json]`: one iteration in full — brief, every proposal
 * with its rationale, rejected proposals, the ballots after reveal, leader and decision, diff,
 * commit, PnL against the baseline, agents, other events and the paths of its transcript and
 * agent logs. `--json` prints the iteration record with its files and brief.
 */
export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description('print one iteration in full')
    .argument('<iteration>', 'iteration number (12), id (strategy-c-tune-000012) or "last"')
    .option('-t, --target <file|name>', 'target definition file or target name (default: the settings’ first target)')
    .option('-s, --settings <file>', 'settings file (default: config/itercrew.yaml)')
    .option('--runs-dir <dir>', 'where runs are (default: settings.runsDir, ./runs)')
    .option('--json', 'print the iteration record (JSON) with its files and brief')
    .action(async (which: string, opts: ShowCommandOptions) => {
      const settings = loadSettings(opts.settings);
      const runsDir = opts.runsDir ? path.resolve(opts.runsDir) : settings.runsDirAbs;
      const target = await resolveTargetName(settings, opts.target);
      const fold = await RunLog.forTarget(runsDir, target).fold();
      const record = findIteration(fold.iterations, which);
      const paths = runPaths(runsDir, target);
      let artifacts;
      try {
        const dir = paths.iterationDir(record.iterationId);
        artifacts = await readIterationArtifacts(dir, iterationFileHref(dir, null));
      } catch {
        artifacts = undefined; // an id that cannot be a folder name has no folder
      }
      if (fold.skipped.length > 0) process.stderr.write(`itercrew: ${paths.eventsFile}: ${fold.skipped.length} unreadable line(s) skipped (see \`itercrew log\`)\n`);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ ...record, files: artifacts?.files ?? [], brief: artifacts?.brief ?? null }) + '\n');
        return;
      }
      process.stdout.write(renderText(iterationDetail(record, artifacts, ITERATION_SECTIONS)));
    });
}
