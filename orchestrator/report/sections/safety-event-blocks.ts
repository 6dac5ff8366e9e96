import type { GenericRunLogEvent, RunLogEventOf } from '../../runlog/events/run-log-event.js';
import { formatParamsDiff } from '../../target/diff/params-diff.js';
import { code, type Block, type Text } from '../doc/blocks.js';
import { cleanNumber, formatAny, formatTime, formatValue, pnlSpan, shortSha } from '../doc/format.js';
import type { EventBlocks } from './event-blocks.js';

/** Events of one known type (the fold pushes safety and review events into otherEvents as they are). */
function as<K extends Parameters<typeof isType>[1]>(events: readonly GenericRunLogEvent[], type: K): RunLogEventOf<K>[] {
  return events.filter((e) => isType(e, type)) as unknown as RunLogEventOf<K>[];
}
function isType(e: GenericRunLogEvent, type: 'acceptance_checked' | 'config_reverted' | 'parameter_flagged' | 'live_checked' | 'finding_posted' | 'action_proposed' | 'action_rejected' | 'action_taken'): boolean {
  return e.type === type;
}

const num = (x: number | undefined | null, digits = 4): string => (x === undefined || x === null ? '—' : cleanNumber(Number(x.toFixed(digits))));
const range = (r: { from: number; to: number } | undefined): string => (r ? `${r.from}–${r.to - 1}` : '—');
const actionText = (a: { kind: string; commit?: string; param?: string }): string =>
  a.kind === 'revert' ? `revert to ${shortSha(a.commit)}` : a.kind === 'freeze' || a.kind === 'unfreeze' ? `${a.kind} ${a.param}` : a.kind === 'keep' ? 'keep' : 'no action';

/** The acceptance gate: kept or discarded, the noise test's numbers, and every guardrail. */
const acceptanceBlocks: EventBlocks = (events) =>
  as(events, 'acceptance_checked').flatMap((e): Block[] => {
    const fields: [string, Text][] = [
      ['Verdict', e.kept ? { text: 'kept', tone: 'good' } : { text: 'discarded (reverted)', tone: 'warn' }],
      ['Reason', e.reason],
    ];
    if (e.method) {
      fields.push(['Validation windows', `${range(e.validation)} (${e.n ?? 0} windows no agent saw)`]);
      fields.push(['Mean Δ per window', [pnlSpan(e.meanDiff, { exact: true }), ' (decided − current)']]);
      fields.push(['Noise', `sd ${num(e.sd)} (${e.sdEstimator === 'mad' ? '1.4826 × MAD' : 'sample sd'}), standard error ${num(e.standardError)}`]);
      if (e.method === 'mad') fields.push(['Threshold', `${num(e.k, 2)} × standard error = ${num(e.threshold)}`]);
      else fields.push(['Bootstrap', `${num((e.confidence ?? 0) * 100, 1)} % lower bound ${num(e.lowerBound)} (${e.resamples} resamples, seed ${e.seed})`]);
      if (e.decidedValue !== undefined && e.currentValue !== undefined) fields.push(['Decided / current', [pnlSpan(e.decidedValue), ' / ', pnlSpan(e.currentValue)]]);
    }
    const blocks: Block[] = [{ kind: 'fields', fields }];
    if (e.guardrails.length > 0)
      blocks.push({
        kind: 'table',
        columns: [
          { title: 'guardrail', key: 'name' },
          { title: 'metric', key: 'metric' },
          { title: 'value', key: 'value', align: 'right' },
          { title: 'limit', key: 'limit', align: 'right' },
          { title: `on windows ${range(e.guardrailWindows)}`, key: 'ok' },
        ],
        rows: e.guardrails.map((g) => [code(g.name), code(g.metric), g.value === null ? 'not reported' : cleanNumber(g.value), cleanNumber(g.limit), g.ok ? { text: 'holds', tone: 'good' } : { text: 'vetoed', tone: 'bad' }]),
      });
    return blocks;
  });

/** A revert: who asked, the commits, the diff. */
const revertBlocks: EventBlocks = (events) =>
  as(events, 'config_reverted').map(
    (e): Block => ({
      kind: 'fields',
      fields: [
        ['Reverted by', e.by === 'gate' ? 'the acceptance gate' : e.by === 'review' ? 'a review decision' : e.by === 'live' ? 'the live regression watch' : e.by === 'deploy' ? 'a failed deploy' : e.by],
        ['New commit', code(shortSha(e.commit), { title: e.commit })],
        ...(e.reverted ? ([['Undoes', code(shortSha(e.reverted), { title: e.reverted })]] as [string, Text][]) : []),
        ...(e.restored ? ([['Restores the config of', code(shortSha(e.restored), { title: e.restored })]] as [string, Text][]) : []),
        ['Diff', formatParamsDiff(e.diff as never)],
        ['Reason', e.reason],
      ],
    }),
  );

