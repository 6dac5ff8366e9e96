/**
 * Names in Redis. Every target has its own queue, so that BullMQ's global concurrency of 1 on
 * that queue means "at most one iteration of the target runs at a time across all workers".
 *
 * - queue of a target: `target.<name>` (keys `<prefix>:target.<name>:…`)
 * - its job scheduler: `<name>.tune` (jobs `repeat:<name>.tune:<tick ms>`, named `tick`)
 * - a manual kickoff job: `kick.<iteration id>`, named `kick`
 * - the set of targets that ever had a queue: `<prefix>:itercrew:targets` (reconcile finds the
 *   schedulers of targets that are no longer configured there)
 */

/** The BullMQ queue of `target`. */
export function queueName(target: string): string {
  return `target.${target}`;
}

/** The id of `target`'s job scheduler. */
export function jobSchedulerId(target: string): string {
  return `${target}.tune`;
}

/** The job id of a manual kickoff. */
export function kickJobId(iterationId: string): string {
  return `kick.${iterationId}`;
}

/** Job names. */
export const TICK_JOB_NAME = 'tick';
export const KICK_JOB_NAME = 'kick';

/** The Redis set of target names that have a queue. */
export function targetRegistryKey(prefix: string): string {
  return `${prefix}:itercrew:targets`;
}
