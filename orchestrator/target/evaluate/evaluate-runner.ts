import { createInterface } from 'node:readline';
import { execa } from 'execa';
import {
  EvaluateRequestSchema,
  EvaluateResponseSchema,
  type EvaluateInfo,
  type EvaluateRequest,
  type EvaluateResponse,
  type Metrics,
  type Params,
  type WindowRange,
} from '../evaluate-protocol.js';
import { EvaluateError, type EvaluateFailureCode } from '../errors/index.js';
import type { ResolvedCommand, Target } from '../definition/target.js';
import { OutputTail } from './output-tail.js';

/** Per-call options of the evaluate runner. */
export interface EvaluateCallOptions {
  /** Cancels the batch: the command's process group is killed and EvaluateError `evaluate_aborted` thrown. Default: none. */
  signal?: AbortSignal;
  /** Overrides the command's timeout (milliseconds). Default: the command's `timeoutMs`. */
  timeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL when killing, milliseconds. Default 1000. */
  killGraceMs?: number;
}

/** A candidate config to evaluate; `id` defaults to `c<index>` in the batch. */
export interface Candidate {
  id?: string;
  /** Params to evaluate (may be partial: the target fills its defaults). */
  params: Params;
  /** Windows `[from, to)`. */
  windows: WindowRange;
}

/** The target's answer for one candidate: metrics, or a per-candidate error (bad candidate, not a failed batch). */
export type CandidateResult =
  | { id: string; ok: true; metrics: Metrics }
  | { id: string; ok: false; error: { code: string; message: string } };

/**
 * Runs an evaluate command once for a batch of requests (the JSON-lines protocol of
 * evaluate-protocol.ts): one process start, every request on stdin (then stdin is closed), one
 * response line per request read from stdout, validated with EvaluateResponseSchema and matched
 * by id and order. The process is started in its own process group, which is killed (SIGTERM,
 * then SIGKILL after `killGraceMs`) on timeout, abort or bad output, and killed with SIGKILL once
 * the command has exited (no leftover children keep its pipes open) — it never hangs.
 *
 * @returns one response per request, in request order.
 * @throws EvaluateError: `evaluate_bad_request` (caller's request invalid or duplicate id),
 *   `evaluate_spawn_failed`, `evaluate_timeout`, `evaluate_aborted`, `evaluate_bad_output`
 *   (a line that is not JSON, not a response, an id out of order, the wrong kind of answer, or an
 *   extra line), `evaluate_crashed` (non-zero exit or signal), `evaluate_missing_response`
 *   (clean exit with fewer responses). Each carries the stderr tail.
 */
