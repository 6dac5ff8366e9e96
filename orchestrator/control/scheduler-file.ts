import { z } from 'zod';
import { controlPaths } from './control-paths.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { ProcessIdentitySchema } from './process-identity.js';

/**
 * The `itercrew start` process that schedules a target (`<runsDir>/<target>/control/scheduler.json`),
 * refreshed at every tick, so that `itercrew status` can say when the next tick comes and
 * whether anything is scheduling the target at all.
 */
export const SchedulerPresenceSchema = ProcessIdentitySchema.extend({
  /** `in-process` (croner timers in that process) or `bullmq` (job schedulers in Redis). */
  mode: z.enum(['in-process', 'bullmq']),
  /** People's text of the schedule, e.g. `every 15m`. */
  schedule: z.string(),
  /** The next tick (ISO), or null when the schedule is off or never fires again. */
  nextTick: z.string().nullable(),
  /** When the process started scheduling (ISO). */
  startedAt: z.string(),
  /** When this file was last written (ISO). */
  updatedAt: z.string(),
});
export type SchedulerPresence = z.infer<typeof SchedulerPresenceSchema>;

/** Writes the scheduler presence of `target`. */
export function writeSchedulerPresence(runsDir: string, target: string, presence: SchedulerPresence): Promise<void> {
  return writeJsonFile(controlPaths(runsDir, target).schedulerFile, presence);
}

/** The scheduler presence of `target`, or null. */
export function readSchedulerPresence(runsDir: string, target: string): Promise<SchedulerPresence | null> {
  return readJsonFile(controlPaths(runsDir, target).schedulerFile, SchedulerPresenceSchema);
}
