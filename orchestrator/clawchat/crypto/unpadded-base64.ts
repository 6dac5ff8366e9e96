/**
 * Standard-alphabet base64 WITHOUT `=` padding, strict like Rust's `base64` crate
 * `STANDARD_NO_PAD` engine that upstream ClawChat decodes `clw1:` blobs with: padding, characters
 * outside `A-Za-z0-9+/`, a length of 4n+1 and non-zero trailing bits are all rejected.
 */

const ALPHABET = /^[A-Za-z0-9+/]*$/;

/** Encodes bytes as unpadded standard base64. */
export function encodeUnpaddedBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/**
 * Decodes unpadded standard base64.
 *
 * @returns the bytes, or `null` when the text is not canonical unpadded base64.
 */
export function decodeUnpaddedBase64(text: string): Buffer | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node ignores stray trailing bits; the Rust decoder does not. Round-trip to insist on canonical.
  return encodeUnpaddedBase64(bytes) === text ? bytes : null;
}
