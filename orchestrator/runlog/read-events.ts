import { createReadStream } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { RunLogError } from './errors/index.js';
import { RUN_LOG_VERSION } from './events/event-base.js';
import { isKnownEventType, parseRunLogEvent, RUN_LOG_EVENT_SCHEMAS, type GenericRunLogEvent, type RunLogEvent, type RunLogEventType } from './events/run-log-event.js';

/** A line of events.jsonl that was not used, and why. */
export interface SkippedLine {
  /** 1-based line number. */
  line: number;
  /** e.g. `not JSON (truncated line at end of file)` or `agent_exited: durationMs: expected number…`. */
  reason: string;
  /** The line's start (at most 200 characters). */
  text: string;
}

/** An event of a type this itercrew does not know, with its line number. */
export interface UnknownEventLine {
  line: number;
  event: GenericRunLogEvent;
}

/** What {@link readRunLog} found. */
export interface RunLogReadResult {
  /** Valid events of known types, in file order. */
  events: RunLogEvent[];
  /** Valid events of unknown (newer) types, in file order: kept, not dropped. */
  unknownEvents: UnknownEventLine[];
  /** Malformed, truncated or invalid lines, in file order. */
  skipped: SkippedLine[];
  /** Number of lines read (blank lines included). */
  lines: number;
}

/**
 * Fast acceptance of valid events (speed only; the zod schemas stay the definition). Each known
 * type's zod schema is converted with zod's own z.toJSONSchema and compiled by Ajv into a plain
 * predicate, ~4× cheaper per event than a zod parse. A line the predicate accepts is taken as
 * decoded — the same value zod would return, because no event schema has a default or a
 * transform (checked: a type whose input and output JSON Schemas differ, or that cannot be
 * converted exactly, never gets a predicate). Anything the predicate rejects goes to zod, which
 * decides and gives the reason. So the predicate may only be stricter than zod, never looser
 * (test/report/fast-event-check.test.ts compares them on valid and broken events).
 */
class FastEventCheck {
  private ajv: Ajv2020 | undefined;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  /** True when `value` is certainly a valid event of known type `type`; false means "ask zod". */
  accepts(type: RunLogEventType, value: unknown): boolean {
    let check = this.compiled.get(type);
    if (check === undefined) {
      check = this.compile(type);
      this.compiled.set(type, check);
    }
    return check !== null && check(value) === true;
  }

  private compile(type: RunLogEventType): ValidateFunction | null {
    try {
      const schema = RUN_LOG_EVENT_SCHEMAS[type];
      const input = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
      const output = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' });
      if (JSON.stringify(input) !== JSON.stringify(output)) return null;
      this.ajv ??= new Ajv2020({ strict: false, validateSchema: false, validateFormats: false, allErrors: false });
      return this.ajv.compile(input);
    } catch {
      return null;
    }
  }
}

const fastCheck = new FastEventCheck();

/**
 * Where a parser hands valid events: by default they are collected in `result.events`; a sink
 * (e.g. a fold) takes each one instead, so the parsed events need not all stay in memory.
 */
export type RunLogEventSink = (event: RunLogEvent) => void;

/** An incremental parser of run-log text: feed lines, get the result. */
class RunLogParser {
  readonly result: RunLogReadResult = { events: [], unknownEvents: [], skipped: [], lines: 0 };
  private readonly take: RunLogEventSink;

  constructor(sink?: RunLogEventSink) {
    const events = this.result.events;
    this.take = sink ?? ((event) => void events.push(event));
  }

  line(text: string, terminated: boolean): void {
    const n = ++this.result.lines;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      this.result.skipped.push({ line: n, reason: terminated ? 'not JSON' : 'not JSON (truncated line at end of file)', text: shown(trimmed) });
      return;
    }
    // Valid events of known types are accepted by the fast check; the rest (and, to be safe, any
    // line with a __proto__ key, which zod strips) are decided and explained by zod.
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && (value as { v?: unknown }).v === RUN_LOG_VERSION && isKnownEventType(type) && !trimmed.includes('"__proto__"') && fastCheck.accepts(type, value)) {
      this.take(value as RunLogEvent);
      return;
    }
    const parsed = parseRunLogEvent(value);
    if (!parsed.ok) this.result.skipped.push({ line: n, reason: parsed.reason, text: shown(trimmed) });
    else if (parsed.known) this.take(parsed.event);
    else this.result.unknownEvents.push({ line: n, event: parsed.event });
  }
}

/** The start of a skipped line as reported: at most 200 characters. */
function shown(trimmed: string): string {
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

/**
 * Parses run-log text (the content of an events.jsonl). Never throws on a bad line: malformed
 * JSON, a truncated last line, an invalid event or an unsupported version is skipped and listed
 * with its line number and reason; events of unknown types are kept apart.
 */
export function parseRunLogText(text: string): RunLogReadResult {
  const parser = new RunLogParser();
  const lines = text.split('\n');
  const last = lines.pop() as string;
  for (const line of lines) parser.line(line, true);
  if (last !== '') parser.line(last, false);
  return parser.result;
}

/**
 * Reads a run-log file (streamed, so large logs do not need one big string). A missing file is
 * an empty log. Bad lines are skipped and reported, never thrown.
 *
 * With `sink`, each valid known event is handed to it in file order instead of being collected
 * (`events` of the result is then empty): a caller that folds as it reads keeps only what it folds.
 *
 * @throws RunLogError `run_log_unreadable` when the file exists but cannot be read.
 */
export async function readRunLog(file: string, sink?: RunLogEventSink): Promise<RunLogReadResult> {
  const parser = new RunLogParser(sink);
  // Bytes are split at newlines (0x0a never occurs inside a UTF-8 sequence) and each line is
  // decoded on its own: cheaper than decoding whole chunks and splitting strings, and lines that
  // are pure ASCII stay one-byte strings, which JSON.parse reads faster.
  let rest: Buffer | null = null;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const data: Buffer = rest === null ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        parser.line(data.toString('utf8', start, nl), true);
        start = nl + 1;
      }
      rest = start < data.length ? data.subarray(start) : null;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parser.result;
    throw new RunLogError('run_log_unreadable', file, `cannot read the run log: ${(error as Error).message}`, { cause: error });
  }
  if (rest !== null) parser.line(rest.toString('utf8'), false);
  return parser.result;
}
