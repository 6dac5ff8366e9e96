import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../orchestrator/paths.js';
import { EvaluateError, EvaluateRunner, runEvaluateBatch, type ResolvedCommand } from '../../orchestrator/target/index.js';

const FAKE = path.join(projectRoot(), 'test/fixtures/fake-evaluate.mjs');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-eval-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function command(mode: string, extra: Partial<ResolvedCommand> = {}): ResolvedCommand {
  return { argv: [process.execPath, FAKE, mode], cwd: projectRoot(), env: {}, timeoutMs: 20_000, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<EvaluateError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EvaluateError);
  return error as EvaluateError;
}

/** Whether a process runs (a zombie counts as gone: PID 1 of a container may never reap it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !isAlive(pid);
}

describe('evaluate runner', () => {
  it('evaluates a batch of hundreds of candidates with one process start, in order', async () => {
    const counter = path.join(dir, 'starts.txt');
    const runner = new EvaluateRunner(command('good', { env: { FAKE_EVALUATE_COUNTER: counter } }));
    const candidates = Array.from({ length: 500 }, (_, i) => ({ params: { a: i / 100, b: 0.5 }, windows: { from: 0, to: 10 } }));
    const results = await runner.evaluate(candidates);
    expect(results).toHaveLength(500);
    results.forEach((r, i) => {
      expect(r.id).toBe(`c${i}`);
      expect(r.ok && r.metrics.pnl).toBeCloseTo((10 * i) / 100, 10);
    });
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('returns per-candidate errors as results, not exceptions', async () => {
    const runner = new EvaluateRunner(command('good'));
    const results = await runner.evaluate([
      { id: 'ok', params: { a: 2 }, windows: { from: 0, to: 3 } },
      { id: 'unknown', params: { zzz: 1 }, windows: { from: 0, to: 3 } },
      { id: 'range', params: { a: 1 }, windows: { from: 90, to: 120 } },
    ]);
    expect(results).toEqual([
      { id: 'ok', ok: true, metrics: expect.objectContaining({ pnl: 6, windows: 3 }) },
      { id: 'unknown', ok: false, error: { code: 'unknown_parameter', message: 'unknown parameter zzz' } },
      { id: 'range', ok: false, error: { code: 'bad_window_range', message: 'bad window range' } },
    ]);
  });

  it('answers info()', async () => {
    const info = await new EvaluateRunner(command('good')).info();
    expect(info).toEqual({ windows: 100, windowSeconds: 300, defaults: { a: 1, b: 0.5, c: 'x' } });
  });

  it('an empty batch starts nothing', async () => {
    expect(await new EvaluateRunner(command('does-not-matter', { argv: ['/nonexistent/binary'] })).evaluate([])).toEqual([]);
  });

  it('garbage on stdout: evaluate_bad_output with the line, process killed', async () => {
    const error = await failure(new EvaluateRunner(command('garbage')).evaluate([{ params: {}, windows: { from: 0, to: 1 } }]));
    expect(error.code).toBe('evaluate_bad_output');
    expect(error.outputLine).toBe(1);
    expect(error.message).toContain('stdout line 1 is not JSON: hello, I am not JSON');
  });

  it('a JSON line that is not a valid response: evaluate_bad_output', async () => {
    const error = await failure(new EvaluateRunner(command('invalid')).evaluate([{ params: {}, windows: { from: 0, to: 1 } }]));
    expect(error.code).toBe('evaluate_bad_output');
    expect(error.message).toMatch(/stdout line 1 is not a valid evaluate response/);
  });

  it('responses out of order: evaluate_bad_output naming the ids', async () => {
    const error = await failure(
      new EvaluateRunner(command('reorder')).evaluate([
        { id: 'x', params: {}, windows: { from: 0, to: 1 } },
        { id: 'y', params: {}, windows: { from: 0, to: 1 } },
      ]),
    );
    expect(error.code).toBe('evaluate_bad_output');
    expect(error.message).toContain('response id "y" where "x" was expected');
  });

  it('a crash: evaluate_crashed with exit code and stderr tail', async () => {
    const error = await failure(
      new EvaluateRunner(command('crash')).evaluate([
        { params: {}, windows: { from: 0, to: 1 } },
        { params: {}, windows: { from: 0, to: 1 } },
      ]),
    );
    expect(error.code).toBe('evaluate_crashed');
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('exited with code 3 after 1 of 2 responses');
    expect(error.stderrTail).toContain('fake-evaluate: something went badly wrong');
    expect(error.message).toContain('--- stderr (tail) ---\nfake-evaluate: something went badly wrong');
  });

  it('a clean exit with missing responses: evaluate_missing_response', async () => {
    const error = await failure(
      new EvaluateRunner(command('short')).evaluate([
        { params: {}, windows: { from: 0, to: 1 } },
        { params: {}, windows: { from: 0, to: 1 } },
        { params: {}, windows: { from: 0, to: 1 } },
      ]),
    );
    expect(error.code).toBe('evaluate_missing_response');
    expect(error.message).toContain('exited after only 1 of 3 responses');
  });

  it('a hang: evaluate_timeout, killed, no hang', async () => {
    const started = Date.now();
    const error = await failure(new EvaluateRunner(command('hang', { timeoutMs: 300 })).evaluate([{ params: {}, windows: { from: 0, to: 1 } }]));
    expect(error.code).toBe('evaluate_timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an AbortSignal kills the batch: evaluate_aborted', async () => {
    const controller = new AbortController();
    const promise = new EvaluateRunner(command('hang')).evaluate([{ params: {}, windows: { from: 0, to: 1 } }], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failure(promise)).code).toBe('evaluate_aborted');
    const already = AbortSignal.abort();
    expect((await failure(new EvaluateRunner(command('good')).info({ signal: already }))).code).toBe('evaluate_aborted');
  });

  it('a grandchild holding stdout open does not make it hang, and is killed', async () => {
    const marker = path.join(dir, 'grandchild.txt');
    const started = Date.now();
    const results = await runEvaluateBatch(command('grandchild', { env: { FAKE_EVALUATE_GRANDCHILD: marker }, timeoutMs: 8_000 }), [{ id: 'g', params: {}, windows: { from: 0, to: 1 } }]);
    expect(results).toEqual([{ id: 'g', ok: true, metrics: expect.objectContaining({ pnl: 1 }) }]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waitGone(Number(await readFile(marker, 'utf8')))).toBe(true);
  });

  it('a command that cannot start: evaluate_spawn_failed', async () => {
    const error = await failure(new EvaluateRunner(command('x', { argv: [path.join(dir, 'no-such-program')] })).info());
    expect(error.code).toBe('evaluate_spawn_failed');
    expect(error.message).toMatch(/ENOENT/);
  });

  it('refuses bad requests of its own before starting anything', async () => {
    const runner = new EvaluateRunner(command('good'));
    expect((await failure(runner.evaluate([{ id: 'a', params: {}, windows: { from: 5, to: 5 } }]))).code).toBe('evaluate_bad_request');
    expect((await failure(runner.evaluate([{ id: 'a', params: { x: Number.NaN }, windows: { from: 0, to: 1 } }]))).code).toBe('evaluate_bad_request');
    const dup = await failure(runner.evaluate([{ id: 'a', params: {}, windows: { from: 0, to: 1 } }, { id: 'a', params: {}, windows: { from: 0, to: 1 } }]));
    expect(dup.message).toContain('duplicate request id "a"');
  });
});

describe('evaluate runner cleanup', () => {
  it('kills the whole process group on timeout', async () => {
    const marker = path.join(dir, 'pids.txt');
    const cmd: ResolvedCommand = {
      argv: [process.execPath, '-e', `
        const { spawn } = require('node:child_process');
        const fs = require('node:fs');
        const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        fs.writeFileSync(${JSON.stringify(marker)}, String(c.pid));
        setInterval(() => {}, 1000);`],
      cwd: dir,
      env: {},
      timeoutMs: 500,
    };
    const error = await failure(runEvaluateBatch(cmd, [{ id: 'i', info: true }]));
    expect(error.code).toBe('evaluate_timeout');
    expect(await waitGone(Number(await readFile(marker, 'utf8')))).toBe(true);
  });
});
