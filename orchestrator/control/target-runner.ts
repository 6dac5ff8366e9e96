import type { Logger } from 'pino';
import type { AgentRuntime } from '../../workers/runtimes/agent-runtime.js';
import { Conductor, resultFromRecord } from '../iteration/conductor.js';
import { silentLogger } from '../logging/logger.js';
import type { IterationKind } from '../runlog/events/iteration-events.js';
import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import { parseIterationId, scheduledIterationId } from '../runlog/iteration-id.js';
import { RunLog } from '../runlog/run-log.js';
import { kickTime } from '../scheduler/kick-time.js';
import { scheduleFor } from '../scheduler/schedule.js';
import type { TickSchedule } from '../scheduler/tick-schedule.js';
import type { LoadedSettings } from '../settings/settings.js';
import type { Target } from '../target/definition/target.js';
import { ControlError } from './errors/index.js';
import { pauseState } from './pause-state.js';
import { killSwitchSource } from './kill-switch.js';
import { thisProcess } from './process-identity.js';
import type { RunOutcome } from './run-outcome.js';
import { clearRunning, writeRunning } from './running-file.js';
import { noteSkippedTick, takeSkippedTicks } from './skipped-ticks.js';
import { describeHolder, TargetLock, type LockLease, type TargetLockOptions } from './target-lock.js';
import { recordUnrunIteration } from './unrun-iteration.js';

/** Options of {@link TargetRunner}. */
export interface TargetRunnerOptions {
  /** The target. */
  target: Target;
  /** itercrew settings (team, deadlines, runs dir…). */
  settings: LoadedSettings;
  /** The ClawChat server the conductor and its agents use, its key and its election opt-out (ms). */
  chat: { url: string; key: string; electionOptOutMs: number };
  /** Id of this process's run, in every iteration it starts and in commit trailers. */
  runId: string;
  /** Agent runtimes by name. Default: the conductor's (`local`). */
  runtimes?: Record<string, AgentRuntime>;
  /** Logger. Default silent. */
  logger?: Logger;
  /** Lock timings. Default {@link TargetLock}'s. */
  lock?: TargetLockOptions;
}

/** How a tick is judged before it runs. */
export interface TickOptions {
  /** Cancels the iteration (agents killed, config restored, run log closed). */
  signal?: AbortSignal;
  /** A tick this late (ms after the tick time) is missed: not run, not recorded. Default: never missed. */
  missedAfterMs?: number;
  /**
   * The target's schedule: ticks between the previous scheduled iteration and this one that came
   * while an iteration of the target was running (BullMQ never made jobs for them) are recorded as
   * skipped. Default: no such look-back.
   */
  schedule?: TickSchedule;
}

/** What a kickoff asks for. */
export interface KickOptions {
  /** `tune` or `review`. Default `tune`. */
  kind?: IterationKind;
  /** The kickoff time, which names the iteration (`scheduledIterationId`). Default now, moved off the target's own ticks ({@link kickTime}). */
  at?: Date;
  /** Wait for a busy target instead of failing with `target_busy`. Default false. */
  wait?: boolean;
  /** Cancels the wait or the iteration. */
  signal?: AbortSignal;
}

/**
 * Runs the iterations of one target for a long-lived process (`itercrew start`, a BullMQ worker,
 * a foreground `itercrew kick`): every iteration under the target's {@link TargetLock}, so that no
 * two overlap anywhere on the machine (or across machines sharing the runs directory), with a
 * {@link Conductor} opened lazily under the lock (opening closes interrupted iterations, which is
 * only safe for the lock holder) and kept for the next iteration.
 *
 * A tick that comes while the target is busy becomes a `skipped` iteration in the run log; a
 * tick that is too late is `missed`; a re-run of the same tick is `already_finished` (iteration
 * ids come from the tick time, so they are deterministic). While it runs an iteration the runner
 * keeps `control/running.json` (iteration and phase) up to date for `itercrew status`.
 */
export class TargetRunner {
  readonly lock: TargetLock;
  readonly runLog: RunLog;
  private conductor: Conductor | null = null;
  private readonly logger: Logger;

  constructor(readonly options: TargetRunnerOptions) {
    this.lock = new TargetLock(options.settings.runsDirAbs, options.target.name, options.lock);
    this.runLog = RunLog.forTarget(options.settings.runsDirAbs, options.target.name);
    this.logger = (options.logger ?? silentLogger).child({ target: options.target.name });
  }

  /** The target. */
  get target(): Target {
    return this.options.target;
  }

