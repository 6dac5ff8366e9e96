import { z } from 'zod';

/**
 * What a review iteration can do (DESIGN.md "A review iteration"):
 * - `keep` — keep everything as it is (endorse the current config);
 * - `no_action` — nothing to do;
 * - `revert` — put the config back to the one at `commit` (a new commit; history keeps both);
 * - `freeze` — no later proposal may change `param` (until a review unfreezes it);
 * - `unfreeze` — lift a review's freeze of `param`.
 * `keep` and `no_action` are both vote option 0: nothing changes.
 */
export const ReviewActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep') }),
  z.object({ kind: z.literal('no_action') }),
  z.object({ kind: z.literal('revert'), commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'a commit sha (7–40 hex digits)') }),
  z.object({ kind: z.literal('freeze'), param: z.string().min(1) }),
  z.object({ kind: z.literal('unfreeze'), param: z.string().min(1) }),
]);
export type ReviewAction = z.infer<typeof ReviewActionSchema>;

/** The action kinds, in the order a tie is broken by default (most protective first). */
export const REVIEW_ACTION_KINDS = ['revert', 'freeze', 'unfreeze', 'keep', 'no_action'] as const;

/** True for the actions that change nothing (vote option 0). */
export function isNoOp(action: { kind: string }): boolean {
  return action.kind === 'keep' || action.kind === 'no_action';
}

/** A stable key of an action (equal actions share a vote option). */
export function actionKey(action: { kind: string; commit?: string; param?: string }): string {
  return isNoOp(action) ? 'noop' : `${action.kind}:${action.commit ?? action.param ?? ''}`;
}

/** The action in words: `revert to 1a2b3c4`, `freeze sigma`, `keep (no action)`. */
export function describeAction(action: { kind: string; commit?: string; param?: string }): string {
  switch (action.kind) {
    case 'revert':
      return `revert to ${String(action.commit).slice(0, 7)}`;
    case 'freeze':
    case 'unfreeze':
      return `${action.kind} ${action.param}`;
    default:
      return 'keep (no action)';
  }
}
