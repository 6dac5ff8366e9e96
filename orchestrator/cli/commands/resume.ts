import type { Command } from 'commander';
import { addControlOptions, loadControlContext, type ControlCommandOptions } from '../../control/control-context.js';
import { resumeTarget } from '../../control/pause-state.js';

/**
 * `itercrew resume [--target T]…`: ticks of the targets (default: all) run again from the next
 * tick on; ticks that passed while paused are not run.
 */
export function registerResumeCommand(program: Command): void {
  const cmd = program.command('resume').description('let the ticks of paused targets run again (from the next tick)');
  addControlOptions(cmd).action(async (opts: ControlCommandOptions) => {
    const ctx = await loadControlContext(opts);
    for (const t of ctx.targets) process.stdout.write(`${t.name}: ${(await resumeTarget(ctx.settings.runsDirAbs, t.name)) ? 'resumed' : 'was not paused'}\n`);
  });
}
