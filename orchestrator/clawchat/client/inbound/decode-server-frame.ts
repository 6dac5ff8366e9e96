import { AnyFrameSchema, decodeFrame, type DecodeResult, type Frame } from '../../protocol/frame.js';

/** A decoded server line: the frame, and whether its payload may take the compiled fast path. */
export type ServerFrameResult = (DecodeResult<string> & { ok: false }) | { ok: true; frame: Frame<string>; mayUseFast: boolean };

/**
 * Decodes one line a server sent, exactly as `decodeFrame(line, AnyFrameSchema)` does, without
 * zod for the usual envelope: a JSON object whose `type` is a string and whose `id` /
 * `reply_to` are strings or absent is taken as is (that is all AnyFrameSchema checks); anything
 * else (null ids, bad types, not JSON) goes through decodeFrame, which decides and explains.
 * `mayUseFast` is false when the line holds a `__proto__` key (zod strips it; the compiled
 * checks would not), so its payload is left to zod.
 */
export function decodeServerFrame(line: string): ServerFrameResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return decodeFrame<string>(line, AnyFrameSchema) as ServerFrameResult;
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const r = raw as { id?: unknown; reply_to?: unknown; type?: unknown; payload?: unknown };
    if (typeof r.type === 'string' && (r.id === undefined || typeof r.id === 'string') && (r.reply_to === undefined || typeof r.reply_to === 'string')) {
      const hasPayload = Object.prototype.hasOwnProperty.call(r, 'payload');
      const frame: Frame<string> = { type: r.type, payload: hasPayload ? r.payload : {} };
      if (r.id !== undefined) frame.id = r.id;
      if (r.reply_to !== undefined) frame.reply_to = r.reply_to;
      return { ok: true, frame, mayUseFast: !line.includes('"__proto__"') };
    }
  }
  const decoded = decodeFrame<string>(line, AnyFrameSchema);
  return decoded.ok ? { ok: true, frame: decoded.frame, mayUseFast: false } : decoded;
}
