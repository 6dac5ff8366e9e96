import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chartInput,
  cleanNumber,
  decisionHeadline,
  filterIterations,
  formatDuration,
  formatPnl,
  paramChart,
  parseSince,
  parseStatuses,
  renderMarkdown,
  renderText,
  ReportError,
  summarize,
  tunedParamSeries,
  type Doc,
} from '../../orchestrator/report/index.js';
import { envelopeIndices } from '../../orchestrator/report/charts/downsample.js';
import { niceTicks } from '../../orchestrator/report/charts/scale.js';
import { iterationId, RunLog, type IterationRecord, type RunLogEventInput } from '../../orchestrator/runlog/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-report-model-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Params = Record<string, number | string | boolean>;
let clock = Date.parse('2026-03-01T10:00:00.000Z');

/** Appends one iteration through RunLog: started from `params`, optionally committing `diff`, measuring `pnl`, agents with costs. */
async function iteration(log: RunLog, n: number, o: { params: Params; diff?: [string, number | string, number | string][]; pnl?: number; baseline?: number; status?: string; cost?: number[]; finished?: boolean; decision?: number }): Promise<void> {
  const id = iterationId('t', 'tune', n);
  const ts = () => new Date((clock += 1000)).toISOString();
  const events: RunLogEventInput[] = [{ type: 'iteration_started', ts: ts(), iterationId: id, n, kind: 'tune', trigger: 'schedule', runId: 'r', params: o.params, baseCommit: `base${n}`.padEnd(40, '0') }];
  (o.cost ?? []).forEach((c, k) => {
    events.push({ type: 'agent_spawned', ts: ts(), iterationId: id, agentId: `a${k}`, name: `tuner-${k}`, role: 'tuner', runtime: 'claude-code', pid: 1 });
    events.push({ type: 'agent_exited', ts: ts(), iterationId: id, agentId: `a${k}`, exitCode: 0, signal: null, durationMs: 10, reason: 'finished', costUsd: c, tokens: { input: 100, output: 10 } });
  });
  if (o.decision !== undefined) events.push({ type: 'decision_made', ts: ts(), iterationId: id, by: 'a0', byName: 'tuner-0', option: o.decision, changes: Object.fromEntries((o.diff ?? []).map(([p, , v]) => [p, v])), rationale: 'most votes' });
  if (o.diff) events.push({ type: 'config_committed', ts: ts(), iterationId: id, commit: `c${n}`.padEnd(40, 'f'), diff: o.diff.map(([param, old, nw]) => ({ param, old, new: nw })), message: 'm' });
  if (o.pnl !== undefined) events.push({ type: 'pnl_measured', ts: ts(), iterationId: id, pnl: o.pnl, segment: { from: n * 3, to: n * 3 + 3 }, metrics: { pnl: o.pnl }, ...(o.baseline !== undefined ? { baselinePnl: o.baseline } : {}) });
  if (o.finished !== false) events.push({ type: 'iteration_finished', ts: ts(), iterationId: id, status: (o.status ?? (o.diff ? 'applied' : 'no_change')) as 'applied', reason: 'r', durationMs: 900 });
  for (const e of events) await log.append(e);
}

async function records(build: (log: RunLog) => Promise<void>): Promise<IterationRecord[]> {
  const log = RunLog.forTarget(dir, 't');
  await build(log);
  await log.close();
  return (await log.fold()).iterations;
}

describe('summary', () => {
  it('counts statuses, sums PnL and cost, finds the best config and its commit', async () => {
    const rs = await records(async (log) => {
      await iteration(log, 1, { params: { a: 1, b: 'x' }, diff: [['a', 1, 2]], pnl: 1.5, baseline: 1, cost: [0.25, 0.5] });
      await iteration(log, 2, { params: { a: 2, b: 'x' }, pnl: 4, baseline: 4 }); // no change: best, its config is at the base commit
      await iteration(log, 3, { params: { a: 2, b: 'x' }, diff: [['a', 2, 1]], pnl: 4, status: 'reverted' }); // ties do not replace the first best
      await iteration(log, 4, { params: { a: 1, b: 'x' }, status: 'failed' });
      await iteration(log, 5, { params: { a: 1, b: 'x' }, finished: false });
    });
    const s = summarize(rs);
    expect(s.iterations).toBe(5);
    expect(s.byStatus).toEqual({ applied: 1, no_change: 1, rejected: 0, failed: 1, reverted: 1, skipped: 0, incomplete: 1 });
    expect(s.measured).toBe(3);
    expect(s.cumulativePnl).toBe(9.5);
    expect(s.cumulativePnl).toBe(rs.at(-1)!.cumulativePnl);
    expect(s.best).toEqual({ iterationId: 't-tune-000002', n: 2, pnl: 4, baselinePnl: 4, segment: { from: 6, to: 9 }, params: { a: 2, b: 'x' }, commit: 'base2'.padEnd(40, '0') });
    expect(s.cost).toEqual({ usd: 0.75, agents: 2, agentsReporting: 2, tokens: { input: 200, output: 20, cacheRead: 0, cacheCreation: 0 } });
    expect(s.span!.from).toBe(rs[0]!.startedAt);
    expect(s.span!.ms).toBe(Date.parse(rs.at(-1)!.startedAt) - Date.parse(rs[0]!.startedAt));
  });

  it('the best config of an applied iteration is its base with its diff, at its own commit', async () => {
    const rs = await records(async (log) => {
      await iteration(log, 1, { params: { a: 1, b: 'x' }, diff: [['b', 'x', 'y']], pnl: 2 });
    });
    expect(summarize(rs).best).toMatchObject({ params: { a: 1, b: 'y' }, commit: 'c1'.padEnd(40, 'f') });
  });
});

