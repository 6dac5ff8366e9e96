/**
 * Agent cost caps and iterations per day: settings (budget-settings.ts) and the check made before
 * an iteration spawns its agents (budget-check.ts). Per-agent caps are the slots' maxBudgetUsd, enforced by Claude
 * Code itself (`--max-budget-usd`).
 */
export { BudgetSettingsSchema, type BudgetSettings } from './budget-settings.js';
export { checkBudget, teamReserveUsd, spentOnDay, iterationsOnDay, utcDay, DEFAULT_AGENT_BUDGET_USD, type BudgetSlot, type BudgetVerdict } from './budget-check.js';
