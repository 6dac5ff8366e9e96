import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ClawChatConfigError } from '../../errors/clawchat-error.js';

/** A new master key: 32 random bytes as 64 lowercase hex chars (upstream `auth.rs`). */
export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Reads the master key file, creating it if missing or empty: the directory gets mode 0700
 * (when created), the file 0600, written atomically (temp file + rename). An existing file is
 * re-hardened to 0600 and read trimmed, as upstream does.
 *
 * @param file path of the key file, e.g. `~/.clawchat/auth.key`.
 * @returns the key.
 * @throws ClawChatConfigError if the file cannot be read or written.
 */
export function loadOrCreateKeyFile(file: string): string {
  try {
    if (existsSync(file)) {
      chmodSync(file, 0o600);
      const key = readFileSync(file, 'utf8').trim();
      if (key.length > 0) return key;
    }
    return writeKeyFile(file, generateKey());
  } catch (err) {
    if (err instanceof ClawChatConfigError) throw err;
    throw new ClawChatConfigError(`cannot read or create key file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Replaces the key file with a fresh key (upstream `auth rotate-key`).
 *
 * @returns the new key.
 */
export function rotateKeyFile(file: string): string {
  return writeKeyFile(file, generateKey());
}

function writeKeyFile(file: string, key: string): string {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, key, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
    chmodSync(file, 0o600);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return key;
}
