import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { controlPaths } from './control-paths.js';
import type { PauseInfo, PauseSource } from './pause-state.js';

/** The name of a kill-switch flag file. */
export const KILL_SWITCH_FILE = 'STOP';

/**
 * Where the kill switch of `target` lives: `<runsDir>/STOP` stops every target, and
 * `<runsDir>/<target>/control/STOP` stops one. Create either (`touch`, any content: its first line
 * is shown as the reason); delete it to let the target run again.
 */
export function killSwitchFiles(runsDir: string, target: string): string[] {
  return [path.join(runsDir, KILL_SWITCH_FILE), path.join(controlPaths(runsDir, target).dir, KILL_SWITCH_FILE)];
}

/**
 * The kill switch as a pause source: while a flag file exists no tick, kick or `itercrew run`
 * starts an iteration of the target, and a running one winds down at once (its AbortSignal).
 */
export const killSwitchSource: PauseSource = {
  name: 'kill_switch',
  async check(runsDir, target): Promise<PauseInfo | null> {
    for (const file of killSwitchFiles(runsDir, target)) {
      let since: Date;
      try {
        since = (await stat(file)).mtime;
      } catch {
        continue;
      }
      const firstLine = (await readFile(file, 'utf8').catch(() => '')).split('\n')[0]?.trim() ?? '';
      return { source: 'kill_switch', since: since.toISOString(), by: `flag file ${file}`, reason: firstLine || null };
    }
    return null;
  },
};
