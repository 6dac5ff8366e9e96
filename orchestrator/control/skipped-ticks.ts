import { readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { IterationKindSchema } from '../runlog/events/iteration-events.js';
import { controlPaths } from './control-paths.js';
import { readJsonFile } from './json-file.js';

/** A tick that came while its target was busy, waiting in `control/skipped/<iterationId>.json` to be recorded. */
export const SkippedTickSchema = z.object({
  iterationId: z.string().min(1),
  kind: IterationKindSchema,
  /** The tick time (ISO). */
  tick: z.string(),
  /** Why it was skipped, for people (names the iteration that was running). */
  reason: z.string(),
  /** When it was noted (ISO). */
  notedAt: z.string(),
});
export type SkippedTick = z.infer<typeof SkippedTickSchema>;

/**
 * Notes a skipped tick for the lock holder to record. A tick is noted by whoever sees it while
 * the target is busy — possibly a process that does not hold the lock — and recorded in the run
 * log only under the lock ({@link takeSkippedTicks}), so that iteration numbers are handed out by
 * one process at a time. Noting the same tick twice (two schedulers) keeps the first note.
 */
export async function noteSkippedTick(runsDir: string, target: string, tick: SkippedTick): Promise<void> {
  const dir = controlPaths(runsDir, target).skippedDir;
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path.join(dir, `${tick.iterationId}.json`), JSON.stringify(tick) + '\n', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * The noted skipped ticks of `target`, oldest tick first, each with a `done()` that removes its
 * note once it is recorded. Unreadable notes are removed and reported through `onBad`.
 */
export async function takeSkippedTicks(
  runsDir: string,
  target: string,
  onBad: (file: string, err: Error) => void = () => undefined,
): Promise<Array<SkippedTick & { done(): Promise<void> }>> {
  const dir = controlPaths(runsDir, target).skippedDir;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: Array<SkippedTick & { done(): Promise<void> }> = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const tick = await readJsonFile(file, SkippedTickSchema);
      if (tick) out.push({ ...tick, done: () => rm(file, { force: true }) });
    } catch (err) {
      onBad(file, err as Error);
      await rm(file, { force: true });
    }
  }
  return out.sort((a, b) => a.tick.localeCompare(b.tick));
}
