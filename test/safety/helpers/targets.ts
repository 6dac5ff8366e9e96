import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../../orchestrator/paths.js';

/**
 * The guarded target: params `size` (int 1..20, seed 5, maxChange 3) and `edge` (float), the
 * guarded-evaluate fixture (a bigger size earns more but every risk metric grows), 4 validation
 * windows before each 1-window segment, 4 in-sample windows before those.
 */
export async function writeGuardedTarget(dir: string, guardrails: Record<string, number> = {}, extra: Record<string, unknown> = {}): Promise<string> {
  await writeFile(path.join(dir, 'guarded.seed.json'), JSON.stringify({ size: 5, edge: 0.5 }, null, 2) + '\n');
  const file = path.join(dir, 'guarded.yaml');
  await writeFile(
    file,
    stringify({
      name: 'guarded',
      repo: 'workspace',
      configFile: 'params.json',
      space: {
        size: { type: 'int', min: 1, max: 20, step: 1, maxChange: 3 },
        edge: { type: 'float', min: 0, max: 1, step: 0.1, maxChange: 0.2 },
      },
      evaluate: { command: ['${NODE}', path.join(projectRoot(), 'test/safety/fixtures/guarded-evaluate.mjs')], timeoutMs: 30_000 },
      walkForward: { segmentWindows: 1, inSampleWindows: 4, startWindow: 8 },
      seed: { configFile: 'guarded.seed.json' },
      safety: { validationWindows: 4, guardrails },
      ...extra,
    }),
  );
  return file;
}

/** Strategy C whose evaluate command ignores `ignored` (the model uses its default), as `strategy-c-ignoring`. */
export async function writeIgnoringStrategyC(dir: string, ignored: string): Promise<string> {
  const file = path.join(dir, 'strategy-c-ignoring.yaml');
  const { parse } = await import('yaml');
  const { readFile } = await import('node:fs/promises');
  const def = parse(await readFile(path.join(projectRoot(), 'config/targets/strategy-c.yaml'), 'utf8')) as Record<string, any>;
  def.name = 'strategy-c-ignoring';
  def.evaluate.command = [...def.evaluate.command, '--ignore-param', ignored];
  def.seed.configFile = path.join(projectRoot(), 'config/targets/strategy-c/strategy-c.toml');
  await writeFile(file, stringify(def));
  return file;
}
