import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import type { BudgetSettings } from './budget-settings.js';

/** What an agent of each runtime may spend when its slot sets no maxBudgetUsd, USD. */
export const DEFAULT_AGENT_BUDGET_USD: Readonly<Record<string, number>> = { 'claude-code': 1 };

/** A team slot as far as budgets care. */
export interface BudgetSlot {
  runtime: string;
  /** The slot's per-agent cap, USD. */
  maxBudgetUsd?: number;
}

/** The outcome of {@link checkBudget}. */
export type BudgetVerdict =
  | { ok: true; reserveUsd: number; spentTodayUsd: number }
  | { ok: false; reserveUsd: number; spentTodayUsd: number; reason: string };

/**
 * The most the team may spend in one iteration, USD: each `claude-code` agent its slot's
 * maxBudgetUsd (default 1.00, what `--max-budget-usd` enforces); a `command` agent its slot's
 * maxBudgetUsd if set (the CLI cannot be made to enforce it); local agents nothing.
 */
export function teamReserveUsd(team: readonly BudgetSlot[]): number {
  return team.reduce((sum, s) => sum + (s.maxBudgetUsd ?? DEFAULT_AGENT_BUDGET_USD[s.runtime] ?? 0), 0);
}

/** The UTC day of a date, `YYYY-MM-DD`. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** What a target's agents spent in iterations started on UTC day `day`, USD (agent_exited costUsd). */
export function spentOnDay(records: readonly IterationRecord[], day: string): number {
  let sum = 0;
  for (const r of records) if (r.startedAt.slice(0, 10) === day) for (const a of r.agents) sum += a.costUsd ?? 0;
  return sum;
}

/** Iterations of a target that ran on UTC day `day`: finished, not skipped (a skipped iteration ran nothing). */
export function iterationsOnDay(records: readonly IterationRecord[], day: string): number {
  let n = 0;
  for (const r of records) if (r.complete && r.status !== 'skipped' && r.startedAt.slice(0, 10) === day) n++;
  return n;
}

/**
 * Checks the caps before an iteration spawns its agents: the team's reserve
 * ({@link teamReserveUsd}) must fit the per-iteration cap, today's spend plus the reserve must
 * fit the per-day cap, and fewer than `maxIterationsPerDay` iterations may have run today.
 * `records` are the target's folded iterations.
 */
export function checkBudget(budget: BudgetSettings, team: readonly BudgetSlot[], records: readonly IterationRecord[], now: Date = new Date()): BudgetVerdict {
  const reserveUsd = teamReserveUsd(team);
  const spentTodayUsd = spentOnDay(records, utcDay(now));
  const usd = (x: number): string => `$${x.toFixed(2)}`;
  if (budget.perIterationUsd !== undefined && reserveUsd > budget.perIterationUsd) {
    return { ok: false, reserveUsd, spentTodayUsd, reason: `over budget: the team may spend up to ${usd(reserveUsd)} (its agents' maxBudgetUsd), above the per-iteration cap of ${usd(budget.perIterationUsd)}` };
  }
  if (budget.perDayUsd !== undefined && spentTodayUsd + reserveUsd > budget.perDayUsd) {
    return {
      ok: false,
      reserveUsd,
      spentTodayUsd,
      reason: `over budget: ${usd(spentTodayUsd)} spent today (UTC ${utcDay(now)}) plus up to ${usd(reserveUsd)} for this iteration exceeds the daily cap of ${usd(budget.perDayUsd)}`,
    };
  }
  if (budget.maxIterationsPerDay !== undefined) {
    const ran = iterationsOnDay(records, utcDay(now));
    if (ran >= budget.maxIterationsPerDay)
      return { ok: false, reserveUsd, spentTodayUsd, reason: `over budget: ${ran} iterations ran today (UTC ${utcDay(now)}), the daily maximum is ${budget.maxIterationsPerDay}` };
  }
  return { ok: true, reserveUsd, spentTodayUsd };
}
