import type { LimitOptions, TierLimits } from '../options.js';
import type { Tier } from '../store/records.js';

interface KeyUsage {
  agents: number;
  messages: number;
  windowStart: number;
  rooms: number;
}

/**
 * Per-key usage against tier limits (`rate_limit.rs`): concurrent agents, messages per fixed
 * window (send_message + thinking), room creations per server process (never decremented).
 * Callers check in auth mode only (`--no-auth` disables limits).
 */
export class RateLimiter {
  private readonly usage = new Map<string, KeyUsage>();

  constructor(private readonly limits: LimitOptions) {}

  /** The limits of a tier. */
  tierLimits(tier: Tier): TierLimits {
    return tier === 'pro' ? this.limits.pro : this.limits.free;
  }

  /** True if the key may register one more agent. */
  canAddAgent(keyHash: string, tier: Tier): boolean {
    return this.get(keyHash).agents < this.tierLimits(tier).maxAgents;
  }

  /** Counts a registered connection. */
  addAgent(keyHash: string): void {
    this.get(keyHash).agents += 1;
  }

  /** Uncounts a closed registered connection. */
  removeAgent(keyHash: string): void {
    const u = this.usage.get(keyHash);
    if (u && u.agents > 0) u.agents -= 1;
  }

  /** True if the key may send one more message in the current window (resets an elapsed window). */
  canSendMessage(keyHash: string, tier: Tier): boolean {
    const u = this.get(keyHash);
    const now = Date.now();
    if (now - u.windowStart >= this.limits.messageWindowMs) {
      u.windowStart = now;
      u.messages = 0;
    }
    return u.messages < this.tierLimits(tier).maxMessagesPerWindow;
  }

  /** Counts a sent message or thinking pulse. */
  countMessage(keyHash: string): void {
    this.get(keyHash).messages += 1;
  }

  /** True if the key may create one more room. */
  canCreateRoom(keyHash: string, tier: Tier): boolean {
    return this.get(keyHash).rooms < this.tierLimits(tier).maxRooms;
  }

  /** Counts a created room. */
  countRoom(keyHash: string): void {
    this.get(keyHash).rooms += 1;
  }

  private get(keyHash: string): KeyUsage {
    let u = this.usage.get(keyHash);
    if (!u) this.usage.set(keyHash, (u = { agents: 0, messages: 0, windowStart: Date.now(), rooms: 0 }));
    return u;
  }
}
