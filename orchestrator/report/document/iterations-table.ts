import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { code, link, type Block, type DocSection, type Span, type Text } from '../doc/blocks.js';
import { formatUsd, pnlSpan, shortSha, statusSpan } from '../doc/format.js';
import { decisionHeadline } from '../model/decision-headline.js';
import { iterationAnchor, iterationLabel } from '../sections/iteration-detail.js';

/** Agents' cost of an iteration, or `–` when no agent reported one. */
const NO_COST: Span = { text: '–', tone: 'muted' };

function cost(r: IterationRecord): Text {
  return r.agents.some((a) => a.costUsd !== undefined) ? formatUsd(r.costUsd) : NO_COST;
}

/**
 * One row per iteration, in log order: n (a link to its detail when shown), trigger, status,
 * decision headline, config diff, PnL, cumulative PnL, commit and the agents' cost. Column keys:
 * n, trigger, status, decision, diff, pnl, cumulativePnl, commit, cost.
 */
export function iterationsTableSection(records: readonly IterationRecord[], detailed: ReadonlySet<string>): DocSection {
  const none: Span = { text: 'no change', tone: 'muted' };
  // Rows are made as the renderer writes them (a generator), so 10 000 rows never sit in memory at once.
  function* rows(): Generator<Text[]> {
    for (const r of records) {
      const label = iterationLabel(r);
      yield [
        detailed.has(r.iterationId) ? link(label, `#${iterationAnchor(r.iterationId)}`) : label,
        r.trigger ?? '',
        statusSpan(r.status),
        decisionHeadline(r),
        r.diff.length > 0 ? code(formatParamsDiff(r.diff)) : none,
        pnlSpan(r.pnl?.pnl),
        pnlSpan(r.cumulativePnl, { exact: false }),
        r.commit !== undefined ? code(shortSha(r.commit.sha)) : '-',
        cost(r),
      ];
    }
  }
  const blocks: Block[] = [];
  let hidden = 0;
  for (const r of records) if (!detailed.has(r.iterationId)) hidden++;
  if (hidden > 0) blocks.push({ kind: 'paragraph', text: [`Details below for the ${records.length - hidden} most recent iterations (and every review); for the ${hidden} older ones run `, code('itercrew show <n>'), ' or make the report with ', code('--details all'), '.'] });
  blocks.push({
    kind: 'table',
    id: 'iterations',
    columns: [
      { title: 'n', key: 'n', align: 'right' },
      { title: 'trigger', key: 'trigger' },
      { title: 'status', key: 'status', layout: 'nowrap' },
      { title: 'decision', key: 'decision', layout: 'long' },
      { title: 'config diff', key: 'diff' },
      { title: 'PnL', key: 'pnl', align: 'right' },
      { title: 'cum PnL', key: 'cumulativePnl', align: 'right' },
      { title: 'commit', key: 'commit', layout: 'nowrap' },
      { title: 'agents’ cost', key: 'cost', align: 'right' },
    ],
    rows: { [Symbol.iterator]: rows },
  });
  return { id: 'iterations', title: 'Iterations', blocks };
}