export async function runEvaluateBatch(command: ResolvedCommand, requests: readonly EvaluateRequest[], options: EvaluateCallOptions = {}): Promise<EvaluateResponse[]> {
  const label = command.argv.join(' ');
  const ids = new Set<string>();
  for (const [i, request] of requests.entries()) {
    const parsed = EvaluateRequestSchema.safeParse(request);
    if (!parsed.success) throw new EvaluateError('evaluate_bad_request', `request ${i} is invalid: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`, { command: label });
    if (ids.has(request.id)) throw new EvaluateError('evaluate_bad_request', `duplicate request id ${JSON.stringify(request.id)}`, { command: label });
    ids.add(request.id);
  }
  if (requests.length === 0) return [];
  if (options.signal?.aborted) throw new EvaluateError('evaluate_aborted', 'aborted before start', { command: label });

  const [file, ...args] = command.argv as [string, ...string[]];
  const child = execa(file, args, {
    cwd: command.cwd,
    env: command.env,
    extendEnv: true,
    input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
    stripFinalNewline: false,
  });

  const stderr = new OutputTail();
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  const responses: EvaluateResponse[] = [];
  let failure: { code: EvaluateFailureCode; message: string; line?: number } | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = (code: EvaluateFailureCode, message: string, line?: number): void => {
    if (failure !== undefined) return;
    failure = { code, message, ...(line !== undefined ? { line } : {}) };
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 1000);
  };

  const timeoutMs = options.timeoutMs ?? command.timeoutMs;
  const timer = setTimeout(() => stop('evaluate_timeout', `no complete answer within ${timeoutMs} ms; killed`), timeoutMs);
  const onAbort = (): void => stop('evaluate_aborted', 'aborted by the caller; killed');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  child.on('exit', () => killGroup('SIGKILL'));

  let lineNo = 0;
  if (child.stdout) {
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (raw) => {
      lineNo++;
      if (failure !== undefined) return;
      const text = raw.trim();
      if (text === '') return;
      const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return stop('evaluate_bad_output', `stdout line ${lineNo} is not JSON: ${shown}`, lineNo);
      }
      const parsed = EvaluateResponseSchema.safeParse(value);
      if (!parsed.success) {
        const why = parsed.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; ');
        return stop('evaluate_bad_output', `stdout line ${lineNo} is not a valid evaluate response (${why}): ${shown}`, lineNo);
      }
      const request = requests[responses.length];
      if (request === undefined) return stop('evaluate_bad_output', `stdout line ${lineNo}: more responses than the ${requests.length} requests: ${shown}`, lineNo);
      const response = parsed.data;
      if (response.id !== request.id)
        return stop('evaluate_bad_output', `stdout line ${lineNo}: response id ${JSON.stringify(response.id)} where ${JSON.stringify(request.id)} was expected (responses must follow request order)`, lineNo);
      const wantsInfo = 'info' in request;
      if (response.ok && wantsInfo !== 'info' in response)
        return stop('evaluate_bad_output', `stdout line ${lineNo}: ${wantsInfo ? 'info request answered with metrics' : 'candidate answered with info'}`, lineNo);
      responses.push(response);
    });
  }

  const result = await child;
  clearTimeout(timer);
  if (killTimer !== undefined) clearTimeout(killTimer);
  options.signal?.removeEventListener('abort', onAbort);

  const details = {
    command: label,
    stderrTail: stderr.text(),
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
  };
  if (failure !== undefined) throw new EvaluateError(failure.code, failure.message, { ...details, ...(failure.line !== undefined ? { outputLine: failure.line } : {}) });
  if (result.exitCode === undefined && result.signal === undefined)
    throw new EvaluateError('evaluate_spawn_failed', `cannot start: ${result.shortMessage ?? result.message}`, { ...details, cause: result.cause });
  if (result.signal !== undefined) throw new EvaluateError('evaluate_crashed', `killed by ${result.signal} after ${responses.length} of ${requests.length} responses`, details);
  if (result.exitCode !== 0) throw new EvaluateError('evaluate_crashed', `exited with code ${result.exitCode} after ${responses.length} of ${requests.length} responses`, details);
  if (responses.length < requests.length) throw new EvaluateError('evaluate_missing_response', `exited after only ${responses.length} of ${requests.length} responses`, details);
  return responses;
}

/**
 * The orchestrator's handle on a target's evaluate command. Each call is one process start for
 * the whole batch (hundreds of candidates cost one start).
 */
export class EvaluateRunner {
  constructor(readonly command: ResolvedCommand) {}

  /** The runner of a loaded target's `evaluate` command. */
  static forTarget(target: Pick<Target, 'evaluate'>): EvaluateRunner {
    return new EvaluateRunner(target.evaluate);
  }

  /**
   * Evaluates candidates in one batch.
   *
   * @returns one result per candidate, same order; a bad candidate (unknown parameter, NaN,
   *   out of range, bad window range) is an `ok: false` result, not an exception.
   * @throws EvaluateError when the batch as a whole fails (see runEvaluateBatch).
   */
  async evaluate(candidates: readonly Candidate[], options: EvaluateCallOptions = {}): Promise<CandidateResult[]> {
    const requests = candidates.map((c, i) => ({ id: c.id ?? `c${i}`, params: c.params, windows: c.windows }));
    const responses = await runEvaluateBatch(this.command, requests, options);
    return responses.map((r, i): CandidateResult => {
      const id = (requests[i] as { id: string }).id;
      if (!r.ok) return { id, ok: false, error: r.error };
      return { id, ok: true, metrics: (r as { metrics: Metrics }).metrics };
    });
  }

  /**
   * Asks the target what data it has (windows, window length, defaults).
   *
   * @throws EvaluateError `evaluate_failed` when the target answers with an error, or any batch error.
   */
  async info(options: EvaluateCallOptions = {}): Promise<EvaluateInfo> {
    const [response] = await runEvaluateBatch(this.command, [{ id: 'info', info: true }], options);
    if (response === undefined || !response.ok)
      throw new EvaluateError('evaluate_failed', `info request failed: ${response && !response.ok ? `${response.error.code}: ${response.error.message}` : 'no answer'}`, {
        command: this.command.argv.join(' '),
      });
    return (response as { info: EvaluateInfo }).info;
  }
}
