import type { SkippedLine } from '../../runlog/read-events.js';
import { code, type DocSection } from '../doc/blocks.js';

/** Skipped lines listed in full up to this many; the count of the rest is given. */
export const MAX_SKIPPED_SHOWN = 200;

/**
 * The lines of the run log the reader could not use (malformed, truncated, invalid), with line
 * number, reason and the start of the line; undefined when every line was read.
 */
export function skippedSection(runLogFile: string, skipped: readonly SkippedLine[]): DocSection | undefined {
  if (skipped.length === 0) return undefined;
  const shown = skipped.slice(0, MAX_SKIPPED_SHOWN);
  const blocks: DocSection['blocks'] = [
    {
      kind: 'paragraph',
      text: [
        `${skipped.length} line${skipped.length === 1 ? '' : 's'} of `,
        code(runLogFile),
        ' could not be read and ',
        skipped.length === 1 ? 'was' : 'were',
        ' skipped; everything else in this report comes from the other lines.',
      ],
    },
    {
      kind: 'table',
      id: 'skipped-lines',
      columns: [
        { title: 'line', key: 'line', align: 'right' },
        { title: 'reason', key: 'reason' },
        { title: 'text', key: 'text' },
      ],
      rows: shown.map((s) => [String(s.line), s.reason, code(s.text)]),
    },
  ];
  if (skipped.length > shown.length) blocks.push({ kind: 'paragraph', text: `… and ${skipped.length - shown.length} more (\`itercrew log\` lists them all).` });
  return { id: 'skipped', title: 'Skipped run-log lines', tone: 'warn', blocks };
}
