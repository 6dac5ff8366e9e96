import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../orchestrator/report/index.js';
import { formatPnl } from '../../orchestrator/report/doc/format.js';
import { iterationId, RunLog } from '../../orchestrator/runlog/index.js';
import { writeSampleRun, type SampleRun } from './helpers/sample-run.js';

let dir: string;
let run: SampleRun;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-report-md-'));
  run = await writeSampleRun(path.join(dir, 'runs'), { iterations: 24, broken: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Cells of a GitHub table row, split at unescaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('the Markdown report', () => {
  it('writes the report and its SVG charts beside it; every image link resolves', async () => {
    const out = path.join(dir, 'elsewhere', 'nightly.md');
    const written = await writeReport({ runsDir: run.runsDir, target: run.target, format: 'md', out });
    expect(written.file).toBe(out);
    const md = await readFile(out, 'utf8');
    const images = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => decodeURI(m[1]!));
    expect(images).toContain('nightly-charts/cumulative-pnl.svg');
    expect(images).toContain('nightly-charts/pnl-per-iteration.svg');
    expect(images.filter((i) => i.startsWith('nightly-charts/param-')).length).toBeGreaterThan(0);
    for (const img of images) {
      const svg = await readFile(path.join(dir, 'elsewhere', img), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), img).toBe(true);
      expect(svg).not.toMatch(/<script|href="http/);
    }
    expect((await readdir(path.join(dir, 'elsewhere', 'nightly-charts'))).sort()).toEqual(images.map((i) => path.basename(i)).sort());
    expect(written.charts.map((c) => path.relative(path.join(dir, 'elsewhere'), c)).sort()).toEqual(images.sort());
  });

  it('has a pipe table with one row per iteration and the run log’s numbers', async () => {
    const out = path.join(dir, 'table.md');
    await writeReport({ runsDir: run.runsDir, target: run.target, format: 'md', out });
    const md = await readFile(out, 'utf8');
    const table = md.slice(md.indexOf('| n | trigger |'));
    const lines = table.split('\n');
    expect(cells(lines[0]!)).toEqual(['n', 'trigger', 'status', 'decision', 'config diff', 'PnL', 'cum PnL', 'commit', 'agents’ cost']);
    expect(lines[1]).toMatch(/^\|( ---:? \|| ---: \|)+$/);
    const rows = lines.slice(2, 2 + 24).map(cells);
    expect(rows).toHaveLength(24);
    let cumulative = 0;
    rows.forEach((row, i) => {
      const s = run.iterations[i]!;
      expect(row).toHaveLength(9);
      expect(row[0]).toContain(`#${s.n}`);
      expect(row[2]).toBe(s.status.replace('_', ' '));
      expect(row[5]).toBe(formatPnl(s.pnl));
      cumulative += s.pnl ?? 0;
      expect(row[6]).toBe(formatPnl(cumulative));
    });
    // skipped lines are listed with their numbers
    const skipped = md.slice(md.indexOf('| line | reason | text |')).split('\n').slice(2, 2 + run.broken.length).map(cells);
    expect(skipped.map((r) => Number(r[0]))).toEqual(run.broken.map((b) => b.line));
  });

  it('links transcripts relative to where the report is', async () => {
    const out = path.join(dir, 'deep', 'er', 'r.md');
    await writeReport({ runsDir: run.runsDir, target: run.target, format: 'md', out });
    const md = await readFile(out, 'utf8');
    const links = [...md.matchAll(/\]\(([^)]+transcript\.jsonl)\)/g)].map((m) => decodeURI(m[1]!));
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l.startsWith('../../runs/sample/iterations/')).toBe(true);
      expect(existsSync(path.join(dir, 'deep', 'er', l))).toBe(true);
    }
  });

  it('removes chart files a new report no longer has', async () => {
    const out = path.join(dir, 'stale', 'r.md');
    await mkdir(path.join(dir, 'stale', 'r-charts'), { recursive: true });
    await writeFile(path.join(dir, 'stale', 'r-charts', 'param-gone.svg'), '<svg/>');
    await writeFile(path.join(dir, 'stale', 'r-charts', 'notes.txt'), 'mine');
    await writeReport({ runsDir: run.runsDir, target: run.target, format: 'md', out });
    const files = await readdir(path.join(dir, 'stale', 'r-charts'));
    expect(files).not.toContain('param-gone.svg');
    expect(files).toContain('notes.txt');
  });
});

describe('agent text is escaped in every format', () => {
  it('HTML and Markdown neither run nor break on <script>, pipes and backticks', async () => {
    const runsDir = path.join(dir, 'escape-runs');
    const log = RunLog.forTarget(runsDir, 'esc');
    const id = iterationId('esc', 'tune', 1);
    const nasty = 'wider | spread <script>alert(1)</script> `tick` *bold* [x](http://evil)';
    await log.append({ type: 'iteration_started', iterationId: id, n: 1, kind: 'tune', trigger: 'manual', runId: 'r', params: { a: 1 }, baseCommit: null });
    await log.append({ type: 'agent_spawned', iterationId: id, agentId: 'x.tuner-1', name: 'tuner-1', role: 'tuner', runtime: 'local', pid: null });
    await log.append({ type: 'proposal_received', iterationId: id, agentId: 'x.tuner-1', option: 1, changes: { a: 2 }, hypothesis: nasty, evidence: nasty });
    await log.append({ type: 'proposal_rejected', iterationId: id, agentId: 'x.tuner-1', changes: { '<b>': '|' }, reason: nasty });
    await log.append({ type: 'iteration_finished', iterationId: id, status: 'rejected', reason: nasty, durationMs: 5 });
    await log.close();
    const html = await readFile((await writeReport({ runsDir, target: 'esc' })).file, 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('wider | spread &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('href="http://evil"');
    const md = await readFile((await writeReport({ runsDir, target: 'esc', format: 'md' })).file, 'utf8');
    expect(md).not.toContain('<script>');
    expect(md).toContain('wider \\| spread &lt;script&gt;alert(1)&lt;/script&gt; \\`tick\\` \\*bold\\* \\[x\\](http://evil)');
    const row = md.split('\n').find((l) => l.startsWith('| [#1](#it-esc-tune-000001) |'))!;
    expect(cells(row)).toHaveLength(9);
  });
});
