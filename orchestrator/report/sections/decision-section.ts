import { code, type Block, type Text } from '../doc/blocks.js';
import { formatValue } from '../doc/format.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

/** The leader and the decision: option, decider, changes and rationale. */
export const decisionSection: IterationSectionSpec = {
  id: 'decision',
  title: 'Leader and decision',
  build({ record: r }: IterationDetailContext): Block[] {
    if (r.leader === undefined && r.decision === undefined) return [];
    const fields: [string, Text][] = [];
    if (r.leader !== undefined) fields.push(['Leader', r.leader.leaderName]);
    const d = r.decision;
    if (d !== undefined) {
      fields.push(['Decided by', d.byName ?? d.by]);
      fields.push(['Option', d.option === 0 ? '0 (keep current config)' : String(d.option)]);
      const changes = Object.entries(d.changes);
      fields.push(['Changes', changes.length > 0 ? code(changes.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')) : 'none']);
      fields.push(['Rationale', d.rationale || '(none given)']);
    }
    return [{ kind: 'fields', fields }];
  },
};
