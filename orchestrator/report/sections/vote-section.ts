import type { Block } from '../doc/blocks.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

/** The sealed vote after reveal: each option with its count and who voted for it. */
export const voteSection: IterationSectionSpec = {
  id: 'vote',
  title: 'Vote',
  build({ record: r }: IterationDetailContext): Block[] {
    return r.votes.map((v) => {
      const voters = new Map<number, string[]>();
      for (const b of v.ballots) {
        const list = voters.get(b.optionIndex) ?? [];
        list.push(b.agentName);
        voters.set(b.optionIndex, list);
      }
      const counts = new Map(v.tally.map((t) => [t.optionIndex, t.count]));
      return {
        kind: 'table',
        columns: [
          { title: '#', key: 'option', align: 'right' },
          { title: 'option', key: 'text' },
          { title: 'votes', key: 'votes', align: 'right' },
          { title: 'ballots (after reveal)', key: 'ballots' },
        ],
        rows: v.options.map((text, i) => [String(i), text, String(counts.get(i) ?? voters.get(i)?.length ?? 0), (voters.get(i) ?? []).join(', ')]),
      } satisfies Block;
    });
  },
};
