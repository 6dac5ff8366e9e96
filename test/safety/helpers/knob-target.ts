import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../../orchestrator/paths.js';

/** The knob target's seed config. */
export const KNOB_SEED = { gain: 5, jitter: 0, tilt: 0.5, depth: 100, lock: 3, pinned: 2 };

/** Options of {@link writeKnobTarget}. */
export interface KnobTargetOptions {
  /** Windows held out before each segment for the acceptance gate. Default 8. */
  validationWindows?: number;
  /** In-sample windows before those. Default 4. */
  inSampleWindows?: number;
  /** The target's own `safety` fields besides validationWindows (frozen, maxRelativeChange, live…). */
  safety?: Record<string, unknown>;
  /** A measure command's argv (a live target). */
  measure?: string[];
  /** Name. Default `knob`. */
  name?: string;
}

/**
 * The knob target (test/safety/fixtures/knob-evaluate.mjs): params `gain` (int 0..20, maxChange
 * 5: a real effect of +1 per window per unit), `jitter` (int 0..10: pure noise), `tilt` (float
 * 0..1 step 0.05, maxChange 0.5), `depth` (float 0..200 step 1, maxChange 10), `lock` and `pinned`
 * (int 0..10, for the frozen-parameter tests). 1-window segments; iteration 1's segment is window
 * `validationWindows + inSampleWindows`. Every evaluate request is logged to `<dir>/eval.log`.
 */
export async function writeKnobTarget(dir: string, options: KnobTargetOptions = {}): Promise<string> {
  const validationWindows = options.validationWindows ?? 8;
  const inSampleWindows = options.inSampleWindows ?? 4;
  await writeFile(path.join(dir, 'knob.seed.json'), JSON.stringify(KNOB_SEED, null, 2) + '\n');
  const file = path.join(dir, 'knob.yaml');
  await writeFile(
    file,
    stringify({
      name: options.name ?? 'knob',
      repo: 'workspace',
      configFile: 'params.json',
      space: {
        gain: { type: 'int', min: 0, max: 20, step: 1, maxChange: 5 },
        jitter: { type: 'int', min: 0, max: 10, step: 1, maxChange: 10 },
        tilt: { type: 'float', min: 0, max: 1, step: 0.05, maxChange: 0.5 },
        depth: { type: 'float', min: 0, max: 200, step: 1, maxChange: 10 },
        lock: { type: 'int', min: 0, max: 10, step: 1 },
        pinned: { type: 'int', min: 0, max: 10, step: 1 },
      },
      evaluate: { command: ['${NODE}', path.join(projectRoot(), 'test/safety/fixtures/knob-evaluate.mjs')], timeoutMs: 30_000, env: { EVAL_LOG: path.join(dir, 'eval.log') } },
      ...(options.measure ? { measure: { command: options.measure, timeoutMs: 30_000 } } : {}),
      walkForward: { segmentWindows: 1, inSampleWindows, startWindow: validationWindows + inSampleWindows },
      seed: { configFile: 'knob.seed.json' },
      safety: { validationWindows, ...options.safety },
    }),
  );
  return file;
}

/** One evaluate request as the knob fixture logged it. */
export interface EvalLogEntry {
  /** Parent pid of the evaluate process: the test process for the conductor, an agent's pid otherwise. */
  ppid: number;
  windows: { from: number; to: number };
  params: Record<string, unknown>;
}

/** The knob fixture's request log of a target written in `dir`. */
export async function readEvalLog(dir: string): Promise<EvalLogEntry[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(path.join(dir, 'eval.log'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EvalLogEntry);
}

/** Writes the scripted tuner `name`'s proposals (test/safety/fixtures/scripted-tuner.mjs). */
export async function writeScript(runsDir: string, name: string, proposals: Array<Record<string, unknown>>): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(runsDir, 'scripted'), { recursive: true });
  await writeFile(path.join(runsDir, 'scripted', `${name}.json`), JSON.stringify({ proposals }));
}
