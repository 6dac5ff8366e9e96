import { z } from 'zod';

/**
 * The evaluate protocol as Strategy C reads and writes it (the orchestrator's
 * orchestrator/target/evaluate-protocol.ts is the authority; this target keeps its own copy of the
 * shapes because a target never imports orchestrator code). One JSON request per stdin line, one
 * JSON response per request line on stdout, same order, same `id`.
 */

/** Envelope of a request line; parameter values and the window range are checked separately. */
export const RequestEnvelopeSchema = z.object({
  id: z.string().min(1),
  info: z.literal(true).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  windows: z.unknown().optional(),
});

/** Stable error codes of a failed request line. */
export type ErrorCode =
  | 'bad_request'
  | 'unknown_parameter'
  | 'invalid_value'
  | 'out_of_range'
  | 'bad_window_range'
  | 'internal_error';

/** One response line. */
export type Response =
  | { id: string | null; ok: true; metrics: Record<string, unknown> }
  | { id: string | null; ok: true; info: Record<string, unknown> }
  | { id: string | null; ok: false; error: { code: ErrorCode; message: string } };

/** An error response. */
export function errorResponse(id: string | null, code: ErrorCode, message: string): Response {
  return { id, ok: false, error: { code, message } };
}
