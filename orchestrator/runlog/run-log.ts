import { RunLogError } from './errors/index.js';
import { EventFileWriter } from './event-file-writer.js';
import { RUN_LOG_VERSION } from './events/event-base.js';
import { isKnownEventType, RUN_LOG_EVENT_SCHEMAS, type RunLogEvent, type RunLogEventInput } from './events/run-log-event.js';
import { IterationFolder } from './fold/fold-iterations.js';
import type { IterationRecord } from './fold/iteration-record.js';
import { readRunLog, type RunLogReadResult, type SkippedLine, type UnknownEventLine } from './read-events.js';
import { runPaths } from './run-paths.js';

/** Options of {@link RunLog}. */
export interface RunLogOptions {
  /** The events.jsonl file (created with its folder on the first append). */
  file: string;
  /** Target name written into every event (and required of appended events). */
  target: string;
  /** Clock for `ts` when an event has none. Default: `() => new Date()`. */
  now?: () => Date;
}

/** The folded log: iteration records plus what the reader had to leave out. */
export interface RunLogFold {
  /** One record per iteration, in log order. */
  iterations: IterationRecord[];
  /** Lines skipped by the reader (malformed, truncated, invalid). */
  skipped: SkippedLine[];
  /** Events of unknown (newer) types (also attached to their iterations). */
  unknownEvents: UnknownEventLine[];
}

/**
 * A target's append-only run log, `runs/<target>/events.jsonl` (DESIGN.md, "Run log"): one
 * zod-validated JSON event per line, each appended with a single O_APPEND write and fsynced
 * before {@link append} resolves. Reading tolerates malformed and truncated lines (skipped and
 * reported, never thrown), and {@link fold} turns events into iteration records.
 *
 * ```ts
 * const log = RunLog.forTarget('runs', 'strategy-c');
 * const n = await log.nextIterationNumber();
 * const id = iterationId('strategy-c', 'tune', n);
 * if (!(await log.hasFinished(id))) await log.append({ type: 'iteration_started', iterationId: id, n, … });
 * ```
 */
export class RunLog {
  readonly file: string;
  readonly target: string;
  private readonly writer: EventFileWriter;
  private readonly now: () => Date;

  constructor(options: RunLogOptions) {
    this.file = options.file;
    this.target = options.target;
    this.now = options.now ?? (() => new Date());
    this.writer = new EventFileWriter(options.file);
  }

  /** The run log of `target` under `runsDir`: `<runsDir>/<target>/events.jsonl`. */
  static forTarget(runsDir: string, target: string, options: Omit<RunLogOptions, 'file' | 'target'> = {}): RunLog {
    return new RunLog({ ...options, file: runPaths(runsDir, target).eventsFile, target });
  }

  /**
   * Validates and appends one event: `v` is set to 1, `ts` defaults to now (ISO), `target` to the
   * log's target. Appends are written in call order.
   *
   * @returns the event as written.
   * @throws RunLogError `run_log_invalid_event` (unknown type, wrong target, or schema violation —
   *   nothing is written), `run_log_write_failed`.
   */
  async append(input: RunLogEventInput): Promise<RunLogEvent> {
    const { ts, target, iterationId, type, ...rest } = input as { ts?: string; target?: string; iterationId: unknown; type: string } & Record<string, unknown>;
    if (typeof type !== 'string' || !isKnownEventType(type)) throw new RunLogError('run_log_invalid_event', this.file, `unknown event type ${JSON.stringify(type)}`);
    if (target !== undefined && target !== this.target)
      throw new RunLogError('run_log_invalid_event', this.file, `event for target ${JSON.stringify(target)} in the run log of ${JSON.stringify(this.target)}`);
    const candidate = { v: RUN_LOG_VERSION, ts: ts ?? this.now().toISOString(), target: this.target, iterationId, type, ...rest };
    const parsed = RUN_LOG_EVENT_SCHEMAS[type].safeParse(candidate);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
      throw new RunLogError('run_log_invalid_event', this.file, `invalid ${type} event: ${why}`);
    }
    const event = parsed.data as RunLogEvent;
    try {
      await this.writer.append(JSON.stringify(event));
    } catch (error) {
      throw new RunLogError('run_log_write_failed', this.file, `cannot append to the run log: ${(error as Error).message}`, { cause: error });
    }
    return event;
  }

  /** Reads every line: valid events, unknown-type events and skipped lines (see readRunLog). A missing file is an empty log. */
  read(): Promise<RunLogReadResult> {
    return readRunLog(this.file);
  }

  /**
   * Reads and folds the log into iteration records (the same records as
   * `foldIterations(read().events, read().unknownEvents)`). Events are folded as they are parsed
   * and then let go, so a long log never holds all its events in memory at once.
   */
  async fold(): Promise<RunLogFold> {
    const folder = new IterationFolder();
    const { unknownEvents, skipped } = await readRunLog(this.file, (event) => folder.add(event));
    for (const u of unknownEvents) folder.addUnknown(u);
    return { iterations: folder.finish(), skipped, unknownEvents };
  }

  /** The record of one iteration, if the log mentions it. */
  async iteration(iterationId: string): Promise<IterationRecord | undefined> {
    return (await this.fold()).iterations.find((r) => r.iterationId === iterationId);
  }

  /** The last iteration in the log (complete or not), if any. */
  async lastIteration(): Promise<IterationRecord | undefined> {
    return (await this.fold()).iterations.at(-1);
  }

  /** 1 + the highest iteration number started so far (1 for an empty log). */
  async nextIterationNumber(): Promise<number> {
    const { events } = await this.read();
    let max = 0;
    for (const e of events) if (e.type === 'iteration_started' && e.n > max) max = e.n;
    return max + 1;
  }

  /** Whether iteration `iterationId` has an iteration_finished event (a re-run may then skip it: idempotent). */
  async hasFinished(iterationId: string): Promise<boolean> {
    const { events } = await this.read();
    return events.some((e) => e.type === 'iteration_finished' && e.iterationId === iterationId);
  }

  /** Closes the file handle (appending again reopens it). */
  close(): Promise<void> {
    return this.writer.close();
  }
}
