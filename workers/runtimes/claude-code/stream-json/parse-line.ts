import {
  AssistantLineSchema,
  ResultLineSchema,
  SystemApiRetrySchema,
  SystemInitSchema,
  SystemPermissionDeniedSchema,
  UserLineSchema,
  type AssistantLine,
  type ResultLine,
  type SystemApiRetry,
  type SystemInit,
  type SystemPermissionDenied,
  type UserLine,
} from './schemas.js';

/** One stdout line of `claude -p --output-format stream-json`, classified. */
export type StreamLine =
  | { kind: 'init'; value: SystemInit }
  | { kind: 'api_retry'; value: SystemApiRetry }
  | { kind: 'permission_denied'; value: SystemPermissionDenied }
  | { kind: 'assistant'; value: AssistantLine }
  | { kind: 'user'; value: UserLine }
  | { kind: 'result'; value: ResultLine }
  /** Valid JSON of a type itercrew does not act on (kept in the transcript). */
  | { kind: 'other'; type: string }
  /** Not JSON, or a known type that fails its schema: `error` says why. */
  | { kind: 'invalid'; error: string };

const KNOWN = [
  ['init', SystemInitSchema, (v: Record<string, unknown>) => v.type === 'system' && v.subtype === 'init'],
  ['api_retry', SystemApiRetrySchema, (v: Record<string, unknown>) => v.type === 'system' && v.subtype === 'api_retry'],
  ['permission_denied', SystemPermissionDeniedSchema, (v: Record<string, unknown>) => v.type === 'system' && v.subtype === 'permission_denied'],
  ['assistant', AssistantLineSchema, (v: Record<string, unknown>) => v.type === 'assistant'],
  ['user', UserLineSchema, (v: Record<string, unknown>) => v.type === 'user'],
  ['result', ResultLineSchema, (v: Record<string, unknown>) => v.type === 'result'],
] as const;

/**
 * Classifies one line of Claude Code's stream-json output. Never throws: garbage (a crash
 * message, a partial line) comes back as `{kind: 'invalid', error}` so the supervisor can log it
 * and go on.
 */
export function parseStreamLine(line: string): StreamLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return { kind: 'invalid', error: `not JSON: ${(err as Error).message}` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { kind: 'invalid', error: 'not a JSON object' };
  const v = json as Record<string, unknown>;
  for (const [kind, schema, matches] of KNOWN) {
    if (!matches(v)) continue;
    const parsed = schema.safeParse(v);
    if (!parsed.success) {
      return { kind: 'invalid', error: `${kind} line: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
    }
    return { kind, value: parsed.data } as StreamLine;
  }
  return { kind: 'other', type: typeof v.type === 'string' ? v.type : '(no type)' };
}
