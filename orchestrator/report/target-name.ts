import { stat } from 'node:fs/promises';
import { loadTargets } from '../runner/load-targets.js';
import type { LoadedSettings } from '../settings/settings.js';
import { ReportError } from './errors/index.js';

/**
 * The target a reading command (`report`, `log`, `show`) works on, by name: `--target` may be a
 * target definition file (as for `itercrew run`) or a target name (its folder under the runs
 * directory); without it, the settings' first target.
 *
 * @throws TargetConfigError for a definition file that does not load; ReportError
 *   `report_bad_option` for a value that is neither a file nor a target name.
 */
export async function resolveTargetName(settings: LoadedSettings, target?: string): Promise<string> {
  if (target === undefined) {
    const [first] = await loadTargets(settings);
    if (first === undefined) throw new ReportError('report_bad_option', 'no target: the settings list none and --target was not given');
    return first.name;
  }
  const isFile = await stat(target).then((s) => s.isFile(), () => false);
  if (isFile) return ((await loadTargets(settings, [target]))[0] as { name: string }).name;
  if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(target)) return target;
  throw new ReportError('report_bad_option', `--target ${JSON.stringify(target)} is neither a target definition file nor a target name (a lowercase slug such as strategy-c)`);
}
