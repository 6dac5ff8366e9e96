import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../orchestrator/paths.js';
import { EvaluateRunner, loadTarget, readParams, type Candidate } from '../../orchestrator/target/index.js';

// The Strategy C target definition checked against the real Strategy C evaluate command, through
// the protocol only: its defaults equal the seed config, and every bound of the tuning space is a
// value the model accepts. Needs the compiled example (`npm test` builds first).
const evaluateJs = path.join(projectRoot(), 'dist/examples/strategy-c/evaluate.js');
let runs: string | undefined;
afterAll(async () => {
  if (runs !== undefined) await rm(runs, { recursive: true, force: true });
});

describe.skipIf(!existsSync(evaluateJs))('config/targets/strategy-c.yaml against the Strategy C evaluate command', () => {
  it('seed = model defaults, and the whole space is inside the model limits', async () => {
    runs = await mkdtemp(path.join(tmpdir(), 'itercrew-sc-'));
    const target = await loadTarget(path.join(projectRoot(), 'config/targets/strategy-c.yaml'), { runsDir: runs });
    const runner = EvaluateRunner.forTarget(target);
    const info = await runner.info();
    const seed = await readParams(target.seedConfigPath!, target.paramsKeys);
    expect(info.defaults).toEqual(seed);
    expect(info.windows).toBeGreaterThanOrEqual(target.walkForward.startWindow + target.walkForward.segmentWindows);

    const candidates: Candidate[] = [{ id: 'seed', params: seed, windows: { from: 0, to: 2 } }];
    for (const [name, spec] of Object.entries(target.space.params)) {
      if (spec.type !== 'float' && spec.type !== 'int') continue;
      for (const bound of ['min', 'max'] as const) candidates.push({ id: `${name}.${bound}`, params: { ...seed, [name]: spec[bound] }, windows: { from: 0, to: 2 } });
    }
    const results = await runner.evaluate(candidates);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toEqual([]);
  });
});
