import type { Params } from '../../target/evaluate-protocol.js';
import { diffParams, formatParamsDiff } from '../../target/diff/params-diff.js';
import type { TargetRepo } from '../../target/git/target-repo.js';
import type { ParamSpace } from '../../target/space/param-space.js';
import { validateParams } from '../../target/space/validate-changes.js';
import type { FrozenParam } from '../../safety/step-limits/step-limits.js';
import { describeAction, type ReviewAction } from '../review-actions.js';

/** What an action needs to be judged against. */
export interface ActionContext {
  repo: TargetRepo;
  space: ParamSpace;
  /** The config in force (params table at HEAD). */
  current: Params;
  /** Every frozen parameter and who froze it. */
  frozen: readonly FrozenParam[];
  /** How far back a revert may go: config commits searched. Default 500. */
  historyLimit?: number;
}

/** A valid action, normalised (a revert names its full commit), with its vote label and, for a revert, the config it restores. */
export interface ValidAction {
  ok: true;
  action: ReviewAction;
  label: string;
  /** revert: the params the commit restores and the diff from the config in force. */
  restore?: { params: Params; diffText: string };
}

/**
 * Checks a proposed review action. `keep` / `no_action`: always valid. `revert`: the commit must be
 * one of the config file's commits in HEAD's history (a unique prefix is fine), its config must
 * differ from the one in force, fit the space and invariants, and change neither a frozen parameter
 * nor a fixed setting. `freeze`: a tunable parameter not yet frozen. `unfreeze`: a parameter a
 * review froze (settings and target freezes are not the review's to lift). Never throws for a bad
 * action: it returns the reason.
 */
export async function validateAction(ctx: ActionContext, action: ReviewAction): Promise<ValidAction | { ok: false; reason: string }> {
  const no = (reason: string) => ({ ok: false as const, reason });
  if (action.kind === 'keep' || action.kind === 'no_action') return { ok: true, action, label: 'keep (no action)' };
  if (action.kind === 'freeze' || action.kind === 'unfreeze') {
    const spec = Object.hasOwn(ctx.space.params, action.param) ? ctx.space.params[action.param] : undefined;
    if (!spec) return no(`${action.param}: unknown parameter (not in the target's space)`);
    if (!spec.tunable) return no(`${action.param}: not tunable anyway (a fixed setting of the target)`);
    const frozen = ctx.frozen.find((f) => f.param === action.param);
    if (action.kind === 'freeze') return frozen ? no(`${action.param} is already frozen (by ${frozen.by})`) : { ok: true, action, label: describeAction(action) };
    if (!frozen) return no(`${action.param} is not frozen`);
    if (!frozen.by.startsWith('review')) return no(`${action.param} is frozen by the ${frozen.by}, not by a review: change it there`);
    return { ok: true, action, label: describeAction(action) };
  }
  // revert
  const history = await ctx.repo.configHistory(ctx.historyLimit ?? 500);
  const matches = history.filter((c) => c.sha.startsWith(action.commit));
  if (matches.length === 0) return no(`commit ${action.commit} is not a commit of the config file in the target's history`);
  if (matches.length > 1) return no(`commit prefix ${action.commit} is ambiguous (${matches.map((m) => m.sha.slice(0, 12)).join(', ')})`);
  const commit = matches[0]!.sha;
  let params: Params;
  try {
    params = await ctx.repo.paramsAt(commit);
  } catch (err) {
    return no(`cannot read the config at ${commit.slice(0, 7)}: ${(err as Error).message}`);
  }
  const diff = diffParams(ctx.current, params);
  if (diff.length === 0) return no(`the config at ${commit.slice(0, 7)} is the one in force: nothing to revert`);
  const fits = validateParams(ctx.space, params);
  if (!fits.ok) return no(`the config at ${commit.slice(0, 7)} does not fit the space now: ${fits.reason}`);
  const frozen = diff.filter((c) => ctx.frozen.some((f) => f.param === c.param)).map((c) => c.param);
  if (frozen.length > 0) return no(`reverting to ${commit.slice(0, 7)} would change frozen parameter(s) ${frozen.join(', ')}`);
  const fixed = diff.filter((c) => !ctx.space.params[c.param]?.tunable).map((c) => c.param);
  if (fixed.length > 0) return no(`reverting to ${commit.slice(0, 7)} would change setting(s) that are not tunable: ${fixed.join(', ')} (a person changed them since)`);
  const normalised: ReviewAction = { kind: 'revert', commit };
  const diffText = formatParamsDiff(diff);
  return { ok: true, action: normalised, label: `${describeAction(normalised)} (${diffText})`, restore: { params, diffText } };
}
