import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { AgentRuntime } from '../../workers/runtimes/agent-runtime.js';
import { defaultRuntimes } from '../../workers/runtimes/default-runtimes.js';
import { ClawChatClient } from '../clawchat/client/index.js';
import { silentLogger } from '../logging/logger.js';
import type { IterationKind, IterationTrigger } from '../runlog/events/iteration-events.js';
import type { IterationRecord } from '../runlog/fold/iteration-record.js';
import { iterationId as makeIterationId, scheduledIterationId } from '../runlog/iteration-id.js';
import { runPaths } from '../runlog/run-paths.js';
import { RunLog } from '../runlog/run-log.js';
import { refreshReport } from '../report/refresh-report.js';
import type { LoadedSettings } from '../settings/settings.js';
import type { Target } from '../target/definition/target.js';
import { gatedIterationWindows } from '../safety/gated-windows.js';
import { safetyPolicy } from '../safety/safety-policy.js';
import { pauseAfterFailures } from '../safety/failures/failure-pause.js';
import { killSwitchSource } from '../control/kill-switch.js';
import { describeStop, watchForStop } from '../control/stop-watch.js';
import { readParams } from '../target/config-file/config-file.js';
import { EvaluateRunner } from '../target/evaluate/evaluate-runner.js';
import { TargetRepo } from '../target/git/target-repo.js';
import { ensureWorkspaceRepo } from '../target/git/workspace.js';
import { formatParamsDiff } from '../target/diff/params-diff.js';
import { closeOrphanAgents, interruptionDetail } from '../control/orphan-agents.js';
import { IterationAborted, IterationStop } from './iteration-errors.js';
import type { IterationResult } from './iteration-result.js';
import { IterationState, type ConductorContext } from './iteration-state.js';
import { PhaseClock, type PhaseName } from './phase-clock.js';
import { phasesOf } from './phase-list.js';
import { closeIteration } from './phases/record.js';
import { settleInterruptedChange, undoUnjudgedChange } from './unjudged-change.js';

/** Options of {@link Conductor.open}. */
export interface ConductorOptions {
  /** The loaded target. */
  target: Target;
  /** itercrew settings (team, deadlines, runs dir…). */
  settings: LoadedSettings;
  /** ClawChat server the conductor and the agents use, and its key. */
  chat: { url: string; key: string };
  /** Id of this run (one `itercrew run`/`start` process or worker job). Default: a new UUID. */
  runId?: string;
  /** The server's election opt-out window, ms. Default 2 000 (ClawChat's). */
  electionOptOutMs?: number;
  /** Runtimes by name. Default `local`, `claude-code` and `command` from the settings (workers/runtimes/default-runtimes.ts). */
  runtimes?: Record<string, AgentRuntime>;
  /** Logger. Default silent. */
  logger?: Logger;
}

/** What to run. */
export interface IterationRequest {
  /** Default `tune`. */
  kind?: IterationKind;
  /** Default `manual`. */
  trigger?: IterationTrigger;
  /** Iteration number; default the run log's next number. */
  n?: number;
  /** Cancels the iteration: agents are killed, the config restored, the run log closed consistently. */
  signal?: AbortSignal;
  /**
   * The scheduler tick (or kickoff time) the iteration belongs to: its id is then
   * `scheduledIterationId(target, kind, tick)` rather than the numbered one, so a retried or
   * duplicated tick is recognised (idempotent). Default none.
   */
  tick?: Date;
  /** Called as each phase starts (`brief` … `record`), for status reporting; must not throw. Default none. */
  onPhase?: (phase: PhaseName, iterationId: string) => void;
}

/**
 * The conductor: itercrew's own chat identity for one target. It runs iterations — brief,
 * spawn, propose, vote, elect, decide, apply, measure, record (DESIGN.md "One tune iteration") —
 * each phase in its own file under ./phases, each with a deadline, so a late or dead agent never
 * blocks an iteration. Everything it does is appended to the target's run log.
 *
 * ```ts
 * const conductor = await Conductor.open({ target, settings, chat: { url, key } });
 * const result = await conductor.runIteration({ trigger: 'manual' });
 * await conductor.close();
 * ```
 */