  /**
   * Handles the scheduler tick at `tick` (a `tune` iteration named by the tick): paused → not run;
   * target busy → skipped (or `duplicate` when the busy process runs this very tick); already in
   * the run log → `already_finished`; came while the previous iteration ran → skipped; too late →
   * missed; else the iteration runs. Never throws for the iteration's own failure.
   *
   * @throws ControlError `lock_failed`, RunLogError when the control files or run log cannot be written.
   */
  async runTick(tick: Date, options: TickOptions = {}): Promise<RunOutcome> {
    const id = scheduledIterationId(this.target.name, 'tune', tick);
    const pause = await pauseState(this.options.settings.runsDirAbs, this.target.name);
    if (pause) return { outcome: 'paused', iterationId: id, pause };
    const attempt = await this.lock.tryAcquire('tick', id);
    if (!attempt.acquired) {
      if (attempt.holder?.iterationId === id) return { outcome: 'duplicate', iterationId: id, holder: attempt.holder };
      const reason = `the tick came while ${describeHolder(attempt.holder)}`;
      await noteSkippedTick(this.options.settings.runsDirAbs, this.target.name, { iterationId: id, kind: 'tune', tick: tick.toISOString(), reason, notedAt: new Date().toISOString() });
      this.logger.info({ iteration: id, holder: attempt.holder }, 'tick skipped: the target is busy');
      return { outcome: 'skipped', iterationId: id, reason };
    }
    return this.underLock(attempt.lease, async () => {
      const fold = await this.runLog.fold();
      const done = finishedOutcome(fold.iterations, id);
      if (done) return done;
      if (options.schedule) await this.recordBusyGapTicks(fold.iterations, tick, options.schedule);
      const busy = runningAt(fold.iterations, tick, id);
      if (busy) {
        const reason = `the tick came while iteration ${busy.iterationId} was running (it finished at ${busy.finishedAt})`;
        await this.recordUnrun(id, 'tune', 'schedule', 'skipped', reason);
        return { outcome: 'skipped', iterationId: id, reason };
      }
      const lateMs = Date.now() - tick.getTime();
      if (options.missedAfterMs !== undefined && lateMs > options.missedAfterMs) {
        const reason = `missed: it could start only ${Math.round(lateMs / 1000)} s after its tick (more than ${Math.round(options.missedAfterMs / 1000)} s; no backfill)`;
        this.logger.warn({ iteration: id, lateMs }, reason);
        return { outcome: 'missed', iterationId: id, reason };
      }
      return this.run(attempt.lease, id, 'tune', 'schedule', tick, fold.iterations, options.signal);
    });
  }

  /**
   * A manual kickoff (`itercrew kick`): a `tune` or `review` iteration named by its kickoff time,
   * run under the same lock as the ticks. Not affected by a pause; the kill switch refuses it
   * (outcome `paused`, nothing recorded).
   *
   * @throws ControlError `target_busy` when the target is busy and `wait` is false (or the wait was aborted).
   */
  async runKick(options: KickOptions = {}): Promise<RunOutcome> {
    const kind = options.kind ?? 'tune';
    const at = options.at ?? kickTime(new Date(), scheduleFor(this.options.settings.schedule, this.target.name));
    const id = scheduledIterationId(this.target.name, kind, at);
    const killed = await killSwitchSource.check(this.options.settings.runsDirAbs, this.target.name);
    if (killed) return { outcome: 'paused', iterationId: id, pause: killed };
    let lease: LockLease;
    if (options.wait) lease = await this.lock.acquire('kick', id, options.signal);
    else {
      const attempt = await this.lock.tryAcquire('kick', id);
      if (!attempt.acquired) {
        if (attempt.holder?.iterationId === id) return { outcome: 'duplicate', iterationId: id, holder: attempt.holder };
        throw new ControlError('target_busy', `${this.target.name} is busy: ${describeHolder(attempt.holder)} (kick again later, or with --wait)`);
      }
      lease = attempt.lease;
    }
    return this.underLock(lease, async () => {
      const records = (await this.runLog.fold()).iterations;
      return finishedOutcome(records, id) ?? this.run(lease, id, kind, 'manual', at, records, options.signal);
    });
  }

  /** Closes the conductor's chat connection (the next iteration opens a new one). */
  async close(): Promise<void> {
    const c = this.conductor;
    this.conductor = null;
    await c?.close().catch(() => undefined);
  }

  /** Runs `body` holding `lease`: records noted skipped ticks before and after, releases the lock at the end. */
  private async underLock(lease: LockLease, body: () => Promise<RunOutcome>): Promise<RunOutcome> {
    try {
      await this.recordNotedSkips();
      const outcome = await body();
      await this.recordNotedSkips();
      return outcome;
    } finally {
      await lease.release();
    }
  }

