import type { Command } from 'commander';
import { addControlOptions, loadControlContext, type ControlCommandOptions } from '../../control/control-context.js';
import { pauseTarget } from '../../control/pause-state.js';

/** Options of `itercrew pause`. */
export interface PauseCommandOptions extends ControlCommandOptions {
  /** Why, shown by `itercrew status`. */
  reason?: string;
}

/**
 * `itercrew pause [--target T]… [--reason text]`: stops the ticks of the targets (default: all)
 * without touching their schedules — in-process schedulers and BullMQ workers both check before
 * every tick; paused ticks are neither run nor recorded (no backfill on resume). An iteration
 * running when the pause starts winds down within a second (agents killed, config restored,
 * recorded as failed: aborted); `itercrew run` stops; manual kicks still run. For a stop that
 * also refuses kicks, create the kill-switch flag file (runs/STOP or runs/<target>/control/STOP).
 */
export function registerPauseCommand(program: Command): void {
  const cmd = program.command('pause').description('stop the ticks of targets and wind down a running iteration (schedules are kept; manual kicks still run)');
  addControlOptions(cmd)
    .option('--reason <text>', 'why (shown by itercrew status)')
    .action(async (opts: PauseCommandOptions) => {
      const ctx = await loadControlContext(opts);
      for (const t of ctx.targets) {
        const { info, changed } = await pauseTarget(ctx.settings.runsDirAbs, t.name, opts.reason ?? null);
        process.stdout.write(`${t.name}: ${changed ? 'paused' : `already paused since ${info.since} by ${info.by}`}\n`);
      }
    });
}
