import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  ClawChatDecryptError,
  ClawChatRoomKeyError,
  decryptContent,
  deriveRoomKey,
  encryptContent,
  generateRoomKey,
  isCiphertext,
} from '../../orchestrator/clawchat/crypto/index.js';

const SECRET = 'correct horse battery staple';
const NONCE = Buffer.from('000102030405060708090a0b', 'hex');

/** The two vectors of the protocol file (§2), computed there with Python `cryptography`. */
const VECTORS = [
  {
    room: 'room-abc',
    key: '734816f06d739318bb2daf42abffba0bee3fb8defe762e4c128b2f9d4c985dff',
    blob: 'clw1:AAECAwQFBgcICQoLKhGRfOKl8HefnzgqUDI0+FGMJf1tKsEWJ1hJ',
  },
  {
    room: 'lobby',
    key: 'b17a545681f3f210bd70673d396291429082d5cf2f51e4aef6c454fa0deccf21',
    blob: 'clw1:AAECAwQFBgcICQoLRgp7YW+uGdEGKW6//7trAqwZ47hjQMCuf89u',
  },
];

const decryptError = (fn: () => unknown): ClawChatDecryptError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ClawChatDecryptError);
    return err as ClawChatDecryptError;
  }
  throw new Error('expected a ClawChatDecryptError');
};

describe('ClawChat end-to-end encryption', () => {
  for (const v of VECTORS) {
    it(`reproduces the protocol file's vector for room ${v.room}: key, blob, and decryption`, () => {
      expect(deriveRoomKey(SECRET, v.room).toString('hex')).toBe(v.key);
      expect(encryptContent(SECRET, v.room, 'hello world', { nonce: NONCE })).toBe(v.blob);
      expect(decryptContent(SECRET, v.room, v.blob)).toBe('hello world');
    });
  }

  it('round-trips unicode with a fresh random nonce per message', () => {
    const text = 'fair value 0.5 → half-spread 0.01 ✓ 你好';
    const a = encryptContent(SECRET, 'r1', text);
    const b = encryptContent(SECRET, 'r1', text);
    expect(a).not.toBe(b);
    expect(isCiphertext(a)).toBe(true);
    expect(a).not.toContain('=');
    expect(decryptContent(SECRET, 'r1', a)).toBe(text);
    expect(decryptContent(SECRET, 'r1', b)).toBe(text);
    expect(decryptContent(SECRET, 'r1', encryptContent(SECRET, 'r1', ''))).toBe('');
  });

  it('binds blobs to the room and the key', () => {
    const blob = encryptContent(SECRET, 'room-a', 'secret');
    expect(decryptError(() => decryptContent(SECRET, 'room-b', blob)).reason).toBe('authentication_failed');
    expect(decryptError(() => decryptContent('another key', 'room-a', blob)).reason).toBe('authentication_failed');
    expect(deriveRoomKey(SECRET, 'room-a').equals(deriveRoomKey(SECRET, 'room-b'))).toBe(false);
  });

  it('rejects tampered, padded, non-canonical, short and non-blob input with a reason', () => {
    const blob = VECTORS[0].blob;
    const flipped = blob.slice(0, -1) + (blob.endsWith('J') ? 'K' : 'J');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', flipped)).reason).toBe('authentication_failed');
    // 41 bytes -> 55 base64 chars; upstream's STANDARD_NO_PAD refuses the padded form.
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', blob + '=')).reason).toBe('malformed');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'clw1:AAEC AwQF')).reason).toBe('malformed');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'clw1:AAECAwQFBgcICQoL_w')).reason).toBe('malformed');
    // 'AB' decodes to one byte only if the trailing bits are zero ('AA' is canonical, 'AB' is not).
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'clw1:AB')).reason).toBe('malformed');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'clw1:AAECAwQF')).reason).toBe('malformed');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'clw1:AAECAwQFBgcICQoLDA0ODw')).reason).toBe('authentication_failed');
    expect(decryptError(() => decryptContent(SECRET, 'room-abc', 'hello world')).reason).toBe('not_ciphertext');
    expect(() => encryptContent('', 'r', 'x')).toThrow(ClawChatRoomKeyError);
    expect(() => encryptContent(SECRET, 'r', 'x', { nonce: Buffer.alloc(8) })).toThrow(RangeError);
  });

  it('generates room keys like `clawchat keygen`: 64 hex characters, used as text', () => {
    const a = generateRoomKey();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateRoomKey()).not.toBe(a);
    // The key is its ASCII text, not hex-decoded bytes.
    expect(deriveRoomKey(a, 'r').equals(deriveRoomKey(Buffer.from(a, 'utf8'), 'r'))).toBe(true);
    expect(deriveRoomKey(a, 'r').equals(deriveRoomKey(Buffer.from(a, 'hex'), 'r'))).toBe(false);
  });

  const hasPythonCryptography = spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasPythonCryptography)('interoperates with Python `cryptography` (upstream Python client primitives) both ways', () => {
    const ours = encryptContent(SECRET, 'room-xyz', 'from node');
    const script = `
import base64, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
secret, room, blob = sys.argv[1].encode(), sys.argv[2], sys.argv[3]
key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"clawchat-e2e-v1:" + room.encode()).derive(secret)
b64 = blob[5:]
raw = base64.b64decode(b64 + "=" * (-len(b64) % 4))
print(ChaCha20Poly1305(key).decrypt(raw[:12], raw[12:], None).decode())
nonce = bytes(range(12))
print("clw1:" + base64.b64encode(nonce + ChaCha20Poly1305(key).encrypt(nonce, b"from python", None)).decode().rstrip("="))
`;
    const [plain, theirs] = execFileSync('python3', ['-c', script, SECRET, 'room-xyz', ours], { encoding: 'utf8' }).trim().split('\n');
    expect(plain).toBe('from node');
    expect(decryptContent(SECRET, 'room-xyz', theirs)).toBe('from python');
    expect(theirs).toBe(encryptContent(SECRET, 'room-xyz', 'from python', { nonce: Buffer.from(Array.from({ length: 12 }, (_, i) => i)) }));
  });
});
