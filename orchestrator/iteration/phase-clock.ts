import type { RunLog } from '../runlog/run-log.js';

/** The phases of a tune iteration, in order (DESIGN.md "One tune iteration"); `live` runs first for live targets, `gate` after apply. */
export const TUNE_PHASES = ['live', 'brief', 'spawn', 'propose', 'vote', 'elect', 'decide', 'apply', 'gate', 'measure', 'record'] as const;
/** The phases of a review iteration, in order: findings and act take the places of propose and apply. */
export const REVIEW_PHASES = ['brief', 'spawn', 'findings', 'vote', 'elect', 'decide', 'act', 'measure', 'record'] as const;
export type PhaseName = (typeof TUNE_PHASES)[number] | (typeof REVIEW_PHASES)[number] | 'review';

/** One finished phase. */
export interface PhaseTiming {
  phase: string;
  /** When the phase started, epoch ms. */
  startedAt: number;
  durationMs: number;
  deadlineHit: boolean;
}

/**
 * Times the phases of one iteration and logs a `phase_completed` event for each.
 * `deadline(ms)` gives the absolute deadline of the running phase.
 */
export class PhaseClock {
  readonly timings: PhaseTiming[] = [];
  private current: { phase: string; started: number } | null = null;

  constructor(
    private readonly runLog: RunLog,
    private readonly iterationId: string,
  ) {}

  /** Starts `phase` (ending the previous one if still open). */
  async start(phase: PhaseName): Promise<void> {
    if (this.current) await this.end(false);
    this.current = { phase, started: Date.now() };
  }

  /** Ends the running phase; `deadlineHit` when it ended at its deadline rather than by completion. */
  async end(deadlineHit = false): Promise<void> {
    if (!this.current) return;
    const { phase, started } = this.current;
    const durationMs = Date.now() - started;
    this.current = null;
    this.timings.push({ phase, startedAt: started, durationMs, deadlineHit });
    await this.runLog.append({ type: 'phase_completed', iterationId: this.iterationId, phase, durationMs, deadlineHit });
  }

  /** Name of the running phase, or null. */
  get phase(): string | null {
    return this.current?.phase ?? null;
  }
}
