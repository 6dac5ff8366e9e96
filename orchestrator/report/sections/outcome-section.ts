import { formatNumber } from '../../target/space/grid.js';
import { code, type Block, type Text } from '../doc/blocks.js';
import { formatAny, formatDuration, formatValue, pnlSpan, shortSha, statusSpan } from '../doc/format.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

/**
 * What the iteration came to: status and reason, the config diff, the commit, the PnL on the live
 * segment against the starting config's PnL there (the baseline), the metrics, and phase timings.
 */
export const outcomeSection: IterationSectionSpec = {
  id: 'outcome',
  title: 'Outcome',
  build({ record: r }: IterationDetailContext): Block[] {
    const fields: [string, Text][] = [
      ['Status', statusSpan(r.status)],
      ['Reason', r.reason || '(none)'],
    ];
    if (r.commit !== undefined) fields.push(['Commit', code(shortSha(r.commit.sha), { title: r.commit.sha })]);
    if (r.pnl !== undefined) {
      const { pnl, baselinePnl, segment } = r.pnl;
      fields.push(['PnL', [pnlSpan(pnl), ` on windows ${segment.from}–${segment.to - 1}`]]);
      if (baselinePnl !== undefined) {
        fields.push(['Baseline PnL', [pnlSpan(baselinePnl), ' (the starting config on the same windows)']]);
        fields.push(['PnL vs baseline', pnlSpan(pnl - baselinePnl)]);
      }
      fields.push(['Cumulative PnL', pnlSpan(r.cumulativePnl)]);
    } else fields.push(['PnL', { text: 'not measured', tone: 'muted' }]);
    if (r.phases.length > 0)
      fields.push(['Phases', r.phases.map((p) => `${p.phase} ${formatDuration(p.durationMs)}${p.deadlineHit ? ' (deadline)' : ''}`).join(' · ')]);
    const blocks: Block[] = [{ kind: 'fields', fields }];
    if (r.diff.length > 0)
      blocks.push({
        kind: 'table',
        columns: [
          { title: 'parameter', key: 'param' },
          { title: 'old', key: 'old', align: 'right' },
          { title: 'new', key: 'new', align: 'right' },
        ],
        rows: r.diff.map((c) => [code(c.param), code(formatValue(c.old)), code(formatValue(c.new))]),
      });
    if (r.pnl !== undefined) {
      const metrics = Object.entries(r.pnl.metrics).filter(([k, v]) => k !== 'perWindow' && v !== undefined);
      if (metrics.length > 0) blocks.push({ kind: 'paragraph', text: ['Metrics: ', ...metrics.flatMap(([k, v], i) => [i > 0 ? ' · ' : '', code(`${k}=${typeof v === 'number' ? formatNumber(v) : formatAny(v)}`)])] });
    }
    if (r.commit !== undefined && r.commit.message) blocks.push({ kind: 'code', text: r.commit.message.trimEnd() });
    return blocks;
  },
};
