import { setTimeout as sleep } from 'node:timers/promises';
import { RunLog } from '../../../orchestrator/runlog/run-log.js';
import type { RunLogEvent } from '../../../orchestrator/runlog/events/run-log-event.js';

/**
 * Polls `check` every `everyMs` until it returns a value other than undefined/false (which is
 * returned), or throws after `timeoutMs` with `what` in the message. For conditions another
 * process brings about (a line in a run log, a file), where there is no event to await.
 */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The events of a target's run log. */
export async function events(runsDir: string, target: string): Promise<RunLogEvent[]> {
  return (await RunLog.forTarget(runsDir, target).read()).events;
}

/** Waits until the run log has an event matching `match`; returns it. */
export function untilEvent(runsDir: string, target: string, what: string, match: (e: RunLogEvent) => boolean, timeoutMs = 30_000): Promise<RunLogEvent> {
  return until(what, async () => (await events(runsDir, target)).find(match), timeoutMs);
}
