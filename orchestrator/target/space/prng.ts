/** A source of uniform random numbers in [0, 1), e.g. `Math.random` or {@link mulberry32}. */
export type Rng = () => number;

/**
 * A small seeded PRNG (mulberry32, 32-bit state): the same seed gives the same sequence on every
 * machine, so agent searches and tests are reproducible. Not for cryptography.
 *
 * @param seed any integer (taken modulo 2³²).
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in `[lo, hi]` (inclusive) drawn from `rng`. */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}
