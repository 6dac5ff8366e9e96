/**
 * ClawChat end-to-end encryption (byte-compatible with upstream). Table of contents:
 *
 * - room-cipher.ts      deriveRoomKey, encryptContent, decryptContent, isCiphertext (`clw1:` blobs)
 * - room-key.ts         generateRoomKey (what `keygen` prints)
 * - unpadded-base64.ts  strict unpadded standard base64
 * - errors/             ClawChatDecryptError, ClawChatRoomKeyError
 */
export * from './room-cipher.js';
export * from './room-key.js';
export * from './errors/index.js';
