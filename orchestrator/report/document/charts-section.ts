import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import type { Block, DocSection } from '../doc/blocks.js';
import { chartInput } from '../charts/chart-input.js';
import { cumulativePnlChart } from '../charts/cumulative-pnl-chart.js';
import { paramChart } from '../charts/param-chart.js';
import { pnlBarsChart } from '../charts/pnl-bars-chart.js';
import { tunedParamSeries } from '../model/param-series.js';

/**
 * The charts: cumulative PnL, PnL per iteration, and each tuned parameter's value over
 * iterations with reverts marked (inline SVG; no script, nothing fetched).
 */
export function chartsSection(records: readonly IterationRecord[]): DocSection {
  if (records.length === 0) return { id: 'charts', title: 'Charts', blocks: [{ kind: 'paragraph', text: 'No iterations yet.' }] };
  const input = chartInput(records);
  const revertNote = input.reverts.length > 0 ? ` Red triangles mark the ${input.reverts.length} revert${input.reverts.length === 1 ? '' : 's'}.` : '';
  const blocks: Block[] = [
    { kind: 'figure', name: 'cumulative-pnl', title: 'Cumulative PnL', svg: cumulativePnlChart(input), caption: `Sum of measured PnL after each iteration (x: iteration number).${revertNote}` },
    { kind: 'figure', name: 'pnl-per-iteration', title: 'PnL per iteration', svg: pnlBarsChart(input), caption: 'PnL of each iteration on its live segment; hover a bar for the value.' },
  ];
  const series = tunedParamSeries(records);
  const params: Block[] = series.map((s) => ({
    kind: 'figure',
    name: `param-${s.param.replace(/[^A-Za-z0-9._-]/g, '_')}`,
    title: s.param,
    svg: paramChart(input, s),
    caption: `${s.changes.length} change${s.changes.length === 1 ? '' : 's'}${s.reverts.length > 0 ? `, ${s.reverts.length} revert${s.reverts.length === 1 ? '' : 's'}` : ''}.`,
  }));
  blocks.push({
    kind: 'section',
    section: {
      id: 'charts-params',
      title: 'Tuned parameters',
      blocks: params.length > 0 ? params : [{ kind: 'paragraph', text: 'No parameter has been changed yet.' }],
    },
  });
  return { id: 'charts', title: 'Charts', blocks };
}
