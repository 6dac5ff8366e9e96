import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineFault } from '../../orchestrator/clawchat/protocol/ndjson.js';

/** Feeds `chunks` to a splitter; returns the lines delivered and the fault, if any. */
function split(chunks: Buffer[], maxLineBytes: number): { lines: string[]; fault: LineFault | undefined } {
  const lines: string[] = [];
  const splitter = new LineSplitter(maxLineBytes, (l) => lines.push(l));
  for (const c of chunks) {
    const fault = splitter.push(c);
    if (fault) return { lines, fault };
  }
  return { lines, fault: splitter.end() };
}

/** Cuts `bytes` at random places (including inside multi-byte characters). */
function randomChunks(bytes: Buffer, rand: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rand() * (rand() < 0.2 ? 400 : 40));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('LineSplitter', () => {
  it('delivers every line of a stream however it is chunked, multi-byte characters across chunk edges included', () => {
    const rand = prng(7);
    const alphabet = ['a', 'é', '€', '𝄞', ' ', '"', '{', '}', '\r'];
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 1 + Math.floor(rand() * 30) }, () =>
        Array.from({ length: Math.floor(rand() * 60) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
      );
      const trailing = rand() < 0.3 ? 'tail€' : '';
      const stream = Buffer.from(lines.map((l) => `${l}\n`).join('') + trailing, 'utf8');
      const { lines: got, fault } = split(randomChunks(stream, rand), 1024);
      expect(fault).toBeUndefined();
      expect(got).toEqual(trailing ? [...lines, trailing] : lines);
    }
  });

  it('delivers the lines before an oversized one, then reports too_large and stops', () => {
    const stream = Buffer.from(`ok 1\nok 2\n${'x'.repeat(50)}\nafter\n`);
    for (const chunks of [[stream], randomChunks(stream, prng(3))]) {
      const { lines, fault } = split(chunks, 20);
      expect(fault).toBe('too_large');
      expect(lines).toEqual(['ok 1', 'ok 2']);
    }
  });

  it('delivers the lines before invalid UTF-8, then reports invalid_utf8 and stops', () => {
    const stream = Buffer.concat([Buffer.from('ok 1\nok €\n'), Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]), Buffer.from('after\n')]);
    for (const chunks of [[stream], randomChunks(stream, prng(5)), [...stream].map((b) => Buffer.from([b]))]) {
      const { lines, fault } = split(chunks, 1024);
      expect(fault).toBe('invalid_utf8');
      expect(lines).toEqual(['ok 1', 'ok €']);
    }
  });

  it('counts the pending bytes of a line split across chunks against the cap', () => {
    const { lines, fault } = split([Buffer.from('a\n' + 'b'.repeat(8)), Buffer.from('b'.repeat(8) + '\n')], 16);
    expect(lines).toEqual(['a']);
    expect(fault).toBe('too_large');
    expect(split([Buffer.from('a\n' + 'b'.repeat(7)), Buffer.from('b'.repeat(7) + '\nc\n')], 16).lines).toEqual(['a', 'b'.repeat(14), 'c']);
  });
});
