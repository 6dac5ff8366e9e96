import type { IterationKind } from './events/iteration-events.js';

/**
 * Id of iteration `n` started by a run or a manual kickoff: `<target>-<kind>-<n, 6 digits>`,
 * e.g. `strategy-c-tune-000003`. Deterministic: the same target, kind and number always give
 * the same id, so a re-run after a crash finds the earlier attempt in the run log.
 */
export function iterationId(target: string, kind: IterationKind, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`iteration number must be a positive integer, got ${n}`);
  return `${target}-${kind}-${String(n).padStart(6, '0')}`;
}

/**
 * Id of the iteration of a scheduler tick: `<target>-<kind>-<tick time, UTC, to the second>`,
 * e.g. `strategy-c-tune-20260224T151500Z` for the 15:15:00 tick. The same tick always gives the
 * same id (a retried or duplicated tick is recognised).
 */
export function scheduledIterationId(target: string, kind: IterationKind, tick: Date): string {
  if (Number.isNaN(tick.getTime())) throw new RangeError('invalid tick time');
  const stamp = tick.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${target}-${kind}-${stamp}`;
}

/** The parts of an iteration id made by {@link iterationId} or {@link scheduledIterationId}. */
export type ParsedIterationId =
  | { target: string; kind: IterationKind; n: number }
  | { target: string; kind: IterationKind; tick: Date };

/** Splits an iteration id into its parts; undefined for ids not made by the functions above. */
export function parseIterationId(id: string): ParsedIterationId | undefined {
  const m = /^(.+)-(tune|review)-(?:(\d{6,})|(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z)$/.exec(id);
  if (!m) return undefined;
  const target = m[1] as string;
  const kind = m[2] as IterationKind;
  if (m[3] !== undefined) return { target, kind, n: Number(m[3]) };
  const tick = new Date(`${m[4]}-${m[5]}-${m[6]}T${m[7]}:${m[8]}:${m[9]}Z`);
  return Number.isNaN(tick.getTime()) ? undefined : { target, kind, tick };
}
