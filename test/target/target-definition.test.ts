import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../orchestrator/paths.js';
import { iterationWindows, loadTarget, parseTargetDefinition, readParams, TargetConfigError, validateParams } from '../../orchestrator/target/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-target-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const minimal = () => ({
  name: 'demo',
  repo: 'workspace',
  configFile: 'cfg/demo.toml',
  paramsPath: 'demo.params',
  space: { a: { type: 'float', min: 0, max: 2, step: 0.1, maxChange: 0.5 }, n: { type: 'int', min: 1, max: 10 } },
  invariants: { small: 'n <= 5', both: { expr: 'a * n < 10', description: 'keeps exposure bounded' } },
  evaluate: { command: ['${NODE}', '${ITERCREW_ROOT}/test/fixtures/fake-evaluate.mjs', '--config=${CONFIG_FILE}'] },
  seed: { configFile: 'seed.toml' },
});

async function errorOf(promise: Promise<unknown>): Promise<TargetConfigError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TargetConfigError);
  return error as TargetConfigError;
}

describe('the Strategy C target definition', () => {
  it('loads, resolves paths and placeholders, and its seed fits the space and invariants', async () => {
    const root = projectRoot();
    const target = await loadTarget(path.join(root, 'config/targets/strategy-c.yaml'), { runsDir: path.join(dir, 'runs') });
    expect(target.name).toBe('strategy-c');
    expect(target.repoDir).toBe(path.join(dir, 'runs', 'strategy-c', 'workspace'));
    expect(target.runDir).toBe(path.join(dir, 'runs', 'strategy-c'));
    expect(target.configPath).toBe(path.join(target.repoDir, 'strategy-c.toml'));
    expect(target.configFormat).toBe('toml');
    expect(target.paramsKeys).toEqual(['strategy_c', 'params']);
    expect(target.evaluate.argv).toEqual([process.execPath, path.join(root, 'dist/examples/strategy-c/evaluate.js')]);
    expect(target.evaluate.cwd).toBe(root);
    expect(target.walkForward).toEqual({ segmentWindows: 3, inSampleWindows: 48, startWindow: 48 });
    expect(target.objective).toEqual({ metric: 'pnl', direction: 'maximise' });

    const tunable = ['sigma', 'fv_blend_weight', 'ema_alpha', 'ema_suppress_band', 'half_spread_base', 'displacement_offset', 'bid_size', 'max_unpaired',
      'total_position_cap', 'order_cooldown', 'taker_min_edge', 'max_bid_premium', 'abs_bid_ceiling', 'pair_cost_max', 'quote_cutoff'];
    expect(Object.entries(target.space.params).filter(([, s]) => s.tunable).map(([n]) => n).sort()).toEqual([...tunable].sort());
    expect(Object.entries(target.space.params).filter(([, s]) => !s.tunable).map(([n]) => n).sort()).toEqual(['fee_rate', 'fee_schedule', 'rebate_share']);
    for (const name of tunable) {
      const spec = target.space.params[name]!;
      if (spec.type === 'float' || spec.type === 'int') expect(spec.maxChange, name).toBeDefined();
    }
    expect(target.space.invariants.map((i) => i.name)).toContain('pair_cost_guard');

    const seed = await readParams(target.seedConfigPath!, target.paramsKeys);
    expect(seed).toMatchObject({ sigma: 0.003, fv_blend_weight: 0.6, ema_alpha: 0.05, ema_suppress_band: 0.1, half_spread_base: 0.025, bid_size: 8, max_unpaired: 8,
      total_position_cap: 24, order_cooldown: 3, taker_min_edge: 0.05, max_bid_premium: 0.03, abs_bid_ceiling: 0.72, pair_cost_max: 0.98, quote_cutoff: 30,
      fee_schedule: 'rate', fee_rate: 0.07, rebate_share: 0.2 });
    for (const name of Object.keys(target.space.params)) expect(seed, name).toHaveProperty(name);
    expect(validateParams(target.space, seed)).toEqual({ ok: true });
  });
});

