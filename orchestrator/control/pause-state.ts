import os from 'node:os';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { controlPaths } from './control-paths.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { killSwitchSource } from './kill-switch.js';

/** Why ticks of a target do not run: the source that says so, since when, who, why. */
export const PauseInfoSchema = z.object({
  /** The mechanism: `pause` (itercrew pause), `kill_switch` (a STOP flag file), `failures` (the target paused itself after repeated failed iterations). */
  source: z.string(),
  /** When it started (ISO). */
  since: z.string(),
  /** Who asked: `user@host` for `itercrew pause`. */
  by: z.string(),
  /** Their reason, if given. */
  reason: z.string().nullable(),
});
export type PauseInfo = z.infer<typeof PauseInfoSchema>;

/**
 * One way a target's ticks can be stopped. The scheduler and the BullMQ worker ask every source
 * before a tick runs ({@link pauseState}); a paused tick is not run and not recorded (no
 * backfill after resume), manual kicks still run. Add a source — e.g. a kill-switch flag file
 * that also winds running iterations down — by appending to {@link PAUSE_SOURCES}.
 */
export interface PauseSource {
  /** Name shown by `itercrew status`. */
  readonly name: string;
  /** The pause this source imposes on `target` now, or null. */
  check(runsDir: string, target: string): Promise<PauseInfo | null>;
}

/** `itercrew pause` / `itercrew resume`: `<runsDir>/<target>/control/paused.json` exists while paused. */
export const pauseFileSource: PauseSource = {
  name: 'pause',
  check: (runsDir, target) => readJsonFile(controlPaths(runsDir, target).pausedFile, PauseInfoSchema),
};

/** Every pause source, asked in order: the kill-switch flag files, then `itercrew pause` (and the self-pause after repeated failures). */
export const PAUSE_SOURCES: PauseSource[] = [killSwitchSource, pauseFileSource];

/** The first pause any source imposes on `target`, or null when its ticks may run. */
export async function pauseState(runsDir: string, target: string, sources: readonly PauseSource[] = PAUSE_SOURCES): Promise<PauseInfo | null> {
  for (const source of sources) {
    const info = await source.check(runsDir, target);
    if (info) return info;
  }
  return null;
}

/**
 * Pauses `target`: its ticks stop (schedules stay as they are) and an iteration running when the
 * pause starts winds down within a second (the conductor watches, see control/stop-watch.ts).
 *
 * @returns the pause now in force (the earlier one if it was already paused).
 */
export async function pauseTarget(
  runsDir: string,
  target: string,
  reason: string | null = null,
  /** Who pauses: default source `pause` by `user@host`; the conductor's self-pause after repeated failures says `failures`. */
  origin: { source: string; by: string } = { source: 'pause', by: `${os.userInfo().username}@${os.hostname()}` },
): Promise<{ info: PauseInfo; changed: boolean }> {
  const file = controlPaths(runsDir, target).pausedFile;
  const existing = await readJsonFile(file, PauseInfoSchema);
  if (existing) return { info: existing, changed: false };
  const info: PauseInfo = { source: origin.source, since: new Date().toISOString(), by: origin.by, reason };
  await writeJsonFile(file, info);
  return { info, changed: true };
}

/** Resumes the ticks of `target`. @returns true if it was paused. */
export async function resumeTarget(runsDir: string, target: string): Promise<boolean> {
  const file = controlPaths(runsDir, target).pausedFile;
  const existing = await readJsonFile(file, PauseInfoSchema).catch(() => true);
  await rm(file, { force: true });
  return existing !== null;
}
