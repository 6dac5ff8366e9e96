import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { Conductor } from '../../iteration/conductor.js';
import type { IterationResult } from '../../iteration/iteration-result.js';
import { createLogger } from '../../logging/logger.js';
import { openChatEndpoint } from '../../runner/chat-endpoint.js';
import { loadTargets } from '../../runner/load-targets.js';
import { loadSettings } from '../../settings/settings.js';
import { ItercrewError } from '../../errors/itercrew-error.js';
import { headerLine, phasesLine, rowLine } from '../format/iteration-rows.js';
import { describeHolder, TargetLock } from '../../control/target-lock.js';
import { ControlError } from '../../control/errors/index.js';
import { pauseState } from '../../control/pause-state.js';
import { describeStop } from '../../control/stop-watch.js';

/** Options of `itercrew run`. */
export interface RunCommandOptions {
  /** Target definition file; default the settings' first target. */
  target?: string;
  /** Iterations to run back to back; default settings.runIterations. */
  iterations?: string;
  /** Settings file; default config/itercrew.yaml. */
  settings?: string;
  /** Runs directory (overrides settings.runsDir). */
  runsDir?: string;
  /** One JSON object per iteration instead of the table. */
  json?: boolean;
  /** Review iterations instead of tune iterations. */
  review?: boolean;
}

/**
 * `itercrew run [--target <file>] [--iterations N]`: runs N tune iterations back to back on the
 * embedded default (in-process ClawChat server, local agents unless the settings say otherwise)
 * and prints one row per iteration: n, status, decision, diff, PnL, cumulative PnL, commit, with
 * the phase timings under it (and the reason of every iteration that was not applied, e.g. the
 * acceptance gate's numbers of a `reverted` one). `--review` runs review iterations instead. Ctrl-C,
 * `itercrew pause` or the kill switch abort the running iteration cleanly (agents killed, config
 * restored, run log closed) and stop the run.
 */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run N tune iterations back to back on the embedded default and print one row per iteration')
    .option('-t, --target <file>', 'target definition file (default: the settings’ first target)')
    .option('-n, --iterations <n>', 'how many iterations (default: settings.runIterations)')
    .option('-s, --settings <file>', 'settings file (default: config/itercrew.yaml)')
    .option('--runs-dir <dir>', 'where runs go (default: settings.runsDir, ./runs)')
    .option('--json', 'print one JSON line per iteration')
    .option('--review', 'review iterations instead of tune iterations')
    .action(async (opts: RunCommandOptions) => runCommand(opts));
}

async function runCommand(opts: RunCommandOptions): Promise<void> {
  const loaded = loadSettings(opts.settings);
  const settings = opts.runsDir ? { ...loaded, runsDir: opts.runsDir, runsDirAbs: (await import('node:path')).resolve(opts.runsDir) } : loaded;
  const iterations = opts.iterations === undefined ? settings.runIterations : Number(opts.iterations);
  if (!Number.isInteger(iterations) || iterations < 1) throw new ItercrewError('usage', `--iterations must be a positive integer, got ${JSON.stringify(opts.iterations)}`);
  // The table is the output; logs (stderr) say only what goes wrong unless asked for more.
  const logger = createLogger({ level: process.env.ITERCREW_LOG_LEVEL ?? 'warn' });
  const [target] = await loadTargets(settings, opts.target ? [opts.target] : []);
  if (!target) throw new ItercrewError('usage', 'no target to run');

  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\nitercrew: ${sig}: aborting the running iteration (again to force)…\n`);
    abort.abort(new Error(`received ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Same per-target lock as `itercrew start`, `kick` and the workers: a run never overlaps them
  // (and its recovery of interrupted iterations never closes one they are running).
  const attempt = await new TargetLock(settings.runsDirAbs, target.name).tryAcquire('run');
  if (!attempt.acquired) throw new ControlError('target_busy', `${target.name} is busy: ${describeHolder(attempt.holder)}; try again when it is done`);
  const lease = attempt.lease;
  const chat = await openChatEndpoint(settings.chat, logger.child({ component: 'clawchat' })).catch(async (err: unknown) => {
    await lease.release();
    throw err;
  });
  let conductor: Conductor | null = null;
  try {
    conductor = await Conductor.open({ target, settings, chat, runId: randomUUID(), electionOptOutMs: chat.electionOptOutMs, logger });
    const before = await conductor.runLog.fold();
    if (before.skipped.length > 0) process.stderr.write(`itercrew: the run log has ${before.skipped.length} unreadable line(s); they were skipped (see \`itercrew log\`)\n`);
    let cumulative = before.iterations.at(-1)?.cumulativePnl ?? 0;
    if (!opts.json) {
      process.stdout.write(`itercrew run: ${target.name}, ${iterations} iteration(s), chat ${chat.url}, runs in ${settings.runsDirAbs}/${target.name}\n`);
      process.stdout.write(headerLine() + '\n');
    }
    for (let i = 0; i < iterations && !abort.signal.aborted; i++) {
      // A pause (itercrew pause, the kill switch, the self-pause after failures) stops the run before its next iteration.
      const pause = await pauseState(settings.runsDirAbs, target.name);
      if (pause) {
        process.stderr.write(`itercrew: ${target.name} is paused — ${describeStop(pause)}; no further iterations\n`);
        break;
      }
      const result = await conductor.runIteration({ kind: opts.review ? 'review' : 'tune', trigger: 'manual', signal: abort.signal });
      cumulative += result.pnl ?? 0;
      printResult(result, cumulative, Boolean(opts.json));
      if (result.status === 'skipped') break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await conductor?.close();
    await chat.close();
    await lease.release();
  }
  if (abort.signal.aborted) process.exitCode = 130;
}

function printResult(r: IterationResult, cumulative: number, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ ...r, cumulativePnl: cumulative }) + '\n');
    return;
  }
  const decision = r.decision ? `option ${r.decision.option} by ${r.decision.byName}${r.decision.fallback ? ' (fallback)' : ''}` : '-';
  process.stdout.write(rowLine({ n: r.n, status: r.status, decision, diff: r.diff, pnl: r.pnl, cumulativePnl: cumulative, commit: r.commit }) + '\n');
  process.stdout.write(`      ${phasesLine(r.phases)}${r.status !== 'applied' && r.status !== 'no_change' ? `\n      reason: ${r.reason}` : ''}\n`);
}
