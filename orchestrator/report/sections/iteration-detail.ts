import type { IterationRecord } from '../../runlog/fold/iteration-record.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import type { DocSection, Span } from '../doc/blocks.js';
import { pnlSpan, statusSpan } from '../doc/format.js';
import type { IterationArtifacts } from '../model/report-input.js';
import type { IterationSectionSpec } from './iteration-section.js';

/** In-document anchor of an iteration's detail: `it-<iteration id>`. */
export function iterationAnchor(iterationId: string): string {
  return `it-${iterationId}`;
}

/** `#12` (or the id when the log lacks the number), with ` (review)` for review iterations. */
export function iterationLabel(r: IterationRecord): string {
  const n = r.n !== undefined ? `#${r.n}` : r.iterationId;
  return r.kind === 'review' ? `${n} (review)` : n;
}

/**
 * The full detail of one iteration as a section: its title says number, status, diff and PnL;
 * the sub-sections come from `sections` (by default the list in ./index.ts), empty ones left out.
 */
export function iterationDetail(record: IterationRecord, artifacts: IterationArtifacts | undefined, sections: readonly IterationSectionSpec[], options: { collapsed?: boolean } = {}): DocSection {
  const id = iterationAnchor(record.iterationId);
  const ctx = artifacts === undefined ? { record } : { record, artifacts };
  const subtitle: (string | Span)[] = [statusSpan(record.status), ' · ', record.diff.length > 0 ? formatParamsDiff(record.diff) : 'no change', ' · PnL ', pnlSpan(record.pnl?.pnl)];
  const section: DocSection = {
    id,
    title: `Iteration ${iterationLabel(record)}`,
    subtitle,
    blocks: [],
    ...(options.collapsed ? { collapsed: true } : {}),
  };
  for (const spec of sections) {
    const blocks = spec.build(ctx);
    if (blocks.length > 0) section.blocks.push({ kind: 'section', section: { id: `${id}-${spec.id}`, title: spec.title, blocks } });
  }
  return section;
}
