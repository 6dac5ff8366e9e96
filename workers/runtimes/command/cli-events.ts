import { z } from 'zod';
import { ResultLineSchema } from '../claude-code/stream-json/schemas.js';
import { outcomeFromResult } from '../claude-code/outcome.js';

/**
 * JSONL event formats of agent CLIs, parsed with zod (loose objects: new fields never break it):
 *
 * - Codex `codex exec --json`: `thread.started {thread_id}`, `turn.started`,
 *   `turn.completed {usage: {input_tokens, cached_input_tokens, output_tokens}}`,
 *   `turn.failed {error: {message}}`, `error {message}`, `item.*`.
 * - Gemini CLI `-p … -o stream-json`: `init {session_id, model}`, `message`, `tool_use`,
 *   `tool_result`, `error` (non-fatal), `result {status: success|error, error?: {type, message},
 *   stats: {input_tokens, output_tokens, total_tokens, cached?, duration_ms, tool_calls}}`.
 * - Claude Code stream-json `result` lines (a user script may wrap `claude`).
 */
const CodexUsageSchema = z.looseObject({ input_tokens: z.number().default(0), cached_input_tokens: z.number().default(0), output_tokens: z.number().default(0) });
const CodexEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('thread.started'), thread_id: z.string().optional() }),
  z.looseObject({ type: z.literal('turn.completed'), usage: CodexUsageSchema.optional() }),
  z.looseObject({ type: z.literal('turn.failed'), error: z.looseObject({ message: z.string() }).optional(), usage: CodexUsageSchema.optional() }),
  z.looseObject({ type: z.literal('error'), message: z.string().optional() }),
]);
const GeminiEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('init'), session_id: z.string().optional(), model: z.string().optional() }),
  z.looseObject({
    type: z.literal('result'),
    status: z.enum(['success', 'error']),
    error: z.looseObject({ type: z.string().optional(), message: z.string() }).optional(),
    stats: z
      .looseObject({ input_tokens: z.number().optional(), output_tokens: z.number().optional(), cached: z.number().optional(), tool_calls: z.number().optional(), duration_ms: z.number().optional() })
      .optional(),
  }),
]);

/** Which format a command speaks; `auto` tries each on every line (user scripts). */
export type CliEventFormat = 'codex' | 'gemini' | 'auto';

/** What the events said about the run. */
export interface CliRunSummary {
  /** A start event (thread.started, init, …) was seen. */
  started: boolean;
  /** A final event was seen (Gemini / Claude result; for Codex a completed or failed turn). */
  finished: boolean;
  turns: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** USD, when the CLI reports it (Claude Code). */
  costUsd?: number;
  /** The failure the CLI reported, if any. */
  error: string | null;
  /** Lines that were not JSON objects. */
  invalidLines: number;
}

/** Reads a CLI's stdout line by line into a {@link CliRunSummary}. Never throws. */
export class CliEventParser {
  readonly summary: CliRunSummary = { started: false, finished: false, turns: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, error: null, invalidLines: 0 };

  constructor(private readonly format: CliEventFormat) {}

  /** One stdout line. */
  feed(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.summary.invalidLines++;
      return;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      this.summary.invalidLines++;
      return;
    }
    if (this.format !== 'gemini' && this.codex(json)) return;
    if (this.format !== 'codex' && this.gemini(json)) return;
    if (this.format === 'auto') this.claude(json);
  }

  private codex(json: object): boolean {
    const e = CodexEventSchema.safeParse(json);
    if (!e.success) return false;
    const s = this.summary;
    const v = e.data;
    if (v.type === 'thread.started') s.started = true;
    else if (v.type === 'turn.completed' || v.type === 'turn.failed') {
      s.turns++;
      s.finished = true;
      if (v.usage) {
        s.inputTokens += v.usage.input_tokens;
        s.outputTokens += v.usage.output_tokens;
        s.cacheReadTokens += v.usage.cached_input_tokens;
      }
      if (v.type === 'turn.failed') s.error = v.error?.message ?? 'turn failed';
    } else if (v.type === 'error') s.error = v.message ?? 'error';
    return true;
  }

  private gemini(json: object): boolean {
    const e = GeminiEventSchema.safeParse(json);
    if (!e.success) return false;
    const s = this.summary;
    const v = e.data;
    if (v.type === 'init') s.started = true;
    else {
      s.finished = true;
      s.inputTokens += v.stats?.input_tokens ?? 0;
      s.outputTokens += v.stats?.output_tokens ?? 0;
      s.cacheReadTokens += v.stats?.cached ?? 0;
      s.turns += 1;
      if (v.status === 'error') s.error = v.error?.message ?? 'error';
    }
    return true;
  }

  private claude(json: object): void {
    const r = ResultLineSchema.safeParse(json);
    if (!r.success) return;
    const s = this.summary;
    s.started = true;
    s.finished = true;
    s.turns += r.data.num_turns;
    s.costUsd = (s.costUsd ?? 0) + r.data.total_cost_usd;
    s.inputTokens += r.data.usage?.input_tokens ?? 0;
    s.outputTokens += r.data.usage?.output_tokens ?? 0;
    const outcome = outcomeFromResult(r.data);
    if (!outcome.ok) s.error = outcome.reason;
  }
}
