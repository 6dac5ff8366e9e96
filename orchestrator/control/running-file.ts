import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { IterationKindSchema, IterationTriggerSchema } from '../runlog/events/iteration-events.js';
import { controlPaths } from './control-paths.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { ProcessIdentitySchema } from './process-identity.js';

/** The iteration a lock holder is running and its phase (`<runsDir>/<target>/control/running.json`). */
export const RunningIterationSchema = ProcessIdentitySchema.extend({
  iterationId: z.string(),
  kind: IterationKindSchema,
  trigger: IterationTriggerSchema,
  /** The run (process or worker) executing it. */
  runId: z.string(),
  /** When it started (ISO). */
  startedAt: z.string(),
  /** The phase running now (`brief`, `spawn`, …, `record`), or `starting` before the first. */
  phase: z.string(),
  /** When that phase started (ISO). */
  phaseSince: z.string(),
});
export type RunningIteration = z.infer<typeof RunningIterationSchema>;

/** Writes the running iteration of `target` (replaced atomically). */
export function writeRunning(runsDir: string, target: string, running: RunningIteration): Promise<void> {
  return writeJsonFile(controlPaths(runsDir, target).runningFile, running);
}

/** The running iteration of `target` as last written, or null. A stale one (its process died) is the caller's to judge. */
export function readRunning(runsDir: string, target: string): Promise<RunningIteration | null> {
  return readJsonFile(controlPaths(runsDir, target).runningFile, RunningIterationSchema);
}

/** Removes the running file of `target` (the iteration ended). */
export async function clearRunning(runsDir: string, target: string): Promise<void> {
  await rm(controlPaths(runsDir, target).runningFile, { force: true });
}
