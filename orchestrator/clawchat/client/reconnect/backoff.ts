import type { AutoReconnectOptions } from './reconnect-options.js';

/**
 * Delay before reconnection attempt `attempt` (1-based), ms: `initialDelayMs · factor^(attempt-1)`
 * capped at `maxDelayMs`, spread by ±`jitter` with `random` (0 ≤ r < 1).
 */
export function backoffDelay(attempt: number, options: Required<AutoReconnectOptions>, random: () => number = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** Math.max(0, attempt - 1));
  const spread = base * options.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}
