/**
 * Automatic reconnection of a {@link ClawChatClient} (opt-in: `autoReconnect: true` or an
 * object of these options). When the connection drops, the client re-opens it after a backoff,
 * registers again with the same `agent_id` and `reconnect: true` (reclaiming the server's
 * 120-second stash, or taking over an id the server still thinks is live), re-joins every room
 * it had joined, and catches up with `get_history since_seq` per room, surfacing each missed
 * message, thinking pulse and decision as the event it would have been (`message_received`,
 * `thinking`, `decision_made`), in seq order, de-duplicated by message id.
 */
export interface AutoReconnectOptions {
  /**
   * Reconnection attempts per outage before the client gives up and closes with the last error
   * (`Infinity` = never give up). The count starts again after each successful reconnection.
   * Default 20.
   */
  maxAttempts?: number;
  /** Delay before the first attempt, ms; each further attempt multiplies it by `factor`. Default 200. */
  initialDelayMs?: number;
  /** Upper bound of the delay between attempts, ms. Default 30 000 (upstream `wait --loop`'s cap). */
  maxDelayMs?: number;
  /** Backoff multiplier. Default 2. */
  factor?: number;
  /** Random spread of each delay, as a fraction (0.2 = ±20 %). Default 0.2. */
  jitter?: number;
  /**
   * If nothing arrives for this long (ms) the client sends a `ping`; no answer within the request
   * timeout means the link is dead (e.g. a silently dropped NAT entry) and it reconnects.
   * 0 disables. Default 30 000.
   */
  keepAliveMs?: number;
  /** History page size used to catch up a room. Default 200. */
  catchUpPageSize?: number;
  /**
   * Catch-up re-reads this many seqs below the highest one seen in a room (bounded by the seq at
   * join time), so a message delivered out of seq order just before the drop is not skipped;
   * rows already delivered are recognised by message id and dropped. Default 32.
   */
  catchUpOverlap?: number;
}

/** Defaults of {@link AutoReconnectOptions}. */
export const AUTO_RECONNECT_DEFAULTS: Readonly<Required<AutoReconnectOptions>> = Object.freeze({
  maxAttempts: 20,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.2,
  keepAliveMs: 30_000,
  catchUpPageSize: 200,
  catchUpOverlap: 32,
});

/** The options with defaults filled in, or `null` when reconnection is off. */
export function resolveAutoReconnect(option: boolean | AutoReconnectOptions | undefined): Required<AutoReconnectOptions> | null {
  if (!option) return null;
  const given = option === true ? {} : option;
  const merged = { ...AUTO_RECONNECT_DEFAULTS };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (merged as Record<string, number>)[k] = v as number;
  return merged;
}
