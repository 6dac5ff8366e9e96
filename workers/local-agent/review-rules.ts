import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import type { FindingMetadata } from '../../orchestrator/review/review-messages.js';
import type { ReviewAction } from '../../orchestrator/review/review-actions.js';
import { formatNumber } from '../../orchestrator/target/space/grid.js';

/** Measured iterations the regression rule averages ("recent holdout PnL"). */
export const RECENT_ITERATIONS = 3;

/** What a local reviewer posts: its findings, then one action and why. */
export interface ReviewPlan {
  findings: FindingMetadata[];
  action: ReviewAction;
  rationale: string;
}

const usd = (x: number): string => `${x >= 0 ? '+' : ''}${formatNumber(Math.round(x * 100) / 100)}`;

/**
 * The local reviewer's deterministic rules over a review brief (the same brief gives the same
 * plan; no model, no randomness):
 *
 * 1. Regression — the mean holdout PnL of the last {@link RECENT_ITERATIONS} measured iterations
 *    is below the mean holdout PnL of the best other config in the reviewed history (brief
 *    `review.commits`), and the config in force has not itself done as well → finding, and the
 *    action "revert to" that config's commit.
 * 2. Dead parameter — a parameter the dead-parameter probe flagged (`no_effect:<param>`) that is
 *    not frozen → finding, and the action "freeze" it (the most often flagged one).
 * 3. Changes the acceptance gate discarded, and guardrail vetoes → findings only.
 *
 * The action is the first that applies in the order regression, dead parameter; else `keep`.
 */
export function reviewPlan(brief: BriefMetadata): ReviewPlan {
  const findings: FindingMetadata[] = [];
  const frozen = new Set(brief.stepLimits?.frozen.map((f) => f.param) ?? []);
  const history = brief.history;

  // 1. regression against the best config
  let revert: { action: ReviewAction; rationale: string } | null = null;
  const measured = history.filter((h) => h.pnl !== null);
  const recent = measured.slice(-RECENT_ITERATIONS);
  const commits = brief.review?.commits ?? [];
  const current = commits.find((c) => c.current);
  const best = commits.filter((c) => !c.current && c.meanPnl !== null).reduce<(typeof commits)[number] | null>((a, c) => (a === null || (c.meanPnl as number) > (a.meanPnl as number) ? c : a), null);
  if (recent.length > 0 && best) {
    const recentMean = recent.reduce((s, h) => s + (h.pnl as number), 0) / recent.length;
    const currentHolds = current?.meanPnl != null && current.meanPnl >= (best.meanPnl as number);
    if (recentMean < (best.meanPnl as number) && !currentHolds) {
      const text = `recent holdout PnL is below the best config's: mean ${usd(recentMean)} over ${recent.map((h) => `#${h.n}`).join(', ')} against ${usd(best.meanPnl as number)} for the config of ${best.commit.slice(0, 7)} (iterations ${best.iterations.map((n) => `#${n}`).join(', ')})`;
      findings.push({ kind: 'finding', subject: `config ${best.commit.slice(0, 7)}`, text, evidence: { recentMeanPnl: recentMean, recentIterations: recent.map((h) => h.n), bestMeanPnl: best.meanPnl, bestCommit: best.commit, bestIterations: best.iterations } });
      revert = { action: { kind: 'revert', commit: best.commit }, rationale: text };
    }
  }

  // 2. dead parameters
  const flagged = new Map<string, number[]>();
  for (const h of history) for (const f of h.flags ?? []) if (f.startsWith('no_effect:')) {
    const param = f.slice('no_effect:'.length);
    if (brief.space[param] !== undefined && !frozen.has(param)) flagged.set(param, [...(flagged.get(param) ?? []), h.n]);
  }
  let freeze: { action: ReviewAction; rationale: string } | null = null;
  for (const [param, ns] of flagged) {
    const text = `${param} appears to have no effect: the dead-parameter probe flagged it in ${ns.map((n) => `#${n}`).join(', ')} (± one step moved no metric)`;
    findings.push({ kind: 'finding', subject: param, text, evidence: { param, iterations: ns } });
    if (!freeze || ns.length > (flagged.get((freeze.action as { param: string }).param)?.length ?? 0)) freeze = { action: { kind: 'freeze', param }, rationale: text };
  }

  // 3. what the gate discarded
  for (const h of history) if (h.gate && !h.gate.kept) findings.push({ kind: 'finding', subject: `iteration ${h.n}`, text: `#${h.n}: ${h.diff} was discarded — ${h.gate.reason}`, evidence: { iteration: h.n, flags: h.flags ?? [] } });

  const chosen = revert ?? freeze;
  if (chosen) return { findings, ...chosen };
  if (findings.length === 0) findings.push({ kind: 'finding', subject: 'history', text: `nothing to act on in the last ${history.length} iterations: no regression against a better config, no parameter flagged as having no effect`, evidence: { iterations: history.length } });
  return { findings, action: { kind: 'keep' }, rationale: 'no rule calls for an action' };
}

/** Tie-break order of a leader among top-voted actions: revert, freeze, unfreeze, then keep. */
export function actionRank(action: { kind: string } | undefined): number {
  const order = ['revert', 'freeze', 'unfreeze'];
  const i = action ? order.indexOf(action.kind) : -1;
  return i < 0 ? order.length : i;
}
