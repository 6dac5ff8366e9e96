/**
 * The local tuners' search heuristics, by name (settings: team[].heuristic).
 * - coordinate      ±1/±2 grid steps per parameter, best single move, optionally paired
 * - random-search   seeded random local search with a refinement round
 * - revert-to-best  undo a change the holdout disliked, or move back toward the best config seen
 */
import { coordinate } from './coordinate.js';
import type { Heuristic } from './heuristic.js';
import { randomSearch } from './random-search.js';
import { revertToBest } from './revert-to-best.js';

export type { Heuristic, ProposalDraft, TuningContext } from './heuristic.js';

/** Heuristic name → implementation. */
export const HEURISTICS: Readonly<Record<string, Heuristic>> = Object.freeze({
  coordinate,
  'random-search': randomSearch,
  'revert-to-best': revertToBest,
});

/** The heuristic called `name`. @throws Error naming the known heuristics for an unknown name. */
export function heuristicByName(name: string): Heuristic {
  const h = HEURISTICS[name];
  if (!h) throw new Error(`unknown heuristic ${JSON.stringify(name)}; known: ${Object.keys(HEURISTICS).join(', ')}`);
  return h;
}