describe('tuned parameter series', () => {
  it('steps at each change, notices hand edits between iterations, marks reverts, keeps enums', async () => {
    const rs = await records(async (log) => {
      await iteration(log, 1, { params: { a: 1, mode: 'rate', fixed: 3 }, diff: [['a', 1, 2]] });
      await iteration(log, 2, { params: { a: 2, mode: 'rate', fixed: 3 }, diff: [['mode', 'rate', 'quartic']] });
      await iteration(log, 3, { params: { a: 5, mode: 'quartic', fixed: 3 } }); // a edited by hand to 5 before #3
      await iteration(log, 4, { params: { a: 5, mode: 'quartic', fixed: 3 }, diff: [['mode', 'quartic', 'rate']], status: 'reverted' });
    });
    const series = tunedParamSeries(rs);
    expect(series.map((s) => s.param)).toEqual(['a', 'mode']);
    const [a, mode] = series;
    expect(a).toEqual({ param: 'a', start: 1, steps: [{ index: 0, value: 2 }, { index: 2, value: 5 }], changes: [0], reverts: [], last: 5 });
    expect(mode).toEqual({ param: 'mode', start: 'rate', steps: [{ index: 1, value: 'quartic' }, { index: 3, value: 'rate' }], changes: [1, 3], reverts: [3], last: 'rate' });
    const svg = paramChart(chartInput(rs), mode!);
    expect(svg).toContain('data-reverts="1"');
    expect(svg).toContain('>quartic</text>'); // category axis
    expect(svg).toContain('<title>iteration 2: rate &#8594; quartic</title>'); // non-ASCII as character references
    expect(svg).toContain('<title>revert: iteration 4</title>');
  });
});

describe('decision headline', () => {
  it('says keep, option and who, or why there was no decision', async () => {
    const rs = await records(async (log) => {
      await iteration(log, 1, { params: { a: 1 }, diff: [['a', 1, 2]], decision: 2 });
      await iteration(log, 2, { params: { a: 2 }, decision: 0 });
      await iteration(log, 3, { params: { a: 2 }, status: 'rejected' });
      await iteration(log, 4, { params: { a: 2 }, finished: false });
    });
    expect(rs.map(decisionHeadline)).toEqual(['option 2 by tuner-0: most votes', 'keep current config by tuner-0: most votes', 'r', 'no decision yet']);
  });
});

