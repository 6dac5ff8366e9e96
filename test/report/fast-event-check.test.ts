import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleIterations } from '../../bench/report-sample-log.js';
import { parseRunLogEvent, parseRunLogText, RUN_LOG_EVENT_SCHEMAS } from '../../orchestrator/runlog/index.js';

/**
 * The run-log reader accepts valid events through a fast compiled check (Ajv on zod's own JSON
 * Schema of each event type) and leaves everything else to zod. This compares the reader with zod
 * alone on valid events and on thousands of broken variants: the verdict, the event and the
 * reason of a skipped line must be the same.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const REPLACEMENTS: Json[] = [null, -1, 0, 1.5, 2 ** 60, '', 'x', true, [], {}, [1], { x: 1 }, '2026-02-24T15:15:00.000Z'];

/** Every variant of `value` with one thing broken: a key removed, or a value replaced, at depth ≤ 3. */
function* mutants(value: Json, depth = 0): Generator<Json> {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const r of REPLACEMENTS) yield value.map((v, k) => (k === i ? r : v));
      for (const m of mutants(value[i] as Json, depth + 1)) yield value.map((v, k) => (k === i ? m : v));
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const { [key]: dropped, ...rest } = value;
    yield rest;
    for (const r of REPLACEMENTS) yield { ...value, [key]: r };
    for (const m of mutants(dropped as Json, depth + 1)) yield { ...value, [key]: m };
  }
  yield { ...value, extra: 1 };
}

function samples(): Json[] {
  const seen = new Map<string, Json[]>();
  for (const it of sampleIterations({ iterations: 60, target: 't', every: { review: 10, skipped: 11, failed: 9, rejected: 6, reverted: 8, noChange: 5 } }))
    for (const e of it.events) {
      const type = (e as { type: string }).type;
      const list = seen.get(type) ?? [];
      if (list.length < 3) list.push({ v: 1, target: 't', ...(e as unknown as Record<string, Json>) });
      seen.set(type, list);
    }
  return [...seen.values()].flat();
}

function compare(value: Json): void {
  const line = JSON.stringify(value);
  const fast = parseRunLogText(`${line}\n`);
  const zod = parseRunLogEvent(JSON.parse(line));
  if (!zod.ok) {
    expect(fast.events, line).toEqual([]);
    expect(fast.skipped.map((s) => s.reason), line).toEqual([zod.reason]);
  } else if (zod.known) {
    expect(fast.skipped, line).toEqual([]);
    expect(fast.events, line).toEqual([zod.event]);
  } else expect(fast.unknownEvents.map((u) => u.event), line).toEqual([zod.event]);
}

describe('fast event check', () => {
  it('covers every event type', () => {
    expect(new Set(samples().map((s) => (s as { type: string }).type))).toEqual(new Set(Object.keys(RUN_LOG_EVENT_SCHEMAS)));
  });

  it('is used for every event type: no schema has a default or transform', () => {
    // The reader only uses the fast check for a type whose JSON Schema is the same for input and
    // output; a default or transform turns it off for that type (correct, but slower).
    for (const schema of Object.values(RUN_LOG_EVENT_SCHEMAS))
      expect(JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }))).toBe(JSON.stringify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' })));
  });

  it('agrees with zod on valid events and on every one-thing-broken variant', () => {
    let n = 0;
    for (const sample of samples()) {
      compare(sample);
      for (const m of mutants(sample)) {
        compare(m);
        n++;
      }
    }
    expect(n).toBeGreaterThan(5_000);
  });

  it('leaves odd keys to zod (__proto__) and keeps unknown types apart', () => {
    const base = { v: 1, ts: '2026-02-24T15:15:00.000Z', target: 't', iterationId: 'i' };
    compare(JSON.parse(`{"v":1,"ts":"2026-02-24T15:15:00.000Z","target":"t","iterationId":"i","type":"decision_made","by":"a","option":1,"changes":{"__proto__":{"x":1}},"rationale":""}`) as Json);
    compare({ ...base, type: 'review_finding', anything: [1, 2] });
    compare({ ...base, v: 2, type: 'phase_completed', phase: 'x', durationMs: 1 });
    compare([1, 2]);
    compare('just a string');
  });
});
