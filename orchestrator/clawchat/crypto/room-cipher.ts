import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ClawChatDecryptError, ClawChatRoomKeyError } from './errors/crypto-errors.js';
import { decodeUnpaddedBase64, encodeUnpaddedBase64 } from './unpadded-base64.js';

/**
 * ClawChat end-to-end content encryption, byte-compatible with upstream
 * (`crates/clawchat-core/src/crypto.rs`, `examples/python/clawchat.py`):
 *
 * - per-room key = HKDF-SHA256(ikm = the room key's UTF-8 bytes, salt = none (32 zero bytes),
 *   info = `clawchat-e2e-v1:` + room_id, 32 bytes);
 * - blob = `clw1:` + unpadded standard base64 of (12-byte random nonce || ChaCha20-Poly1305
 *   ciphertext || 16-byte tag), no associated data.
 *
 * The room key (`CLAWCHAT_ROOM_KEY`, `--room-key`, `clawchat keygen` output) is used as its
 * ASCII/UTF-8 bytes, never hex-decoded. Only `content` is encrypted (chat messages, thinking
 * pulses, decisions); metadata, names and timestamps stay in the clear.
 */

/** Prefix of a ClawChat v1 encrypted blob. */
export const CIPHERTEXT_PREFIX = 'clw1:';
/** HKDF `info` prefix; the room id follows. */
export const HKDF_INFO_PREFIX = 'clawchat-e2e-v1:';
/** ChaCha20-Poly1305 (IETF) nonce length, bytes. */
export const NONCE_BYTES = 12;
/** Poly1305 tag length, bytes. */
export const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A room key as given (string = its UTF-8 bytes) or raw bytes. */
export type RoomSecret = string | Uint8Array;

function secretBytes(secret: RoomSecret): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length === 0) throw new ClawChatRoomKeyError('the room key is empty');
  return bytes;
}

/** True if `content` is a ClawChat encrypted blob (starts with `clw1:`). */
export function isCiphertext(content: string): boolean {
  return content.startsWith(CIPHERTEXT_PREFIX);
}

/**
 * The 32-byte ChaCha20-Poly1305 key of `roomId` under `secret`.
 *
 * @throws ClawChatRoomKeyError when the secret is empty.
 */
export function deriveRoomKey(secret: RoomSecret, roomId: string): Buffer {
  const info = Buffer.from(HKDF_INFO_PREFIX + roomId, 'utf8');
  return Buffer.from(hkdfSync('sha256', secretBytes(secret), Buffer.alloc(0), info, KEY_BYTES));
}

/** Options of {@link encryptContent}. */
export interface EncryptOptions {
  /** The 12-byte nonce. Default: 12 fresh random bytes (never pass a fixed one outside tests). */
  nonce?: Uint8Array;
}

/**
 * Encrypts `plaintext` for `roomId` into a `clw1:` blob.
 *
 * @throws ClawChatRoomKeyError when the secret is empty; RangeError when a given nonce is not 12 bytes.
 */
export function encryptContent(secret: RoomSecret, roomId: string, plaintext: string, options: EncryptOptions = {}): string {
  const nonce = options.nonce ? Buffer.from(options.nonce) : randomBytes(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`the nonce must be ${NONCE_BYTES} bytes, got ${nonce.length}`);
  const cipher = createCipheriv('chacha20-poly1305', deriveRoomKey(secret, roomId), nonce, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return CIPHERTEXT_PREFIX + encodeUnpaddedBase64(Buffer.concat([nonce, body, cipher.getAuthTag()]));
}

/**
 * Decrypts a `clw1:` blob made for the same `roomId` and `secret`.
 *
 * @throws ClawChatDecryptError (`not_ciphertext`, `malformed`, `authentication_failed`);
 *   ClawChatRoomKeyError when the secret is empty.
 */
export function decryptContent(secret: RoomSecret, roomId: string, blob: string): string {
  if (!isCiphertext(blob)) throw new ClawChatDecryptError('not_ciphertext', 'not a clw1: encrypted blob');
  const raw = decodeUnpaddedBase64(blob.slice(CIPHERTEXT_PREFIX.length));
  if (!raw) throw new ClawChatDecryptError('malformed', 'the clw1: blob is not unpadded standard base64');
  if (raw.length < NONCE_BYTES + TAG_BYTES) {
    throw new ClawChatDecryptError(raw.length < NONCE_BYTES ? 'malformed' : 'authentication_failed', `the clw1: blob is too short (${raw.length} bytes)`);
  }
  const nonce = raw.subarray(0, NONCE_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const decipher = createDecipheriv('chacha20-poly1305', deriveRoomKey(secret, roomId), nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch (err) {
    throw new ClawChatDecryptError('authentication_failed', 'decryption failed (wrong room key, wrong room or tampered content)', { cause: err });
  }
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(plain);
  } catch (err) {
    throw new ClawChatDecryptError('malformed', 'the decrypted content is not UTF-8', { cause: err });
  }
}
