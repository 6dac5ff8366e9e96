import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distPath } from '../../orchestrator/paths.js';
import { EvaluateResponseSchema } from '../../orchestrator/target/evaluate-protocol.js';
import { loadDataset } from '../../examples/strategy-c/src/data/dataset.js';
import { DATA_FILES, defaultDataDir } from '../../examples/strategy-c/src/data/files.js';
import { defaultParams } from '../../examples/strategy-c/src/params/param-specs.js';
import { runBacktest } from '../../examples/strategy-c/src/sim/backtest.js';
import { formatMetrics } from '../../examples/strategy-c/src/protocol/evaluate-session.js';

/** The compiled command, as the orchestrator runs it. */
const EVALUATE = distPath('examples/strategy-c/evaluate.js');

interface Parsed {
  id: string | null;
  ok: boolean;
  metrics?: Record<string, unknown> & { pnl: number; perWindow: number[] };
  info?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** Run the evaluate command with `lines` on stdin; every stdout line must satisfy the protocol schema. */
async function evaluate(lines: string[], args: string[] = []): Promise<{ responses: Parsed[]; stderr: string; exitCode: number | undefined }> {
  const r = await execa('node', [EVALUATE, ...args], { input: lines.join('\n') + '\n', reject: false });
  const out = r.stdout === '' ? [] : r.stdout.split('\n');
  const responses = out.map((line) => {
    const json = JSON.parse(line) as unknown;
    const check = EvaluateResponseSchema.safeParse(json);
    expect(check.success, `response violates EvaluateResponseSchema: ${line.slice(0, 200)}`).toBe(true);
    return json as Parsed;
  });
  return { responses, stderr: r.stderr, exitCode: r.exitCode };
}

let tmp: string;
beforeAll(() => {
  if (!existsSync(EVALUATE)) throw new Error(`${EVALUATE} is missing: run \`npm run build\` first (npm test does it)`);
  tmp = mkdtempSync(path.join(tmpdir(), 'strategy-c-eval-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('evaluate command (a real process)', () => {
  it('answers good and bad lines interleaved, one response per line, in order, never crashing', async () => {
    const good = (id: string, params: object, from = 0, to = 5) => JSON.stringify({ id, params, windows: { from, to } });
    const lines = [
      good('g1', {}),
      'this is not json',
      good('g2', { sigma: 0.0015, fee_schedule: 'quartic' }, 10, 20),
      JSON.stringify({ id: 'unknown', params: { sigmaa: 0.003 }, windows: { from: 0, to: 5 } }),
      '{"id":"nan","params":{"sigma":NaN},"windows":{"from":0,"to":5}}',
      '{"id":"inf","params":{"sigma":1e999},"windows":{"from":0,"to":5}}',
      good('type', { bid_size: '8' }),
      good('frac', { order_cooldown: 2.5 }),
      good('range', { bid_size: -8 }),
      good('enum', { fee_schedule: 'flat' }),
      good('window-high', {}, 0, 100_000),
      good('window-empty', {}, 7, 7),
      JSON.stringify({ id: 'window-neg', params: {}, windows: { from: -1, to: 3 } }),
      JSON.stringify({ id: 'no-windows', params: {} }),
      JSON.stringify({ params: {}, windows: { from: 0, to: 1 } }),
      '[1,2,3]',
      '',
      JSON.stringify({ id: 'info', info: true }),
      good('g3', { half_spread_base: 0.01 }, 540, 551),
    ];
    const { responses, exitCode, stderr } = await evaluate(lines);
    expect(exitCode, stderr).toBe(0);
    // the blank line is not a request: 18 responses for 18 requests
    expect(responses.map((r) => [r.id, r.ok ? 'ok' : r.error!.code])).toEqual([
      ['g1', 'ok'],
      [null, 'bad_request'],
      ['g2', 'ok'],
      ['unknown', 'unknown_parameter'],
      ['nan', 'invalid_value'],
      ['inf', 'invalid_value'],
      ['type', 'invalid_value'],
      ['frac', 'invalid_value'],
      ['range', 'out_of_range'],
      ['enum', 'invalid_value'],
      ['window-high', 'bad_window_range'],
      ['window-empty', 'bad_window_range'],
      ['window-neg', 'bad_window_range'],
      ['no-windows', 'bad_request'],
      [null, 'bad_request'],
      [null, 'bad_request'],
      ['info', 'ok'],
      ['g3', 'ok'],
    ]);
    for (const r of responses.filter((x) => !x.ok)) expect(r.error!.message.length).toBeGreaterThan(10);
    expect(responses[3]!.error!.message).toContain('sigmaa');
    expect(responses[8]!.error!.message).toContain('bid_size');
  });

  it('reports the same metrics as the in-process backtester, with defaults filled in', async () => {
    const data = loadDataset();
    const { responses } = await evaluate([
      JSON.stringify({ id: 'a', params: { sigma: 0.002 }, windows: { from: 100, to: 160 } }),
      JSON.stringify({ id: 'b', params: {}, windows: { from: 0, to: data.windows } }),
    ]);
    const want = formatMetrics(runBacktest(data, { ...defaultParams(), sigma: 0.002 }, 100, 160));
    expect(responses[0]!.metrics).toEqual(want);
    const all = responses[1]!.metrics!;
    expect(all.windows).toBe(data.windows);
    expect(all.perWindow).toHaveLength(data.windows);
    expect(all.steps).toBe(300 * data.windows);
    for (const k of ['pnl', 'windowsTraded', 'trades', 'fills', 'fees', 'rebates', 'maxInventory', 'maxDrawdown', 'maxPairCost', 'maxOrderSize']) {
      expect(typeof all[k]).toBe('number');
    }
  });

  it('answers info with the windows, their span and the defaults', async () => {
    const data = loadDataset();
    const { responses } = await evaluate([JSON.stringify({ id: 'i', info: true })]);
    const info = responses[0]!.info!;
    expect(info.windows).toBe(data.windows);
    expect(info.windowSeconds).toBe(300);
    expect(info.firstStartSec).toBe(data.startSec[0]);
    expect(info.lastEndSec).toBe(data.startSec[data.windows - 1]! + 300);
    expect(info.defaults).toEqual(defaultParams());
    expect(info.markets).toBe(584);
  });

  it('--ignore-param makes the model ignore a parameter (validated, default used)', async () => {
    const lines = [
      JSON.stringify({ id: 'default', params: {}, windows: { from: 0, to: 60 } }),
      JSON.stringify({ id: 'moved', params: { sigma: 0.001 }, windows: { from: 0, to: 60 } }),
      JSON.stringify({ id: 'bad', params: { sigma: -1 }, windows: { from: 0, to: 60 } }),
    ];
    const plain = (await evaluate(lines)).responses;
    expect(plain[1]!.metrics!.pnl).not.toBe(plain[0]!.metrics!.pnl);
    const ignoring = await evaluate(lines, ['--ignore-param', 'sigma', '--ignore-param', 'bid_size']);
    expect(ignoring.responses[1]!.metrics).toEqual(ignoring.responses[0]!.metrics);
    expect(ignoring.responses[0]!.metrics).toEqual(plain[0]!.metrics);
    expect(ignoring.responses[2]!.error!.code).toBe('out_of_range');
    const info = (await evaluate([JSON.stringify({ id: 'i', info: true })], ['--ignore-param', 'sigma'])).responses[0]!.info!;
    expect(info.ignoredParams).toEqual(['sigma']);
  });

  it('refuses an unknown --ignore-param with a usage error', async () => {
    const r = await evaluate([], ['--ignore-param', 'nope']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('unknown parameter "nope"');
  });

  describe('bad data files: a clear message naming the file, and an exit code', () => {
    const copyData = (name: string): string => {
      const dir = path.join(tmp, name);
      cpSync(defaultDataDir(), dir, { recursive: true });
      return dir;
    };

    it('missing file → 66', async () => {
      const dir = copyData('missing');
      unlinkSync(path.join(dir, DATA_FILES.chainlink));
      const r = await evaluate([JSON.stringify({ id: 'i', info: true })], ['--data-dir', dir]);
      expect(r.exitCode).toBe(66);
      expect(r.responses).toEqual([]);
      expect(r.stderr).toContain(DATA_FILES.chainlink);
      expect(r.stderr).toMatch(/cannot (load|read)/);
    });

    it('truncated gzip → 65', async () => {
      const dir = copyData('truncated');
      const file = path.join(dir, DATA_FILES.chainlink);
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
      const r = await evaluate([JSON.stringify({ id: 'i', info: true })], ['--data-dir', dir]);
      expect(r.exitCode).toBe(65);
      expect(r.stderr).toContain(DATA_FILES.chainlink);
      expect(r.stderr).toContain('gzip');
    });

    it('a malformed markets row → 65, naming the line', async () => {
      const dir = copyData('malformed');
      const file = path.join(dir, DATA_FILES.markets);
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[10] = lines[10]!.replace(/,(up|down),/, ',sideways,');
      writeFileSync(file, lines.join('\n'));
      const r = await evaluate([JSON.stringify({ id: 'i', info: true })], ['--data-dir', dir]);
      expect(r.exitCode).toBe(65);
      expect(r.stderr).toContain(`${DATA_FILES.markets}: line 11`);
      expect(r.stderr).toContain('outcome');
    });
  });
});
