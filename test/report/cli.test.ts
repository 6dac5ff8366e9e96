import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerLine } from '../../orchestrator/cli/format/iteration-rows.js';
import { distPath } from '../../orchestrator/paths.js';
import { writeSampleRun, type SampleRun } from './helpers/sample-run.js';

let dir: string;
let run: SampleRun;

/** Runs the built CLI (a real process). */
function itercrew(...args: string[]) {
  return execa(process.execPath, [distPath('orchestrator/cli/main.js'), ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-report-cli-'));
  run = await writeSampleRun(path.join(dir, 'runs'), { iterations: 24, broken: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('itercrew report', () => {
  it('writes runs/<target>/report.html and says where; counts skipped lines on stderr', async () => {
    const r = await itercrew('report', '--runs-dir', run.runsDir, '--target', run.target);
    expect(r.exitCode, r.stderr).toBe(0);
    const file = path.join(run.runsDir, run.target, 'report.html');
    expect(r.stdout).toBe(`${file} (24 iteration(s))`);
    expect(r.stderr).toContain(`${run.broken.length} unreadable run-log line(s) skipped`);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<table id="iterations">');
  });

  it('--format md --out writes Markdown with its chart files', async () => {
    const out = path.join(dir, 'out', 'r.md');
    const r = await itercrew('report', '--runs-dir', run.runsDir, '-t', run.target, '--format', 'md', '--out', out, '--details', 'all');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${out.replace(/[.]/g, '\\.')} \\(24 iteration\\(s\\), \\d+ chart file\\(s\\) in ${path.join(dir, 'out', 'r-charts')}\\)$`));
    const md = await readFile(out, 'utf8');
    expect(md.match(/<details id="it-/g)).toHaveLength(24); // --details all
  });

  it('refuses bad options with a clear error', async () => {
    const cases: [string[], RegExp][] = [
      [['report', '--runs-dir', run.runsDir, '-t', run.target, '--format', 'pdf'], /^itercrew: report_bad_option: --format "pdf": expected html or md$/m],
      [['report', '--runs-dir', run.runsDir, '-t', run.target, '--details', 'some'], /report_bad_option: --details "some"/],
      [['report', '--runs-dir', run.runsDir, '-t', 'never-ran'], /report_no_run_log: no run log for target never-ran at .*never-ran\/events\.jsonl/],
      [['report', '--runs-dir', run.runsDir, '-t', 'Not A Name'], /report_bad_option: --target "Not A Name" is neither a target definition file nor a target name/],
    ];
    for (const [args, message] of cases) {
      const r = await itercrew(...args);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('itercrew show', () => {
  it('prints one iteration in full, with the paths of its transcript and logs', async () => {
    const s = run.iterations.find((i) => i.status === 'applied' && i.n > 2)!;
    const r = await itercrew('show', String(s.n), '--runs-dir', run.runsDir, '-t', run.target);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`Iteration #${s.n}`);
    for (const heading of ['Brief', 'Proposals', 'Vote', 'Leader and decision', 'Outcome', 'Agents', 'Transcript and logs']) expect(r.stdout).toContain(`\n${heading}\n`);
    const transcript = path.join(run.runsDir, run.target, 'iterations', s.iterationId, 'transcript.jsonl');
    expect(r.stdout).toContain(`transcript.jsonl <${transcript}>`);
    expect(existsSync(transcript)).toBe(true);
    expect(r.stdout).toContain('Objective:          maximise pnl'); // from brief.json
    expect(r.stderr).toContain(`${run.broken.length} unreadable line(s) skipped`);
  });

  it('finds iterations by id and "last"; --json prints the record with its files', async () => {
    const last = run.iterations.at(-1)!;
    const byId = await itercrew('show', last.iterationId, '--runs-dir', run.runsDir, '-t', run.target, '--json');
    const byLast = await itercrew('show', 'last', '--runs-dir', run.runsDir, '-t', run.target, '--json');
    expect(byId.stdout).toBe(byLast.stdout);
    const record = JSON.parse(byId.stdout) as { iterationId: string; status: string; files: { name: string }[]; brief: { objective: unknown } };
    expect(record.iterationId).toBe(last.iterationId);
    expect(record.status).toBe(last.status);
    expect(record.files.map((f) => f.name)).toEqual(['brief.json', 'transcript.jsonl', 'tuner-1.stdout.log']);
    expect(record.brief.objective).toEqual({ metric: 'pnl', direction: 'maximise' });
  });

  it('an unknown iteration is a clear error', async () => {
    const r = await itercrew('show', '999', '--runs-dir', run.runsDir, '-t', run.target);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/report_iteration_not_found: no iteration "999" in the run log \(it has 24 iteration\(s\), sample-tune-000001 … sample-tune-000024\)/);
  });
});

describe('itercrew log', () => {
  it('prints the table as before, every iteration, with skipped lines on stderr', async () => {
    const r = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(headerLine());
    expect(lines.slice(1).map((l) => Number(l.slice(0, 4)))).toEqual(run.iterations.map((s) => s.n));
    expect(r.stderr.trim().split('\n').map((l) => Number(/:(\d+): skipped: /.exec(l)?.[1]))).toEqual(run.broken.map((b) => b.line));
  });

  it('--status and --since filter; --json prints the records', async () => {
    const r = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target, '--status', 'applied,failed', '--since', '10', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    const got = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { n: number; status: string; cumulativePnl: number });
    const want = run.iterations.filter((s) => s.n >= 10 && (s.status === 'applied' || s.status === 'failed'));
    expect(got.map((g) => [g.n, g.status])).toEqual(want.map((s) => [s.n, s.status]));
    // cumulative PnL stays the whole log's
    const last = got.at(-1)!;
    expect(last.cumulativePnl).toBeCloseTo(run.iterations.filter((s) => s.n <= last.n).reduce((sum, s) => sum + (s.pnl ?? 0), 0), 9);

    const sinceTime = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target, '--since', '2026-02-24T05:00:00Z');
    const rows = sinceTime.stdout.split('\n').slice(1);
    expect(rows.length).toBe(run.iterations.filter((s) => Date.parse((s.events[0] as { ts: string }).ts) >= Date.parse('2026-02-24T05:00:00Z')).length);
    const none = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target, '--since', '30m');
    expect(none.stdout).toMatch(/^no iterations match \(24 in .*events\.jsonl\)$/);
  });

  it('bad filters are clear errors', async () => {
    const status = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target, '--status', 'great');
    expect(status.exitCode).toBe(1);
    expect(status.stderr).toMatch(/^itercrew: report_bad_filter: --status: unknown status "great"; known: applied, no_change/m);
    const since = await itercrew('log', '--runs-dir', run.runsDir, '-t', run.target, '--since', 'last tuesday');
    expect(since.exitCode).toBe(1);
    expect(since.stderr).toMatch(/report_bad_filter: --since "last tuesday": expected an ISO date/);
  });
});
