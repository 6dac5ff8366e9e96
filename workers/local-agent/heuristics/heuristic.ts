import type { BriefMetadata } from '../../../orchestrator/iteration/room-messages.js';
import type { Params } from '../../../orchestrator/target/evaluate-protocol.js';
import type { ParamSpace } from '../../../orchestrator/target/space/param-space.js';
import type { Rng } from '../../../orchestrator/target/space/prng.js';

/** What a heuristic works with. */
export interface TuningContext {
  /** The iteration's brief (current params, space as agents see it, history, in-sample range). */
  brief: BriefMetadata;
  /** The target's compiled space (bounds, grid, invariants), with frozen parameters removed from `tunable`. */
  space: ParamSpace;
  /** Names the agent may change: tunable and not frozen in the brief. */
  tunable: string[];
  /** Scores full configs in-sample, higher is better. */
  score(candidates: readonly Params[]): Promise<number[]>;
  /** Seeded randomness. */
  rng: Rng;
}

/** A heuristic's result: the change set to propose (empty = keep current config) and why. */
export interface ProposalDraft {
  changes: Params;
  hypothesis: string;
  /** In-sample score of current params + changes. */
  inSampleScore: number;
  /** In-sample score of the current params. */
  baselineScore: number;
}

/** A search heuristic of a local tuner. */
export type Heuristic = (ctx: TuningContext) => Promise<ProposalDraft>;

/** Smallest in-sample improvement (objective units, USDC for Strategy C) worth proposing. */
export const MIN_IMPROVEMENT = 0.01;
