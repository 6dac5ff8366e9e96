import { randomBytes } from 'node:crypto';

/**
 * A fresh room key as upstream's `clawchat keygen` prints it: 32 random bytes as 64 lowercase
 * hex characters. It is used as text (its ASCII bytes feed HKDF), so any passphrase works too.
 */
export function generateRoomKey(): string {
  return randomBytes(32).toString('hex');
}