/** Parameters the dead-parameter probe flagged. */
const flagBlocks: EventBlocks = (events) => [
  {
    kind: 'table',
    columns: [
      { title: 'parameter', key: 'param' },
      { title: 'flag', key: 'flag' },
      { title: 'decided', key: 'decided', align: 'right' },
      { title: 'probed at', key: 'probes' },
      { title: 'metric', key: 'metric', layout: 'nowrap' },
      { title: 'windows', key: 'windows', layout: 'nowrap' },
    ],
    rows: as(events, 'parameter_flagged').map((e) => [
      code(e.param),
      { text: 'parameter appears to have no effect', tone: 'warn' },
      code(formatValue(e.decidedValue)),
      e.probes.map((p) => `${formatValue(p.value)} → ${num(p.metric)}`).join(', '),
      `${e.metric} ${num(e.decidedMetric)}`,
      range(e.windows),
    ]),
  },
];

/** The live regression watch. */
const liveBlocks: EventBlocks = (events) =>
  as(events, 'live_checked').map(
    (e): Block => ({
      kind: 'fields',
      fields: [
        ['Verdict', e.regression ? { text: 'regression: config restored', tone: 'bad' } : e.windows < e.required ? { text: 'not enough live windows yet', tone: 'muted' } : { text: 'no regression', tone: 'good' }],
        ['Config in force', [code(shortSha(e.commit), { title: e.commit }), ` — ${e.windows} of ${e.required} live windows, mean `, pnlSpan(e.meanPnl, { exact: true }), '/window']],
        ...(e.best ? ([['Best known config', [code(shortSha(e.best.commit), { title: e.best.commit }), ` — ${e.best.windows} windows, mean `, pnlSpan(e.best.meanPnl, { exact: true }), '/window']]] as [string, Text][]) : []),
        ['Reason', e.reason],
      ],
    }),
  );

/** Review findings. */
const findingBlocks: EventBlocks = (events) => [
  {
    kind: 'table',
    columns: [
      { title: 'time', key: 'ts', layout: 'nowrap' },
      { title: 'agent', key: 'agent' },
      { title: 'subject', key: 'subject' },
      { title: 'finding', key: 'text', layout: 'long' },
    ],
    rows: as(events, 'finding_posted').map((e) => [formatTime(e.ts), e.agentName ?? e.agentId, e.subject ?? '', e.text]),
  },
];

/** Review action proposals (vote options) and rejected ones. */
const proposedBlocks: EventBlocks = (events) => [
  {
    kind: 'table',
    columns: [
      { title: 'agent', key: 'agent' },
      { title: 'option', key: 'option', align: 'right' },
      { title: 'action', key: 'action' },
      { title: 'rationale', key: 'rationale', layout: 'long' },
    ],
    rows: as(events, 'action_proposed').map((e) => [e.agentId.split('.').at(-1) ?? e.agentId, String(e.option), code(actionText(e.action)), e.rationale]),
  },
];
const rejectedBlocks: EventBlocks = (events) => [
  {
    kind: 'table',
    columns: [
      { title: 'agent', key: 'agent' },
      { title: 'action', key: 'action' },
      { title: 'rejected because', key: 'reason', layout: 'long' },
    ],
    rows: as(events, 'action_rejected').map((e) => [e.agentId.split('.').at(-1) ?? e.agentId, code(formatAny(e.action)), e.reason]),
  },
];

/** The decided review action as carried out. */
const takenBlocks: EventBlocks = (events) =>
  as(events, 'action_taken').map(
    (e): Block => ({
      kind: 'fields',
      fields: [
        ['Action', code(actionText(e.action))],
        ['Decided by', e.byName ?? e.by],
        ['Carried out', e.done ? { text: 'yes', tone: 'good' } : { text: 'no', tone: 'bad' }],
        ...(e.commit ? ([['Commit', code(shortSha(e.commit), { title: e.commit })]] as [string, Text][]) : []),
        ['Detail', e.detail],
      ],
    }),
  );

/** Blocks of the safety and review event types (merged into EVENT_TYPE_BLOCKS). */
export const SAFETY_EVENT_BLOCKS: Record<string, EventBlocks> = {
  acceptance_checked: acceptanceBlocks,
  config_reverted: revertBlocks,
  parameter_flagged: flagBlocks,
  live_checked: liveBlocks,
  finding_posted: findingBlocks,
  action_proposed: proposedBlocks,
  action_rejected: rejectedBlocks,
  action_taken: takenBlocks,
};
