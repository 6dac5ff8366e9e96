import type { Params } from '../../target/evaluate-protocol.js';
import { code, type Block, type Span, type Text } from '../doc/blocks.js';
import { formatDuration, formatTime, formatValue, shortSha } from '../doc/format.js';
import type { IterationDetailContext, IterationSectionSpec } from './iteration-section.js';

/** `sigma=0.003 · bid_size=8 · …` as code spans. */
export function paramsText(params: Params): Text {
  const out: (string | Span)[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (out.length > 0) out.push(' · ');
    out.push(code(`${k}=${formatValue(v)}`));
  }
  return out.length > 0 ? out : '(none)';
}

function windows(seg: { from: number; to: number } | undefined): string {
  return seg === undefined ? 'n/a' : `${seg.from}–${seg.to - 1} (${seg.to - seg.from} windows)`;
}

/**
 * The brief: what the iteration started from — kind, trigger, times, base commit, live segment,
 * in-sample windows and the config (from iteration_started), plus the objective and deadlines
 * when brief.json was read.
 */
export const briefSection: IterationSectionSpec = {
  id: 'brief',
  title: 'Brief',
  build({ record: r, artifacts }: IterationDetailContext): Block[] {
    const fields: [string, Text][] = [
      ['Iteration', code(r.iterationId)],
      ['Kind, trigger', `${r.kind ?? 'n/a'}, ${r.trigger ?? 'n/a'}`],
      ['Started', formatTime(r.startedAt)],
      ['Finished', r.finishedAt !== undefined ? `${formatTime(r.finishedAt)} (${formatDuration(r.durationMs)})` : 'not finished'],
    ];
    if (r.runId !== undefined) fields.push(['Run', code(r.runId)]);
    if (r.attempts > 1) fields.push(['Attempts', `${r.attempts} (re-run after an interruption; this is the last attempt)`]);
    if (r.baseCommit !== undefined) fields.push(['Base commit', r.baseCommit === null ? 'unknown' : code(shortSha(r.baseCommit), { title: r.baseCommit })]);
    if (r.segment !== undefined) fields.push(['Live segment', windows(r.segment)]);
    if (r.inSample !== undefined) fields.push(['In-sample windows', windows(r.inSample)]);
    const brief = artifacts?.brief;
    if (brief !== undefined) {
      fields.push(['Objective', `${brief.objective.direction} ${brief.objective.metric}`]);
      fields.push(['Deadlines', `propose ${formatTime(brief.deadlines.propose)} · vote ${formatTime(brief.deadlines.vote)} · decide ${formatTime(brief.deadlines.decide)}`]);
      fields.push(['Max changed params', String(brief.maxChangedParams)]);
      if (brief.invariants.length > 0) fields.push(['Invariants', brief.invariants.map((i) => `${i.name}: ${i.expr}`).join('; ')]);
    } else if (artifacts?.briefError !== undefined) fields.push(['brief.json', { text: artifacts.briefError, tone: 'warn' }]);
    if (r.baseParams !== undefined) fields.push(['Config at start', paramsText(r.baseParams)]);
    return [{ kind: 'fields', fields }];
  },
};
