import type { AgentRecord } from '../../runlog/fold/iteration-record.js';
import type { Block, Text } from '../doc/blocks.js';
import { formatCount, formatDuration, formatUsd } from '../doc/format.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

function exit(a: AgentRecord): Text {
  if (!a.exited) return { text: 'no exit recorded', tone: 'warn' };
  const how = a.signal ? `signal ${a.signal}` : `code ${a.exitCode ?? '?'}`;
  return a.signal || (a.exitCode ?? 0) !== 0 ? { text: how, tone: 'warn' } : how;
}

function tokens(a: AgentRecord): string {
  const t = a.tokens;
  if (t === undefined) return '';
  const parts = [`in ${formatCount(t.input ?? 0)}`, `out ${formatCount(t.output ?? 0)}`];
  if (t.cacheRead) parts.push(`cache read ${formatCount(t.cacheRead)}`);
  if (t.cacheCreation) parts.push(`cache write ${formatCount(t.cacheCreation)}`);
  return parts.join(', ');
}

/** The agents: role, runtime (and heuristic), how they ended, lifetime, turns, cost and tokens. */
export const agentsSection: IterationSectionSpec = {
  id: 'agents',
  title: 'Agents',
  build({ record: r }: IterationDetailContext): Block[] {
    if (r.agents.length === 0) return [];
    return [
      {
        kind: 'table',
        columns: [
          { title: 'agent', key: 'agent', layout: 'nowrap' },
          { title: 'role', key: 'role' },
          { title: 'runtime', key: 'runtime' },
          { title: 'exit', key: 'exit' },
          { title: 'why', key: 'reason' },
          { title: 'time', key: 'duration', align: 'right' },
          { title: 'turns', key: 'turns', align: 'right' },
          { title: 'cost', key: 'cost', align: 'right' },
          { title: 'tokens', key: 'tokens' },
        ],
        rows: r.agents.map((a) => [
          a.name ?? a.agentId,
          a.role ?? '',
          a.heuristic ? `${a.runtime ?? '?'} (${a.heuristic})` : (a.runtime ?? ''),
          exit(a),
          a.reason ?? '',
          a.durationMs !== undefined ? formatDuration(a.durationMs) : '',
          a.turns !== undefined ? String(a.turns) : '',
          a.costUsd !== undefined ? formatUsd(a.costUsd) : '',
          tokens(a),
        ]),
      },
    ];
  },
};
