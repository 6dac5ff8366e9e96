import { z } from 'zod';

/**
 * Agent cost caps (`budget:` in the settings), checked before an iteration spawns its agents.
 * An iteration that could exceed a cap is skipped with the reason in the run log. Costs are what
 * the agents report (Claude Code's `total_cost_usd`); an LLM agent may spend up to its slot's
 * `maxBudgetUsd` (enforced by Claude Code with `--max-budget-usd`), which is what the check
 * reserves for it. Local agents cost nothing.
 */
export const BudgetSettingsSchema = z.object({
  /** Max USD the agents of one iteration may spend together (the sum of their maxBudgetUsd). Default: no cap. */
  perIterationUsd: z.number().positive().optional(),
  /** Max USD one target's agents may spend per UTC day: spent today + this iteration's reserve. Default: no cap. */
  perDayUsd: z.number().positive().optional(),
  /** Max iterations of one target started per UTC day (finished ones, skipped ones not counted); more are skipped. Default: no cap. */
  maxIterationsPerDay: z.number().int().positive().optional(),
});
export type BudgetSettings = z.infer<typeof BudgetSettingsSchema>;
