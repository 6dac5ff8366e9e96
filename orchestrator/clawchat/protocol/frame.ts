import { z } from 'zod';
import { FrameTypeSchema, type FrameType } from './frame-types.js';

/**
 * The wire envelope: one JSON object per line, `{"id"?, "reply_to"?, "type", "payload"}`
 * serialized in that key order, `id`/`reply_to` omitted when absent, `payload` defaulting to
 * `{}` (`crates/clawchat-core/src/protocol.rs`).
 *
 * Correlation: a client picks any `id`; every server reply carries `reply_to` = that id and a
 * fresh UUIDv4 `id`; pushed events have a UUID `id` and no `reply_to`.
 */
export interface Frame<T extends string = FrameType, P = unknown> {
  /** Correlation id chosen by the sender; servers use a fresh UUIDv4. */
  id?: string;
  /** On replies: the `id` of the request answered. Absent on events. */
  reply_to?: string;
  /** The frame type, e.g. `send_message`, `ok`, `message_received`. */
  type: T;
  /** Type-specific payload; `{}` when the sender omitted it. */
  payload: P;
}

/**
 * Schema of the envelope as the server accepts it: `type` must be a known frame type,
 * `id`/`reply_to` strings or null. Unknown extra keys are ignored (serde's default).
 */
export const FrameSchema = z.object({
  id: z.string().nullish(),
  reply_to: z.string().nullish(),
  type: FrameTypeSchema,
  payload: z.unknown().optional(),
});

/**
 * Schema of the envelope as a client accepts it: like {@link FrameSchema}, but any `type`
 * string, so that a frame from a newer server is reported rather than dropped.
 */
export const AnyFrameSchema = z.object({
  id: z.string().nullish(),
  reply_to: z.string().nullish(),
  type: z.string(),
  payload: z.unknown().optional(),
});

/**
 * One-line description of a validation failure, e.g. `room_id: Invalid input: expected string,
 * received undefined` (for error frames and logs).
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'value'}: ${i.message}`).join('; ');
}

/** Result of {@link decodeFrame}. */
export type DecodeResult<T extends string> =
  | { ok: true; frame: Frame<T> }
  | { ok: false; message: string };

/**
 * Parses one line (without or with its trailing newline) into a Frame. Surrounding whitespace is
 * trimmed as upstream does. A line that is not a JSON object, or whose envelope does not match,
 * gives `{ ok: false, message }` — the server answers that with `invalid_payload` and no
 * `reply_to`.
 *
 * @param line one NDJSON line.
 * @param schema {@link FrameSchema} (server side, known types only) or {@link AnyFrameSchema}.
 */
export function decodeFrame<T extends string = FrameType>(
  line: string,
  schema: z.ZodType<{ id?: string | null; reply_to?: string | null; type: string; payload?: unknown }> = FrameSchema,
): DecodeResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    return { ok: false, message: `invalid JSON: ${(err as Error).message}` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: 'invalid type: expected a JSON object (struct Frame)' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, message: describeZodError(parsed.error) };
  }
  const frame: Frame<T> = {
    type: parsed.data.type as T,
    payload: Object.prototype.hasOwnProperty.call(raw, 'payload') ? (raw as { payload: unknown }).payload : {},
  };
  if (parsed.data.id != null) frame.id = parsed.data.id;
  if (parsed.data.reply_to != null) frame.reply_to = parsed.data.reply_to;
  return { ok: true, frame };
}

/**
 * Serializes a frame as one JSON line WITHOUT the trailing newline, keys in upstream order
 * (`id`, `reply_to`, `type`, `payload`), absent `id`/`reply_to` omitted. Payload keys keep the
 * insertion order of the object given; `undefined` fields are omitted (serde's
 * `skip_serializing_if = "Option::is_none"`), `null` fields are kept.
 */
export function encodeFrame(frame: { id?: string | null; reply_to?: string | null; type: string; payload?: unknown }): string {
  let line = '{';
  if (frame.id != null) line += `"id":${JSON.stringify(frame.id)},`;
  if (frame.reply_to != null) line += `"reply_to":${JSON.stringify(frame.reply_to)},`;
  line += `"type":${JSON.stringify(frame.type)},"payload":${JSON.stringify(frame.payload === undefined ? {} : frame.payload)}}`;
  return line;
}
