import path from 'node:path';
import { runPaths } from '../runlog/run-paths.js';

/**
 * The control files of a target, in `<runsDir>/<target>/control/` beside its run log. Every
 * process that schedules, runs, pauses or reports on the target reads and writes these, so the
 * runs directory is what they share (one machine, or a network filesystem for BullMQ workers on
 * several machines).
 */
export interface ControlPaths {
  /** `<runsDir>/<target>/control`. */
  dir: string;
  /** The per-target lock: who runs an iteration of the target now ({@link TargetLock}). */
  lockFile: string;
  /** The running iteration and its phase, written by the lock holder. */
  runningFile: string;
  /** Present while ticks of the target are paused (`itercrew pause`). */
  pausedFile: string;
  /** The last `itercrew start` that scheduled the target: pid, host, mode, next tick. */
  schedulerFile: string;
  /** Ticks that came while the target was busy, waiting to be written to the run log by the lock holder. */
  skippedDir: string;
}

/** The control paths of `target` under `runsDir`. */
export function controlPaths(runsDir: string, target: string): ControlPaths {
  const dir = path.join(runPaths(runsDir, target).targetDir, 'control');
  return {
    dir,
    lockFile: path.join(dir, 'lock.json'),
    runningFile: path.join(dir, 'running.json'),
    pausedFile: path.join(dir, 'paused.json'),
    schedulerFile: path.join(dir, 'scheduler.json'),
    skippedDir: path.join(dir, 'skipped'),
  };
}
