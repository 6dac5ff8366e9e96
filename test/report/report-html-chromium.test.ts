import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../orchestrator/report/index.js';
import { formatPnl, formatUsd } from '../../orchestrator/report/doc/format.js';
import { RunLog } from '../../orchestrator/runlog/index.js';
import { writeSampleRun, type SampleRun } from './helpers/sample-run.js';

/** A DOM node as the page callbacks read it (the project's tsconfig has no DOM lib). */
type Cell = { textContent: string | null };

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report-html-chromium: skipped — ${CHROMIUM} is absent (install Debian's chromium: apt-get install -y chromium; .ci/run does)`);

let dir: string;
let run: SampleRun;
let reportFile: string;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];

describe.skipIf(!haveChromium)('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'itercrew-report-html-'));
    run = await writeSampleRun(path.join(dir, 'runs'), { iterations: 24, broken: true });
    reportFile = (await writeReport({ runsDir: run.runsDir, target: run.target, detailLimit: 10 })).file;
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(reportFile).href);
  });

  afterAll(async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches nothing but the page itself and has no script', async () => {
    expect(requests).toEqual([pathToFileURL(reportFile).href]);
    expect(await page.locator('script, link, img, iframe, object').count()).toBe(0);
    const html = await readFile(reportFile, 'utf8');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('has the iterations table with one row per iteration, numbers as in the run log', async () => {
    const fold = await RunLog.forTarget(run.runsDir, run.target).fold();
    expect(fold.iterations).toHaveLength(24);
    const headers = await page.locator('#iterations thead th').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(['n', 'trigger', 'status', 'decision', 'config diff', 'PnL', 'cum PnL', 'commit', 'agents’ cost']);
    const rows = await page.locator('#iterations tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => ((td as Cell).textContent ?? '').trim())));
    expect(rows).toHaveLength(fold.iterations.length);
    let cumulative = 0;
    fold.iterations.forEach((r, i) => {
      const row = rows[i] as string[];
      const sample = run.iterations[i]!;
      expect(row[0]).toBe(sample.kind === 'review' ? `#${sample.n} (review)` : `#${sample.n}`);
      expect(row[2]).toBe(sample.status.replace('_', ' '));
      expect(row[5]).toBe(formatPnl(sample.pnl));
      cumulative += sample.pnl ?? 0;
      expect(row[6]).toBe(formatPnl(cumulative));
      expect(row[7]).toBe(r.commit ? r.commit.sha.slice(0, 7) : '-');
      expect(row[4]).toBe(r.diff.length ? r.diff.map((c) => `${c.param}: ${c.old} → ${c.new}`).join(', ') : 'no change');
    });
    // LLM agents report a cost: every third iteration that spawned agents has one at $0.0412.
    const costs = rows.map((r) => r[8]);
    expect(costs.filter((c) => c === '$0.0412').length).toBe(fold.iterations.filter((r) => r.agents.some((a) => a.costUsd !== undefined)).length);
  });

  it('has the summary: counts by status, cumulative PnL, best iteration, cost', async () => {
    const counts = await page.locator('#status-counts').evaluate((t) => {
      const heads = Array.from(t.querySelectorAll('th'), (th) => ((th as Cell).textContent ?? '').trim());
      const cells = Array.from(t.querySelectorAll('tbody td'), (td) => Number((td as Cell).textContent));
      return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
    });
    const expected: Record<string, number> = { applied: 0, 'no change': 0, rejected: 0, failed: 0, reverted: 0, skipped: 0 };
    for (const s of run.iterations) expected[s.status.replace('_', ' ')]! += 1;
    expect(counts).toEqual(expected);
    const summary = await page.locator('#summary').innerText();
    const total = run.iterations.reduce((sum, s) => sum + (s.pnl ?? 0), 0);
    expect(summary).toContain(`Cumulative PnL\n${formatPnl(total)} over ${run.iterations.filter((s) => s.pnl !== null).length} measured iterations`);
    const best = run.iterations.filter((s) => s.pnl !== null).reduce((a, b) => ((b.pnl as number) > (a.pnl as number) ? b : a));
    expect(summary).toMatch(new RegExp(`Best iteration\\s+iteration #${best.n}: PnL \\${formatPnl(best.pnl)}`));
    const llmAgents = run.iterations.flatMap((s) => s.events).filter((e) => e.type === 'agent_exited' && e.costUsd !== undefined).length;
    expect(summary).toContain(`${formatUsd(llmAgents * 0.0412)} (${llmAgents} of `);
    expect(summary).toMatch(/Agent tokens\s+input [\d,]+ · output [\d,]+/);
  });

  it('has the charts, and their numbers match the run log', async () => {
    const total = run.iterations.reduce((sum, s) => sum + (s.pnl ?? 0), 0);
    const cumulative = page.locator('svg[data-chart="cumulative-pnl"]');
    await expect(cumulative.count()).resolves.toBe(1);
    expect(Number(await cumulative.getAttribute('data-final'))).toBeCloseTo(total, 9);
    expect(await cumulative.getAttribute('data-iterations')).toBe('24');
    const box = await cumulative.boundingBox();
    expect(box!.width).toBeGreaterThan(300); // drawn, not collapsed

    const bars = await page.locator('svg[data-chart="pnl-bars"] g[data-bar]').evaluateAll((gs) => gs.map((g) => ({ n: g.getAttribute('data-bar'), title: g.querySelector('title')?.textContent ?? '', rects: g.querySelectorAll('rect').length })));
    const measured = run.iterations.filter((s) => s.pnl !== null);
    expect(bars.map((b) => b.n)).toEqual(measured.map((s) => String(s.n)));
    for (const [i, b] of bars.entries()) {
      expect(b.title).toBe(`iteration ${measured[i]!.n}: ${formatPnl(measured[i]!.pnl)}`);
      expect(b.rects).toBe(1);
    }

    const fold = await RunLog.forTarget(run.runsDir, run.target).fold();
    const tuned = [...new Set(fold.iterations.flatMap((r) => r.diff.map((c) => c.param)))];
    const params = await page.locator('svg[data-chart="param"]').evaluateAll((svgs) => svgs.map((s) => ({ param: s.getAttribute('data-param'), changes: Number(s.getAttribute('data-changes')), reverts: Number(s.getAttribute('data-reverts')), last: s.getAttribute('data-last'), marks: s.querySelectorAll('[data-marker="revert"]').length })));
    expect(params.map((p) => p.param)).toEqual(tuned);
    const finalParams = { ...(fold.iterations.findLast((r) => r.baseParams)!.baseParams as Record<string, unknown>) };
    for (const c of fold.iterations.at(-1)!.diff) finalParams[c.param] = c.new;
    for (const p of params) {
      const changes = fold.iterations.filter((r) => r.diff.some((c) => c.param === p.param)).length;
      const reverts = fold.iterations.filter((r) => r.status === 'reverted' && r.diff.some((c) => c.param === p.param)).length;
      expect(p.changes, p.param!).toBe(changes);
      expect(p.reverts, p.param!).toBe(reverts);
      expect(p.marks, p.param!).toBe(reverts);
      expect(p.last, p.param!).toBe(String(finalParams[p.param!]));
    }
    expect(params.reduce((n, p) => n + p.reverts, 0)).toBe(run.iterations.filter((s) => s.status === 'reverted').length);
  });

  it('says which run-log lines it skipped and still renders the rest', async () => {
    const rows = await page.locator('#skipped-lines tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => ((td as Cell).textContent ?? '').trim())));
    expect(rows.map((r) => Number(r[0]))).toEqual(run.broken.map((b) => b.line));
    rows.forEach((r, i) => expect(r[1]).toMatch(run.broken[i]!.reason));
    expect(await page.locator('#skipped').innerText()).toContain(`${run.broken.length} lines of`);
    expect(await page.locator('#iterations tbody tr').count()).toBe(24);
  });

  it('shows the detail of recent iterations with relative links to their transcripts', async () => {
    const details = page.locator('#details details');
    // detailLimit 10, plus the review iterations before the last 10
    const shown = run.iterations.filter((s, i) => i >= 14 || s.kind === 'review').map((s) => `it-${s.iterationId}`);
    expect(await details.evaluateAll((ds) => ds.map((d) => d.id))).toEqual(shown);
    const last = run.iterations.at(-1)!;
    const detail = page.locator(`#it-${last.iterationId}`);
    await detail.evaluate((d) => ((d as unknown as { open: boolean }).open = true));
    const text = await detail.innerText();
    expect(text).toContain('BRIEF'); // h4 headings are upper-cased by the stylesheet
    expect(text).toContain('maximise pnl');
    const href = await detail.locator('a[href$="transcript.jsonl"]').getAttribute('href');
    expect(href).toBe(`iterations/${last.iterationId}/transcript.jsonl`);
    const target = fileURLToPath(new URL(href!, pathToFileURL(reportFile)));
    expect((await stat(target)).isFile()).toBe(true);
    // the table links the detailed iterations
    expect(await page.locator(`#iterations a[href="#it-${last.iterationId}"]`).count()).toBe(1);
  });

  it('shows proposals with rationale, rejected proposals, ballots, leader and decision', async () => {
    const fold = await RunLog.forTarget(run.runsDir, run.target).fold();
    const applied = fold.iterations.findLast((r) => r.status === 'applied' && r.votes.length > 0)!;
    const detail = page.locator(`#it-${applied.iterationId}`);
    await detail.evaluate((d) => ((d as unknown as { open: boolean }).open = true));
    const text = await detail.innerText();
    for (const p of applied.proposals) expect(text).toContain(p.hypothesis);
    for (const b of applied.votes[0]!.ballots) expect(text).toContain(b.agentName);
    expect(text).toContain(`Leader\n${applied.leader!.leaderName}`);
    expect(text).toContain(applied.decision!.rationale);
    expect(text).toContain(`PnL vs baseline\n${formatPnl(applied.pnl!.pnl - applied.pnl!.baselinePnl!)}`);
    const rejected = fold.iterations.findLast((r) => r.rejectedProposals.length > 0)!;
    const rdetail = page.locator(`#it-${rejected.iterationId}`);
    await rdetail.evaluate((d) => ((d as unknown as { open: boolean }).open = true));
    expect(await rdetail.innerText()).toContain(rejected.rejectedProposals[0]!.reason);
  });

  it('shows review iterations with their findings and actions (event types it does not know)', async () => {
    const reviews = page.locator('#reviews');
    const text = await reviews.innerText();
    expect(text).toContain('review_finding');
    expect(text).toContain('parameter appears to have no effect over the last 20 iterations');
    expect(text).toContain('review_action');
    expect(await page.locator('#reviews section').count()).toBe(run.iterations.filter((s) => s.kind === 'review').length);
  });
});