describe('log filters', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('parses --since as an iteration number, a duration ago or an ISO time', () => {
    expect(parseSince('40', now)).toEqual({ kind: 'iteration', n: 40 });
    expect(parseSince('30m', now)).toEqual({ kind: 'time', from: new Date('2026-03-01T11:30:00Z') });
    expect(parseSince('2d', now)).toEqual({ kind: 'time', from: new Date('2026-02-27T12:00:00Z') });
    expect(parseSince('2026-02-24', now)).toEqual({ kind: 'time', from: new Date('2026-02-24T00:00:00Z') });
    expect(parseSince('2026-02-24T15:00Z', now)).toEqual({ kind: 'time', from: new Date('2026-02-24T15:00:00Z') });
    for (const bad of ['yesterday', '5 parsecs', '2026-13-45', '']) {
      const e = (() => {
        try {
          parseSince(bad, now);
        } catch (err) {
          return err;
        }
      })();
      expect(e, bad).toBeInstanceOf(ReportError);
      expect((e as ReportError).code).toBe('report_bad_filter');
    }
  });

  it('parses --status lists with aliases and refuses unknown statuses', () => {
    expect([...parseStatuses('applied, no-change,FAILED')]).toEqual(['applied', 'no_change', 'failed']);
    expect(() => parseStatuses('applied,great')).toThrow(/unknown status "great"; known: applied, no_change, rejected, failed, reverted, skipped, incomplete/);
    expect(() => parseStatuses(',')).toThrow(ReportError);
  });

  it('filters records by status and since', async () => {
    const rs = await records(async (log) => {
      await iteration(log, 1, { params: { a: 1 }, diff: [['a', 1, 2]] });
      await iteration(log, 2, { params: { a: 2 }, status: 'failed' });
      await iteration(log, 3, { params: { a: 2 }, diff: [['a', 2, 3]] });
    });
    const n = (xs: IterationRecord[]) => xs.map((r) => r.n);
    expect(n(filterIterations(rs, { statuses: parseStatuses('applied') }))).toEqual([1, 3]);
    expect(n(filterIterations(rs, { since: { kind: 'iteration', n: 2 } }))).toEqual([2, 3]);
    expect(n(filterIterations(rs, { since: { kind: 'time', from: new Date(rs[1]!.startedAt) }, statuses: parseStatuses('applied,failed') }))).toEqual([2, 3]);
    expect(n(filterIterations(rs, {}))).toEqual([1, 2, 3]);
  });
});

describe('chart helpers', () => {
  it('envelopeIndices keeps first, last, and each bucket’s lowest and highest point', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * (i === 500 ? 100 : 1));
    const kept = envelopeIndices(values, 50);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(999);
    expect(kept).toContain(500); // the spike survives
    expect(kept.length).toBeLessThanOrEqual(200);
    expect([...kept].sort((x, y) => x - y)).toEqual(kept);
    expect(envelopeIndices([3, 1, 2], 50)).toEqual([0, 1, 2]);
  });

  it('niceTicks covers the range with 1-2-5 steps', () => {
    expect(niceTicks(-3.27, 12.1, 5)).toEqual({ ticks: [-5, 0, 5, 10, 15], domain: [-5, 15] });
    expect(niceTicks(0.0012, 0.003, 3).ticks).toEqual([0.001, 0.002, 0.003]);
    expect(niceTicks(0.0012, 0.003, 6).ticks).toEqual([0.001, 0.0015, 0.002, 0.0025, 0.003]);
    expect(niceTicks(2, 2).domain[0]).toBeLessThan(2);
  });
});

describe('formats', () => {
  it('money, numbers and durations', () => {
    expect([formatPnl(1.234), formatPnl(-0.4), formatPnl(-0.001), formatPnl(null), formatPnl(Number.NaN)]).toEqual(['+1.23', '-0.40', '+0.00', 'n/a', 'n/a']);
    expect(cleanNumber(0.1 + 0.2)).toBe('0.3');
    expect(cleanNumber(-1.886957)).toBe('-1.886957');
    expect(cleanNumber(12.100000000000001)).toBe('12.1');
    expect([formatDuration(850), formatDuration(12_345), formatDuration(245_000), formatDuration(3 * 3_600_000 + 12 * 60_000), formatDuration(50 * 3_600_000)]).toEqual(['850 ms', '12.3 s', '4 min 05 s', '3 h 12 min', '2 d 2 h']);
  });
});

describe('text rendering', () => {
  it('aligns fields and tables and prints link targets', () => {
    const doc: Doc = {
      title: 'T',
      sections: [
        {
          id: 's',
          title: 'Section',
          blocks: [
            { kind: 'fields', fields: [['A', 'one'], ['Longer', { text: 'log', href: '/x/log.txt' }]] },
            { kind: 'table', columns: [{ title: 'n', key: 'n', align: 'right' }, { title: 'what', key: 'w' }], rows: [['1', 'a'], ['10', 'bb']] },
          ],
        },
      ],
    };
    const md = renderMarkdown({ title: 'T', sections: [{ id: 's', title: 'S', blocks: [{ kind: 'paragraph', text: { text: 'log (1)', href: 'iterations/x/a%20b (1).log' } }] }] }, { chartsDir: 'c' }).markdown;
    expect(md).toContain('[log (1)](iterations/x/a%20b%20%281%29.log)'); // encoded once, parentheses escaped
    expect(renderText(doc)).toBe(['T', '=', '', 'Section', '=======', '', 'A:      one', 'Longer: log </x/log.txt>', '', ' n  what', ' 1  a', '10  bb', ''].join('\n'));
  });
});