describe('target definitions', () => {
  it('resolves a minimal JSON definition with defaults', async () => {
    await writeFile(path.join(dir, 'seed.toml'), '[demo.params]\na = 1.0\nn = 3\n');
    const file = path.join(dir, 'demo.json');
    await writeFile(file, JSON.stringify(minimal()));
    const t = await loadTarget(file, { runsDir: path.join(dir, 'runs'), itercrewRoot: '/opt/itercrew' });
    expect(t.evaluate).toEqual({
      argv: [process.execPath, '/opt/itercrew/test/fixtures/fake-evaluate.mjs', `--config=${path.join(dir, 'runs/demo/workspace/cfg/demo.toml')}`],
      cwd: path.join(dir, 'runs/demo/workspace'),
      env: {},
      timeoutMs: 600_000,
    });
    expect(t.walkForward).toEqual({ segmentWindows: 3, inSampleWindows: 48, startWindow: 48 });
    expect(t.space.params.n).toMatchObject({ type: 'int', step: 1, tunable: true, description: '' });
    expect(t.space.invariants[1]).toMatchObject({ name: 'both', expr: 'a * n < 10', description: 'keeps exposure bounded', params: ['a', 'n'] });
  });

  it('an absolute repo and ${TARGET_DIR} placeholders', async () => {
    const def = { ...minimal(), repo: '${TARGET_DIR}/bot', seed: undefined };
    const t = await parseTargetDefinition(def, { source: '<inline>', baseDir: dir, runsDir: path.join(dir, 'runs') });
    expect(t.repoDir).toBe(path.join(dir, 'bot'));
    expect(t.seedConfigPath).toBeUndefined();
  });

  it('lists every bad field path of a malformed definition at once', async () => {
    const def = {
      name: 'Bad Name',
      repo: '',
      configFile: '../escape.ini',
      space: {
        a: { type: 'float', min: 1, max: 0, step: 0.1 },
        b: { type: 'int', min: 0, max: 10, step: 2, maxChange: 1 },
        c: { type: 'decimal' },
        d: { type: 'float', min: 0, max: 1, step: 0.1, max_change: 0.2 },
        'bad-name': { type: 'bool' },
      },
      evaluate: { command: [] },
      walkForward: { segmentWindows: 0 },
    };
    const error = await errorOf(parseTargetDefinition(def, { source: 'bad.yaml', baseDir: dir }));
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'repo', 'configFile', 'space.a.max', 'space.b.maxChange', 'space.c.type', 'space.d', 'space.bad-name', 'evaluate.command', 'walkForward.segmentWindows']),
    );
    expect(error.message).toMatch(/^invalid target definition bad\.yaml:\n {2}- /);
    expect(error.message).toContain('space.a.max: max (0) must be greater than min (1)');
    expect(error.message).toContain('space.b.maxChange: maxChange (1) is smaller than one step (2): the parameter could never move');
    expect(error.code).toBe('target_config_invalid');
  });

  it('checks invariants, placeholders, paramsPath, extension and the seed', async () => {
    await writeFile(path.join(dir, 'seed.toml'), '[demo.params]\na = 1.05\nn = 3\n');
    const def = {
      ...minimal(),
      configFile: 'demo.ini',
      paramsPath: 'demo..params',
      invariants: { broken: 'a <', unknown: 'zz > 1' },
      evaluate: { command: ['${NOPE}/x'] },
    };
    const error = await errorOf(parseTargetDefinition(def, { source: 't.yaml', baseDir: dir }));
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'configFile', message: 'unsupported extension (use .json, .toml, .yaml or .yml)' },
        { path: 'paramsPath', message: 'bad params path "demo..params": empty or padded segment' },
        { path: 'invariants.broken', message: 'syntax error in "a <": unexpected end of expression at column 4' },
        { path: 'invariants.unknown', message: 'unknown parameter(s) zz (not in space)' },
        expect.objectContaining({ path: 'evaluate.command.0', message: expect.stringMatching(/^unknown placeholder \$\{NOPE\}/) }),
        { path: 'seed.configFile', message: 'must have the same format as configFile (demo.ini)' },
      ]),
    );
    // a seed that does not fit the space
    const error2 = await errorOf(parseTargetDefinition(minimal(), { source: 't.yaml', baseDir: dir }));
    expect(error2.issues).toEqual([
      { path: 'seed.configFile', message: 'seed config does not fit the space: a: 1.05 is not on the step grid (step 0.1 from 0; nearest 1 or 1.1)' },
    ]);
    // a missing seed
    const error3 = await errorOf(parseTargetDefinition({ ...minimal(), seed: { configFile: 'missing.toml' } }, { source: 't.yaml', baseDir: dir }));
    expect(error3.issues[0]).toEqual({ path: 'seed.configFile', message: `file not found: ${path.join(dir, 'missing.toml')}` });
  });

  it('unreadable and unparseable definition files', async () => {
    expect((await errorOf(loadTarget(path.join(dir, 'none.yaml')))).issues[0]!.message).toMatch(/^cannot read file: ENOENT/);
    await writeFile(path.join(dir, 'bad.yaml'), 'name: demo\nspace:\n  a: {type: float\n');
    const yamlError = await errorOf(loadTarget(path.join(dir, 'bad.yaml')));
    expect(yamlError.message).toMatch(/bad\.yaml:\n {2}- \(document\): invalid YAML at line \d+, column \d+/);
    await writeFile(path.join(dir, 'bad.json'), '{"name": "demo",\n "repo": }');
    expect((await errorOf(loadTarget(path.join(dir, 'bad.json')))).issues[0]!.message).toBe('invalid JSON at line 2, column 10');
    await writeFile(path.join(dir, 'list.yaml'), '- a\n- b\n');
    expect((await errorOf(loadTarget(path.join(dir, 'list.yaml')))).issues[0]!.path).toBe('');
    await writeFile(path.join(dir, 'def.txt'), 'x');
    expect((await errorOf(loadTarget(path.join(dir, 'def.txt')))).issues[0]!.message).toMatch(/must be a \.yaml, \.yml or \.json file/);
  });
});

describe('walk-forward windows', () => {
  it('moves the live segment by segmentWindows per iteration, in-sample right before it', () => {
    const wf = { segmentWindows: 3, inSampleWindows: 48, startWindow: 48 };
    expect(iterationWindows(wf, 1, 584)).toEqual({ segment: { from: 48, to: 51 }, inSample: { from: 0, to: 48 } });
    expect(iterationWindows(wf, 2, 584)).toEqual({ segment: { from: 51, to: 54 }, inSample: { from: 3, to: 51 } });
    expect(iterationWindows(wf, 178, 584)).toEqual({ segment: { from: 579, to: 582 }, inSample: { from: 531, to: 579 } });
    expect(iterationWindows(wf, 179, 584)).toBeUndefined();
    expect(iterationWindows({ ...wf, startWindow: 10 }, 1, 100)).toEqual({ segment: { from: 10, to: 13 }, inSample: { from: 0, to: 10 } });
    expect(() => iterationWindows(wf, 0, 584)).toThrow(RangeError);
  });
});