export class Conductor {
  private constructor(private readonly ctx: ConductorContext) {}

  /** The target this conductor runs. */
  get target(): Target {
    return this.ctx.target;
  }

  /** The target's run log. */
  get runLog(): RunLog {
    return this.ctx.runLog;
  }

  /**
   * Prepares a target: creates its workspace repo on first run, asks its evaluate command how much
   * data there is, connects to the chat server as `conductor`, finds or creates the target's room,
   * and closes any iteration a previous process left unfinished (see {@link recoverInterrupted}).
   *
   * @throws TargetRepoError, EvaluateError, ClawChatError when one of those parts is unusable.
   */
  static async open(options: ConductorOptions): Promise<Conductor> {
    const { target, settings } = options;
    const logger = (options.logger ?? silentLogger).child({ target: target.name });
    const runId = options.runId ?? randomUUID();
    await ensureWorkspaceRepo(target);
    const runLog = RunLog.forTarget(settings.runsDirAbs, target.name);
    const evaluator = EvaluateRunner.forTarget(target);
    const info = await evaluator.info();
    const client = await ClawChatClient.connect({
      url: options.chat.url,
      key: options.chat.key,
      name: 'conductor',
      agentId: `itercrew-conductor.${target.name}.${runId}`,
    });
    try {
      const roomName = `itercrew.${target.name}`;
      const existing = (await client.listRooms()).find((r) => r.name === roomName);
      const room = existing ?? (await client.createRoom({ name: roomName, description: `itercrew iterations of ${target.name}` }));
      const conductor = new Conductor({
        target,
        settings,
        runLog,
        repo: TargetRepo.forTarget(target),
        evaluator,
        client,
        chat: options.chat,
        targetRoomId: room.room_id,
        runId,
        logger,
        runtimes: options.runtimes ?? defaultRuntimes(settings, options.electionOptOutMs),
        totalWindows: info.windows,
        electionOptOutMs: options.electionOptOutMs ?? 2_000,
        safety: safetyPolicy(settings, target),
      });
      await conductor.recoverInterrupted();
      return conductor;
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  /**
   * Runs one iteration to its end and returns its result; never throws for an iteration that
   * failed — that is a recorded `failed` (or `rejected`, `skipped`) result. Idempotent: an
   * iteration id that already finished in the run log is not run again; its recorded result is
   * returned with `alreadyFinished`.
   */
  async runIteration(request: IterationRequest = {}): Promise<IterationResult> {
    const { runLog, target, repo } = this.ctx;
    const kind = request.kind ?? 'tune';
    const n = request.n ?? (await runLog.nextIterationNumber());
    const id = request.tick ? scheduledIterationId(target.name, kind, request.tick) : makeIterationId(target.name, kind, n);
    if (await runLog.hasFinished(id)) {
      const record = await runLog.iteration(id);
      return { ...resultFromRecord(record!), alreadyFinished: true };
    }
    const started = Date.now();
    const dir = runPaths(this.ctx.settings.runsDirAbs, target.name).iterationDir(id);
    await mkdir(dir, { recursive: true });
    const baseCommit = await repo.headSha();
    const baseParams = await readParams(target.configPath, target.paramsKeys);
    const windows = gatedIterationWindows(target.walkForward, this.ctx.safety.validationWindows, n, this.ctx.totalWindows);
    const clock = new PhaseClock(runLog, id);
    // The iteration's signal: the caller's, or a pause / the kill switch seen by the stop watch.
    const stop = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
    const watch = watchForStop({ runsDir: this.ctx.settings.runsDirAbs, target: target.name, intervalMs: this.ctx.safety.stopPollMs, onStop: (p) => stop.abort(describeStop(p)) });
    const it = new IterationState(id, n, kind, request.trigger ?? 'manual', started, baseParams, baseCommit, windows, dir, clock, signal);
    await runLog.append({
      type: 'iteration_started',
      iterationId: id,
      n,
      kind,
      trigger: it.trigger,
      runId: this.ctx.runId,
      params: baseParams,
      baseCommit,
      segment: windows?.segment,
      inSample: windows?.inSample,
      ...(windows?.validation ? { validation: windows.validation } : {}),
    });
    this.ctx.logger.info({ iteration: id, segment: windows?.segment }, 'iteration started');

    let aborted = false;
    try {
      const killed = await killSwitchSource.check(this.ctx.settings.runsDirAbs, target.name);
      if (killed) throw new IterationStop('skipped', describeStop(killed));
      if (!windows) throw new IterationStop('skipped', `the walk-forward clock has reached the end of the data (${this.ctx.totalWindows} windows${this.ctx.safety.validationWindows > 0 ? `, ${this.ctx.safety.validationWindows} held out for validation before each segment` : ''})`);
      await repo.assertConfigClean();
      for (const [phase, run] of phasesOf(kind, this.ctx)) {
        if (signal.aborted) throw new IterationAborted(String(signal.reason ?? 'signal'));
        if ((phase === 'vote' || phase === 'elect') && it.options.length < 2) continue;
        await clock.start(phase);
        request.onPhase?.(phase, id);
        await run(this.ctx, it);
      }
      await clock.start('record');
      request.onPhase?.('record', id);
    } catch (err) {
      aborted = err instanceof IterationAborted || signal.aborted;
      if (err instanceof IterationStop && !(aborted && err.status === 'failed')) {
        it.status = err.status;
        it.reason = err.message;
      } else if (err instanceof IterationStop) {
        // A phase failed because the signal cut it short (e.g. a cancelled deploy): the abort is the reason, what the phase did about it a note.
        it.status = 'failed';
        it.reason = `aborted: ${String(signal.reason ?? 'signal')}`;
        it.notes.unshift(err.message);
        this.ctx.logger.warn({ iteration: id, reason: it.reason, detail: err.message }, 'iteration aborted');
      } else {
        it.status = 'failed';
        it.reason = aborted ? `aborted: ${String(signal.reason ?? (err as Error).message)}` : (err as Error).message;
        if (aborted) this.ctx.logger.warn({ iteration: id, reason: it.reason }, 'iteration aborted');
        else this.ctx.logger.error({ err, iteration: id }, 'iteration failed');
      }
      await clock.end(false);
      await this.restoreIfDirty(it);
      await undoUnjudgedChange(this.ctx, it);
    }
    watch.dispose();
    await closeIteration(this.ctx, it, { aborted });
    await clock.end();
    const reason = [it.reason, ...it.notes].filter(Boolean).join('; ');
    await runLog.append({ type: 'iteration_finished', iterationId: id, status: it.status!, reason, durationMs: Date.now() - started });
    await this.pauseIfFailing();
    await refreshReport(this.ctx.settings.runsDirAbs, target.name, { logger: this.ctx.logger }); // never throws: a report failure is only logged
    this.ctx.logger.info({ iteration: id, status: it.status, pnl: it.pnl }, 'iteration finished');
    return {
      iterationId: id,
      n,
      kind,
      status: it.status!,
      reason,
      decision: it.decision ? { option: it.decision.option, byName: it.decision.byName, fallback: it.decision.fallback } : null,
      diff: it.commit ? it.diffText : 'no change',
      pnl: it.pnl,
      baselinePnl: it.baselinePnl,
      commit: it.commit,
      phases: clock.timings.map((t) => ({ phase: t.phase, startedAt: t.startedAt, durationMs: t.durationMs })),
      durationMs: Date.now() - started,
      measureEvalMs: it.measureEvalMs,
      alreadyFinished: false,
    };
  }

  /**
   * Closes iterations a previous process started but never finished (it crashed or was killed):
   * the run log gets an `iteration_finished` — `applied` if the iteration's commit exists (its PnL
   * was not measured), else `failed`. With the acceptance gate on, a tune iteration's change the
   * gate had not kept is reverted now (`reverted`; see settleInterruptedChange). If the dead iteration had reached its decision (it may have
   * been writing the config file), an uncommitted config file is put back to its last commit;
   * otherwise a dirty config file is a person's edit and is left alone (the next iteration stops
   * on it with a clear error).
   */
  async recoverInterrupted(): Promise<void> {
    const { runLog, repo } = this.ctx;
    const fold = await runLog.fold();
    for (const record of fold.iterations.filter((r) => !r.complete)) {
      await closeOrphanAgents(runLog, record);
      const restore = Boolean(record.decision) && !(await repo.isConfigClean());
      if (restore) await repo.restoreConfig();
      const commit = await repo.findIterationCommit(record.iterationId);
      const settled = commit ? await settleInterruptedChange(this.ctx, record, commit) : null;
      await runLog.append({
        type: 'iteration_finished',
        iterationId: record.iterationId,
        status: settled ? settled.status : commit ? 'applied' : 'failed',
        reason: settled
          ? `interrupted after its commit ${commit!.slice(0, 7)} (the process running it died; ${interruptionDetail(record)}); ${settled.reason}; PnL not measured`
          : commit
            ? `interrupted after its commit ${commit.slice(0, 7)} (the process running it died; ${interruptionDetail(record)}); PnL not measured`
            : `interrupted: the process running it died (${interruptionDetail(record)}); ${restore ? 'the config file was restored to its last commit' : 'the config file was not changed'}`,
        durationMs: Math.max(0, Date.now() - Date.parse(record.startedAt)),
      });
    }
  }

  /** False once the conductor's chat connection has closed (the server went away): open a new conductor. */
  get connected(): boolean {
    return !this.ctx.client.closed;
  }

  /** Leaves the chat server. The run log needs no closing beyond its file handle. */
  async close(): Promise<void> {
    await this.ctx.client.close();
    await this.ctx.runLog.close();
  }

  /** The self-pause after `safety.maxConsecutiveFailures` failed iterations in a row (never throws: a problem is logged). */
  private async pauseIfFailing(): Promise<void> {
    const max = this.ctx.safety.maxConsecutiveFailures;
    if (max === undefined) return;
    try {
      const pause = await pauseAfterFailures(this.ctx.settings.runsDirAbs, this.ctx.target.name, (await this.ctx.runLog.fold()).iterations, max);
      if (pause) this.ctx.logger.warn({ pause }, 'the target paused itself after repeated failed iterations');
    } catch (err) {
      this.ctx.logger.error({ err }, 'could not check for repeated failures');
    }
  }

  /** Puts the config file back to HEAD after a failure — only if this iteration may have written it (never a person's edit). */
  private async restoreIfDirty(it: IterationState): Promise<void> {
    if (!it.configTouched) return;
    try {
      if (!(await this.ctx.repo.isConfigClean())) await this.ctx.repo.restoreConfig();
    } catch (err) {
      it.notes.push(`could not restore the config file: ${(err as Error).message}`);
    }
  }
}

/** An {@link IterationResult} rebuilt from the run log (for an iteration that already finished). */
export function resultFromRecord(r: IterationRecord): IterationResult {
  return {
    iterationId: r.iterationId,
    n: r.n ?? 0,
    kind: r.kind ?? 'tune',
    status: r.status === 'incomplete' ? 'failed' : r.status,
    reason: r.reason,
    decision: r.decision ? { option: r.decision.option, byName: r.decision.byName ?? r.decision.by, fallback: /fallback/.test(r.decision.rationale) } : null,
    diff: r.diff.length ? formatParamsDiff(r.diff) : 'no change',
    pnl: r.pnl?.pnl ?? null,
    baselinePnl: r.pnl?.baselinePnl ?? null,
    commit: r.commit?.sha ?? null,
    phases: r.phases.map((p) => ({ phase: p.phase, durationMs: p.durationMs })),
    durationMs: r.durationMs ?? 0,
    measureEvalMs: 0,
    alreadyFinished: true,
  };
}
