import { ItercrewError } from '../../../errors/index.js';

/**
 * A `clw1:` blob could not be decrypted: not a blob, bad base64 (upstream rejects `=` padding),
 * shorter than the nonce, or the Poly1305 tag does not verify (wrong room key, wrong room, or
 * tampered content). Code `clawchat_decrypt_failed`; `reason` says which.
 */
export class ClawChatDecryptError extends ItercrewError {
  /** `not_ciphertext`, `malformed` or `authentication_failed` (upstream's CryptoError variants). */
  readonly reason: 'not_ciphertext' | 'malformed' | 'authentication_failed';

  constructor(reason: ClawChatDecryptError['reason'], message: string, options?: { cause?: unknown }) {
    super('clawchat_decrypt_failed', message, options);
    this.reason = reason;
  }
}

/** A room key is unusable (empty). Code `clawchat_invalid_room_key`. */
export class ClawChatRoomKeyError extends ItercrewError {
  constructor(message: string) {
    super('clawchat_invalid_room_key', message);
  }
}
