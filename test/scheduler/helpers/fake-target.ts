import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../../orchestrator/paths.js';

/** Options of {@link writeFakeTarget}. */
export interface FakeTargetOptions {
  /** Target name. Default `fake`. */
  name?: string;
  /** A deploy command (argv) run after each committed change, e.g. to hold an iteration at a known point. */
  deploy?: string[];
}

/**
 * Writes a small, fast target into `dir`: params `a` and `b` in a JSON config, the test suite's
 * fake evaluate command (`test/fixtures/fake-evaluate.mjs good`, 100 windows, pnl = windows·a −
 * 10·(b − 0.5)²) and a short walk-forward (1-window segments, 4 in-sample windows), so real local
 * agents finish an iteration in about a second.
 *
 * @returns the definition file.
 */
export async function writeFakeTarget(dir: string, options: FakeTargetOptions = {}): Promise<string> {
  const name = options.name ?? 'fake';
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.seed.json`), JSON.stringify({ a: 1, b: 0.5 }, null, 2) + '\n');
  const definition = {
    name,
    repo: 'workspace',
    configFile: 'params.json',
    space: {
      a: { type: 'float', min: 0, max: 2, step: 0.1, maxChange: 0.5 },
      b: { type: 'float', min: 0, max: 1, step: 0.1, maxChange: 0.3 },
    },
    evaluate: { command: ['${NODE}', path.join(projectRoot(), 'test/fixtures/fake-evaluate.mjs'), 'good'], timeoutMs: 30_000 },
    ...(options.deploy ? { deploy: { command: options.deploy, timeoutMs: 120_000 } } : {}),
    walkForward: { segmentWindows: 1, inSampleWindows: 4, startWindow: 4 },
    seed: { configFile: `${name}.seed.json` },
  };
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, stringify(definition));
  return file;
}
