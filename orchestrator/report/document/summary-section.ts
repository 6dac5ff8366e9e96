import type { Block, DocSection, Span, Text } from '../doc/blocks.js';
import { code, link } from '../doc/blocks.js';
import { formatCount, formatDuration, formatTime, formatUsd, pnlSpan, shortSha, statusLabel } from '../doc/format.js';
import { REPORT_STATUSES, type ReportSummary } from '../model/report-summary.js';
import type { ReportInput } from '../model/report-input.js';
import { paramsText } from '../sections/brief-section.js';
import { iterationAnchor } from '../sections/iteration-detail.js';

/**
 * The summary: iterations by status, cumulative PnL, the best config with its commit, agent cost
 * in USD and tokens, the time span, and what the reader had to skip.
 */
export function summarySection(input: ReportInput, summary: ReportSummary, detailed: ReadonlySet<string>): DocSection {
  const fields: [string, Text][] = [];
  fields.push(['Iterations', `${summary.iterations} (${summary.tune} tune, ${summary.review} review)`]);
  fields.push(['Cumulative PnL', [pnlSpan(summary.cumulativePnl), ` over ${summary.measured} measured iteration${summary.measured === 1 ? '' : 's'}`]]);
  const best = summary.best;
  if (best !== undefined) {
    const label = best.n !== undefined ? `#${best.n}` : best.iterationId;
    const parts: (string | Span)[] = [
      'iteration ',
      detailed.has(best.iterationId) ? link(label, `#${iterationAnchor(best.iterationId)}`) : label,
      ': PnL ',
      pnlSpan(best.pnl),
      ` on windows ${best.segment.from}–${best.segment.to - 1}`,
    ];
    if (best.baselinePnl !== undefined) parts.push(' (baseline ', pnlSpan(best.baselinePnl), ')');
    parts.push(', commit ', best.commit === null ? 'unknown' : code(shortSha(best.commit), { title: best.commit }));
    fields.push(['Best iteration', parts]);
    if (best.params !== undefined) fields.push(['Best config', paramsText(best.params)]);
  } else fields.push(['Best iteration', { text: 'no PnL measured yet', tone: 'muted' }]);
  const c = summary.cost;
  fields.push([
    'Agent cost',
    c.agentsReporting > 0
      ? `${formatUsd(c.usd)} (${c.agentsReporting} of ${c.agents} agents reported a cost)`
      : { text: `no agent reported a cost (${c.agents} agent${c.agents === 1 ? '' : 's'} ran)`, tone: 'muted' },
  ]);
  const t = c.tokens;
  const totalTokens = t.input + t.output + t.cacheRead + t.cacheCreation;
  fields.push([
    'Agent tokens',
    totalTokens > 0
      ? `input ${formatCount(t.input)} · output ${formatCount(t.output)} · cache read ${formatCount(t.cacheRead)} · cache write ${formatCount(t.cacheCreation)}`
      : { text: 'none reported', tone: 'muted' },
  ]);
  if (summary.span !== undefined) fields.push(['Time span', `${formatTime(summary.span.from)} → ${formatTime(summary.span.to)} (${formatDuration(summary.span.ms)})`]);
  const { skipped, unknownEvents } = input.fold;
  fields.push([
    'Run log',
    [
      code(input.runLogFile),
      skipped.length > 0 ? { text: ` — ${skipped.length} unreadable line${skipped.length === 1 ? '' : 's'} skipped (listed below)`, tone: 'warn' } : ' — every line read',
      unknownEvents.length > 0 ? `; ${unknownEvents.length} event${unknownEvents.length === 1 ? '' : 's'} of types this itercrew does not know (shown under their iterations)` : '',
    ],
  ]);
  const blocks: Block[] = [
    {
      kind: 'table',
      id: 'status-counts',
      columns: REPORT_STATUSES.filter((s) => s !== 'incomplete' || summary.byStatus.incomplete > 0).map((s) => ({ title: statusLabel(s), key: s, align: 'right' as const })),
      rows: [REPORT_STATUSES.filter((s) => s !== 'incomplete' || summary.byStatus.incomplete > 0).map((s) => String(summary.byStatus[s]))],
    },
    { kind: 'fields', fields },
  ];
  return { id: 'summary', title: 'Summary', blocks };
}
