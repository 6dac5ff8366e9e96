import type Database from 'better-sqlite3';
import type { Tier } from './records.js';

/** API keys (by SHA-256 hash, `api_keys`) and agent identities bound to a key (`agent_identities`). */
export class KeyRows {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare('INSERT INTO api_keys (key_hash, tier, label, created_at) VALUES (?, ?, ?, ?)'),
      tier: db.prepare('SELECT tier FROM api_keys WHERE key_hash = ?').pluck(),
      claim: db.prepare('INSERT OR IGNORE INTO agent_identities (agent_id, owner_key_hash, claimed_at) VALUES (?, ?, ?)'),
      owner: db.prepare('SELECT owner_key_hash FROM agent_identities WHERE agent_id = ?').pluck(),
    };
  }

  /** Records an API key by its hash. */
  insert(keyHash: string, tier: Tier, label: string | null): void {
    this.stmts.insert.run(keyHash, tier, label, new Date().toISOString());
  }

  /** Tier of a stored API key, or undefined if the hash is unknown. */
  tier(keyHash: string): Tier | undefined {
    const tier = this.stmts.tier.get(keyHash) as string | undefined;
    if (tier === undefined) return undefined;
    return tier === 'pro' ? 'pro' : 'free';
  }

  /**
   * Binds `agentId` to the first key hash that claims it, forever.
   *
   * @returns true if `keyHash` owns the identity (now or already).
   */
  claimIdentity(agentId: string, keyHash: string): boolean {
    this.stmts.claim.run(agentId, keyHash, new Date().toISOString());
    return this.stmts.owner.get(agentId) === keyHash;
  }
}