  /**
   * Runs one iteration through the conductor (opening or recovering it first). `records` is the
   * run log as read under the lock just before (so it is read once per iteration here).
   */
  private async run(lease: LockLease, id: string, kind: IterationKind, trigger: 'schedule' | 'manual', tick: Date, records: readonly IterationRecord[], signal?: AbortSignal): Promise<RunOutcome> {
    const { runsDirAbs } = this.options.settings;
    let conductor: Conductor;
    try {
      conductor = await this.openConductor();
    } catch (err) {
      const reason = `could not start: the target could not be opened: ${(err as Error).message}`;
      this.logger.error({ err, iteration: id }, reason);
      await this.recordUnrun(id, kind, trigger, 'failed', reason);
      return { outcome: 'failed_to_start', iterationId: id, reason };
    }
    // Recovery has just closed this very id if an earlier attempt died in it (a retried job).
    if (records.some((r) => r.iterationId === id && !r.complete)) {
      const done = finishedOutcome((await this.runLog.fold()).iterations, id);
      if (done) return done;
    }
    await lease.setIteration(id);
    const startedAt = new Date().toISOString();
    let writes = Promise.resolve();
    const report = (phase: string): void => {
      const running = { ...thisProcess(), iterationId: id, kind, trigger, runId: this.options.runId, startedAt, phase, phaseSince: new Date().toISOString() };
      writes = writes.then(() => writeRunning(runsDirAbs, this.target.name, running)).catch((err: unknown) => this.logger.warn({ err }, 'could not write running.json'));
    };
    report('starting');
    try {
      const result = await conductor.runIteration({ kind, trigger, tick, signal, onPhase: (phase) => report(phase) });
      return { outcome: result.alreadyFinished ? 'already_finished' : 'ran', iterationId: id, result };
    } catch (err) {
      const started = (await this.runLog.read()).events.some((e) => e.iterationId === id);
      if (started) throw err; // an incomplete iteration: the next lock holder's recovery closes it
      const reason = `could not start: ${(err as Error).message}`;
      this.logger.warn({ iteration: id }, reason);
      await this.recordUnrun(id, kind, trigger, 'failed', reason);
      return { outcome: 'failed_to_start', iterationId: id, reason };
    } finally {
      await writes;
      await clearRunning(runsDirAbs, this.target.name).catch(() => undefined);
    }
  }

  /** The open conductor (reopened if its chat connection dropped), with interrupted iterations closed. */
  private async openConductor(): Promise<Conductor> {
    if (this.conductor && !this.conductor.connected) await this.close();
    if (this.conductor) {
      await this.conductor.recoverInterrupted();
      return this.conductor;
    }
    const { target, settings, chat, runId, runtimes } = this.options;
    this.conductor = await Conductor.open({ target, settings, chat: { url: chat.url, key: chat.key }, runId, electionOptOutMs: chat.electionOptOutMs, runtimes, logger: this.options.logger });
    return this.conductor;
  }

  /** Writes the skipped ticks other processes (or this one) noted while the target was busy. */
  private async recordNotedSkips(): Promise<void> {
    const notes = await takeSkippedTicks(this.options.settings.runsDirAbs, this.target.name, (file, err) => this.logger.warn({ file, err }, 'unreadable skipped-tick note removed'));
    for (const note of notes) {
      await this.recordUnrun(note.iterationId, note.kind, 'schedule', 'skipped', note.reason);
      await note.done();
    }
  }

  /**
   * Ticks strictly between the last scheduled iteration in the log and `tick` for which no
   * iteration exists: those that came while an iteration was running are recorded as skipped;
   * the others fell in downtime (missed, logged).
   */
  private async recordBusyGapTicks(records: readonly IterationRecord[], tick: Date, schedule: TickSchedule): Promise<void> {
    let previous: Date | null = null;
    for (const r of records) {
      const parsed = r.trigger === 'schedule' ? parseIterationId(r.iterationId) : undefined;
      if (parsed && 'tick' in parsed && parsed.tick < tick && (!previous || parsed.tick > previous)) previous = parsed.tick;
    }
    if (!previous) return;
    let missed = 0;
    for (const t of schedule.between(previous, tick)) {
      const id = scheduledIterationId(this.target.name, 'tune', t);
      const busy = runningAt(records, t, id);
      if (!busy) {
        missed++;
        continue;
      }
      await this.recordUnrun(id, 'tune', 'schedule', 'skipped', `the tick came while iteration ${busy.iterationId} was running (it finished at ${busy.finishedAt})`);
    }
    if (missed > 0) this.logger.warn({ missed, since: previous.toISOString(), until: tick.toISOString() }, `${missed} tick(s) were missed (nothing was running them; no backfill)`);
  }

  private async recordUnrun(iterationId: string, kind: IterationKind, trigger: 'schedule' | 'manual', status: 'skipped' | 'failed', reason: string): Promise<void> {
    await recordUnrunIteration(this.runLog, this.target, { iterationId, kind, trigger, runId: this.options.runId, status, reason });
  }
}

/** The recorded result of `id` if the records say it finished. */
function finishedOutcome(records: readonly IterationRecord[], id: string): RunOutcome | null {
  const record = records.find((r) => r.iterationId === id);
  if (!record?.complete) return null;
  return { outcome: 'already_finished', iterationId: id, result: resultFromRecord(record) };
}

/**
 * The iteration (other than `except`) that was running at `t`: started at or before it, finished
 * after it. Records of iterations that never ran (duration 0) and of interrupted ones (their end
 * is when a later process closed them, not when they stopped) do not count.
 */
function runningAt(records: readonly IterationRecord[], t: Date, except: string): (IterationRecord & { finishedAt: string }) | undefined {
  const at = t.getTime();
  return records.find(
    (r): r is IterationRecord & { finishedAt: string } =>
      r.iterationId !== except &&
      r.finishedAt !== undefined &&
      Date.parse(r.startedAt) <= at &&
      Date.parse(r.finishedAt) > at &&
      (r.durationMs ?? 1) > 0 &&
      !r.reason.startsWith('interrupted'),
  );
}
