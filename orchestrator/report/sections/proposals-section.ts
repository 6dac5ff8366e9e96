import { code, type Block } from '../doc/blocks.js';
import { formatAny, formatRecord, formatValue } from '../doc/format.js';
import { formatNumber } from '../../target/space/grid.js';
import { agentLabel, type IterationDetailContext, type IterationSectionSpec } from './iteration-section.js';

/**
 * Every proposal with its rationale — vote option, agent, changes, hypothesis, in-sample score,
 * evidence — and every rejected proposal with what was sent and why it was rejected.
 */
export const proposalsSection: IterationSectionSpec = {
  id: 'proposals',
  title: 'Proposals',
  build({ record: r }: IterationDetailContext): Block[] {
    const blocks: Block[] = [];
    if (r.proposals.length > 0)
      blocks.push({
        kind: 'table',
        columns: [
          { title: 'option', key: 'option', align: 'right' },
          { title: 'agent', key: 'agent', layout: 'nowrap' },
          { title: 'changes', key: 'changes', layout: 'long' },
          { title: 'hypothesis', key: 'hypothesis', layout: 'long' },
          { title: 'in-sample', key: 'inSampleScore', align: 'right' },
          { title: 'evidence', key: 'evidence', layout: 'long' },
        ],
        rows: r.proposals.map((p) => [
          String(p.option),
          agentLabel(r, p.agentId),
          code(Object.entries(p.changes).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ') || '(none)'),
          p.hypothesis,
          p.inSampleScore !== undefined ? formatNumber(p.inSampleScore) : '',
          p.evidence !== undefined ? formatRecord(p.evidence) : '',
        ]),
      });
    if (r.rejectedProposals.length > 0) {
      blocks.push({ kind: 'paragraph', text: { text: `Rejected (${r.rejectedProposals.length}):`, tone: 'warn' } });
      blocks.push({
        kind: 'table',
        columns: [
          { title: 'agent', key: 'agent', layout: 'nowrap' },
          { title: 'sent', key: 'changes', layout: 'long' },
          { title: 'reason', key: 'reason' },
        ],
        rows: r.rejectedProposals.map((p) => [agentLabel(r, p.agentId), code(formatAny(p.changes)), p.reason]),
      });
    }
    if (blocks.length === 0 && r.complete && r.kind !== 'review') blocks.push({ kind: 'paragraph', text: { text: 'No proposal arrived.', tone: 'muted' } });
    return blocks;
  },
};
