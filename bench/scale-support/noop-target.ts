import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { distPath } from '../../orchestrator/paths.js';

/**
 * Writes the definition of a no-op target `name` into `dir`: one tunable parameter in a JSON
 * config, the instant zero-PnL evaluate command (scale-support/noop-evaluate.ts), one-window
 * walk-forward segments. Returns the definition file.
 */
export async function writeNoopTarget(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.seed.json`), '{ "a": 1 }\n');
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(
    file,
    stringify({
      name,
      repo: 'workspace',
      configFile: 'params.json',
      space: { a: { type: 'float', min: 0, max: 2, step: 0.1, maxChange: 0.5 } },
      evaluate: { command: ['${NODE}', distPath('bench/scale-support/noop-evaluate.js')] },
      walkForward: { segmentWindows: 1, inSampleWindows: 1, startWindow: 1 },
      seed: { configFile: `${name}.seed.json` },
    }),
  );
  return file;
}
