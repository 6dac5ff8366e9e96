import { describe, expect, it } from 'vitest';
import { CompiledCheck, CompiledCheckTable } from '../../orchestrator/clawchat/client/inbound/compiled-check.js';
import { decodeServerFrame } from '../../orchestrator/clawchat/client/inbound/decode-server-frame.js';
import { COMMANDS } from '../../orchestrator/clawchat/protocol/command-table.js';
import { EVENTS } from '../../orchestrator/clawchat/protocol/events.js';
import { AnyFrameSchema, decodeFrame } from '../../orchestrator/clawchat/protocol/frame.js';
import type { EventType } from '../../orchestrator/clawchat/protocol/frame-types.js';

/**
 * The client validates hot inbound payloads with a compiled check (Ajv on zod's own JSON Schema)
 * and the envelope without zod; zod stays the definition and decides everything the fast path
 * does not accept. These compare the fast path with zod alone on valid frames and thousands of
 * broken variants: same verdict, same value.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const REPLACEMENTS: Json[] = [null, -1, 0, 1.5, 2 ** 60, '', 'x', true, [], {}, ['a'], { x: 1 }];

/** Every variant of `value` with one thing broken: a key removed, or a value replaced, at depth ≤ 3. */
function* mutants(value: Json, depth = 0): Generator<Json> {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const r of REPLACEMENTS) yield value.map((v, k) => (k === i ? r : v));
      for (const m of mutants(value[i], depth + 1)) yield value.map((v, k) => (k === i ? m : v));
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const { [key]: dropped, ...rest } = value;
    yield rest;
    for (const r of REPLACEMENTS) yield { ...value, [key]: r };
    for (const m of mutants(dropped, depth + 1)) yield { ...value, [key]: m };
  }
  yield { ...value, extra: 1 };
}

const message: Json = {
  message_id: 'm-1',
  room_id: 'r-1',
  agent_id: 'a-1',
  agent_name: 'alice',
  content: 'hello',
  reply_to_message: 'm-0',
  metadata: { kind: 'proposal', n: 3 },
  timestamp: '2026-03-01T12:00:00.123Z',
  seq: 7,
};
const EVENT_SAMPLES: Array<[EventType, Json]> = [
  ['message_received', message],
  ['thinking', { ...message, metadata: { type: 'thinking' } }],
  ['turn_changed', { room_id: 'r-1', current_turn_holder: 'a-2', turn_order: ['a-1', 'a-2'], reason: 'message_sent' }],
  ['ping', { heartbeat: true }],
  ['mention', { room_id: 'r-1', message }],
  ['presence_update', { agent_id: 'a', agent_name: 'n', status: 'idle', status_detail: null, progress: 3 }],
  ['room_created', { room_id: 'r', name: 'n', ephemeral: false, created_at: 't', visibility: 'public' }],
  ['decision_made', { room_id: 'r', message_id: 'm', leader_id: 'l', leader_name: 'n', content: 'c', metadata: null, timestamp: 't' }],
];

/** A check that compiles at once (no warm-up), next to zod alone. */
function compare(check: CompiledCheck<any>, value: Json): void {
  const zod = check.schema.safeParse(value);
  const fast = check.parse(value);
  expect(fast.success, JSON.stringify(value)).toBe(zod.success);
  if (zod.success && fast.success) expect(fast.data).toEqual(zod.data);
  else if (!zod.success && !fast.success) expect(fast.error.issues).toEqual(zod.error.issues);
}

describe('client compiled checks', () => {
  it('agree with zod on valid and broken event payloads', () => {
    let compared = 0;
    for (const [type, sample] of EVENT_SAMPLES) {
      const check = new CompiledCheck(EVENTS[type], 0);
      compare(check, sample);
      for (const m of mutants(sample)) {
        compare(check, m);
        compared += 1;
      }
      // Compiled where the schema allows it (room_created has a default: zod only).
      expect(check.compiled, type).toBe(type === 'room_created' ? null : true);
    }
    expect(compared).toBeGreaterThan(700);
  });

  it('agree with zod on send_message replies', () => {
    const check = new CompiledCheck(COMMANDS.send_message.reply, 0);
    for (const m of [message, ...mutants(message)]) compare(check, m);
  });

  it('use zod alone until warmed up, then the compiled predicate', () => {
    const table = new CompiledCheckTable<EventType>((t) => EVENTS[t], 3);
    const check = new CompiledCheck(EVENTS.ping, 3);
    for (let i = 0; i < 3; i++) expect(check.parse({ heartbeat: true }).success).toBe(true);
    expect(check.compiled).toBe(false);
    expect(check.parse({ heartbeat: true }).success).toBe(true);
    expect(check.compiled).toBe(true);
    expect(table.parse('ping', { heartbeat: 'yes' }).success).toBe(false);
  });

  it('decode envelopes exactly as decodeFrame(AnyFrameSchema)', () => {
    const envelopes: Json[] = [
      { id: 'e1', type: 'message_received', payload: message },
      { id: 'e2', reply_to: 'c1', type: 'ok', payload: message },
      { type: 'ping' },
      { id: null, reply_to: null, type: 'ok', payload: null },
      { id: 'e3', type: 'ok', payload: [] },
    ];
    const lines: string[] = ['not json', '[1,2]', 'null', '"x"', '{}', '  {"type":"ok"}  ', '{"__proto__":{"type":"x"},"type":"ok","payload":{}}'];
    for (const e of envelopes) {
      lines.push(JSON.stringify(e));
      for (const m of mutants(e, 2)) lines.push(JSON.stringify(m));
    }
    for (const line of lines) {
      const fast = decodeServerFrame(line);
      const slow = decodeFrame<string>(line, AnyFrameSchema);
      expect(fast.ok, line).toBe(slow.ok);
      if (fast.ok && slow.ok) expect(fast.frame, line).toEqual(slow.frame);
      else if (!fast.ok && !slow.ok) expect(fast.message, line).toBe(slow.message);
    }
    expect(decodeServerFrame('{"type":"ok","payload":{"__proto__":{}}}')).toMatchObject({ ok: true, mayUseFast: false });
  });
});
