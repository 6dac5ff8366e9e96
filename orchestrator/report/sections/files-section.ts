import { link, type Block, type Span } from '../doc/blocks.js';
import { formatCount } from '../doc/format.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

function describe(name: string): string {
  if (name === 'brief.json') return 'the brief as posted';
  if (name === 'transcript.jsonl') return 'chat transcript (every room message)';
  const agent = /^(.+)\.(stdout|stderr)\.log$/.exec(name);
  if (agent) return `${agent[1]}'s ${agent[2]}`;
  return '';
}

/** Links to the iteration folder's files: brief, chat transcript, each agent's stdout/stderr. */
export const filesSection: IterationSectionSpec = {
  id: 'files',
  title: 'Transcript and logs',
  build({ artifacts }: IterationDetailContext): Block[] {
    if (artifacts === undefined || artifacts.files.length === 0) return [];
    return [
      {
        kind: 'list',
        items: artifacts.files.map((f) => {
          const what = describe(f.name);
          const parts: (string | Span)[] = [link(f.name, f.href, { code: true })];
          parts.push(` — ${what ? `${what}, ` : ''}${formatCount(f.bytes)} bytes`);
          return parts;
        }),
      },
    ];
  },
};
