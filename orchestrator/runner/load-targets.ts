import path from 'node:path';
import type { LoadedSettings } from '../settings/settings.js';
import { loadTarget } from '../target/definition/load-target.js';
import type { Target } from '../target/definition/target.js';

/**
 * Loads the targets a command works on: the files given on the command line (relative to the
 * working directory), else the settings' `targets` (relative to the settings file's folder).
 * Every target's run folder is under the settings' runs directory.
 *
 * @throws TargetConfigError for a missing or invalid definition file.
 */
export async function loadTargets(settings: LoadedSettings, files: readonly string[] = []): Promise<Target[]> {
  const chosen = files.length > 0 ? files.map((f) => path.resolve(f)) : settings.targets.map((f) => path.resolve(settings.baseDir, f));
  return Promise.all(chosen.map((file) => loadTarget(file, { runsDir: settings.runsDirAbs })));
}
