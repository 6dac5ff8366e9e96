import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthOptions } from '../options.js';
import type { Store } from '../store/store.js';
import type { Tier } from '../store/records.js';
import { generateKey, loadOrCreateKeyFile } from './key-file.js';

/** Who a key is: its hash (stored instead of the key) and tier. */
export interface KeyIdentity {
  keyHash: string;
  tier: Tier;
}

/** SHA-256 hex of a key. Rooms, identities and subscriptions are owned by this hash. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two secrets in constant time (over their SHA-256 digests, so lengths may differ). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}

/**
 * Authenticates `register` keys: the master key (compared in constant time — upstream compares
 * with `==`) or an API key stored by hash (looked up by its SHA-256, so the lookup reveals
 * nothing about the key). In no-auth mode every key is accepted.
 */
export class Authenticator {
  /** The master key (undefined in no-auth mode without a key). */
  readonly masterKey: string | undefined;
  /** True in no-auth mode. */
  readonly noAuth: boolean;
  private readonly masterDigest: Buffer | undefined;

  /**
   * @param store where API keys live.
   * @param options `key`, `keyFile`, `noAuth`; see {@link AuthOptions}.
   * @throws ClawChatConfigError if the key file cannot be read or created.
   */
  constructor(
    private readonly store: Store,
    options: AuthOptions,
  ) {
    this.noAuth = options.noAuth === true;
    this.masterKey =
      options.key ?? (options.keyFile ? loadOrCreateKeyFile(options.keyFile) : this.noAuth ? undefined : generateKey());
    this.masterDigest = this.masterKey === undefined ? undefined : createHash('sha256').update(this.masterKey, 'utf8').digest();
  }

  /**
   * @returns the key's identity, or undefined if the key is not accepted.
   */
  authenticate(key: string): KeyIdentity | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    const keyHash = digest.toString('hex');
    const tier = this.store.keys.tier(keyHash);
    if (tier !== undefined) return { keyHash, tier };
    if (this.masterDigest !== undefined && timingSafeEqual(digest, this.masterDigest)) return { keyHash, tier: 'free' };
    if (this.noAuth) return { keyHash, tier: 'free' };
    return undefined;
  }

  /**
   * Creates an API key of a tier, stored by hash.
   *
   * @returns the new key (shown once; only its hash is kept).
   */
  createApiKey(tier: Tier = 'free', label: string | null = null): string {
    const key = generateKey();
    this.store.keys.insert(hashKey(key), tier, label);
    return key;
  }
}
