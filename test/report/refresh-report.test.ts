import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distPath } from '../../orchestrator/paths.js';
import { refreshReport } from '../../orchestrator/report/index.js';
import { formatPnl, statusTone } from '../../orchestrator/report/doc/format.js';
import { RunLog } from '../../orchestrator/runlog/index.js';
import { writeSampleRun } from './helpers/sample-run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-report-refresh-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capturingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('refreshReport', () => {
  it('rewrites runs/<target>/report.html from the run log', async () => {
    const run = await writeSampleRun(path.join(dir, 'a'), { iterations: 3 });
    const file = await refreshReport(run.runsDir, run.target);
    expect(file).toBe(path.join(run.runsDir, run.target, 'report.html'));
    expect(await readFile(file!, 'utf8')).toContain('data-iterations="3"');
  });

  it('never throws: a report it cannot write is logged and gives null', async () => {
    const run = await writeSampleRun(path.join(dir, 'b'), { iterations: 2 });
    await mkdir(path.join(run.runsDir, run.target, 'report.html', 'in-the-way'), { recursive: true }); // a folder where the file goes
    const { logger, lines } = capturingLogger();
    await expect(refreshReport(run.runsDir, run.target, { logger })).resolves.toBeNull();
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'could not refresh the report', target: run.target, err: expect.objectContaining({ code: 'report_write_failed' }) })]);
    expect((await stat(path.join(run.runsDir, run.target, 'report.html'))).isDirectory()).toBe(true);
  });
});

describe('the report after every iteration', () => {
  it('itercrew run refreshes runs/<target>/report.html with the iteration it just ran', async () => {
    const runsDir = path.join(dir, 'live');
    const r = await execa(process.execPath, [distPath('orchestrator/cli/main.js'), 'run', '-n', '1', '--runs-dir', runsDir, '--json'], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { n: number; status: string; pnl: number | null };
    const report = await readFile(path.join(runsDir, 'strategy-c', 'report.html'), 'utf8');
    const fold = await RunLog.forTarget(runsDir, 'strategy-c').fold();
    expect(fold.iterations).toHaveLength(1);
    expect(report).toContain('data-iterations="1"');
    expect(report).toContain(`<a href="#it-${fold.iterations[0]!.iterationId}">#1</a>`);
    expect(report).toContain(`>${formatPnl(result.pnl)}</span>`);
    // the report was written after iteration_finished: it shows the final status
    expect(report).toContain(`<span class="${statusTone(result.status as 'applied')}">${result.status.replace('_', ' ')}</span>`);
  }, 120_000);
});
