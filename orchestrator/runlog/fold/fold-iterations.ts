import type { Params } from '../../target/evaluate-protocol.js';
import type { ParamChange } from '../../target/diff/params-diff.js';
import type { RunLogEvent } from '../events/run-log-event.js';
import type { UnknownEventLine } from '../read-events.js';
import type { AgentRecord, IterationRecord } from './iteration-record.js';
import { foldSafetyEvent } from './fold-safety-events.js';

const INCOMPLETE_REASON = 'no iteration_finished event: interrupted (or still running)';

function emptyRecord(iterationId: string, target: string, ts: string, attempts: number): IterationRecord {
  return {
    iterationId,
    target,
    startedAt: ts,
    phases: [],
    agents: [],
    proposals: [],
    rejectedProposals: [],
    votes: [],
    diff: [],
    cumulativePnl: 0,
    costUsd: 0,
    status: 'incomplete',
    reason: INCOMPLETE_REASON,
    complete: false,
    attempts,
    otherEvents: [],
  };
}

function agentOf(record: IterationRecord, agentId: string): AgentRecord {
  let agent = record.agents.find((a) => a.agentId === agentId);
  if (agent === undefined) {
    agent = { agentId, exited: false };
    record.agents.push(agent);
  }
  return agent;
}

/**
 * Folds run-log events into iteration records one event at a time, so a reader can fold while it
 * parses and let each event go (only what the records keep stays in memory). Feed events in file
 * order with {@link add}, unknown-type events with {@link addUnknown}, then call {@link finish}
 * once. The result is exactly {@link foldIterations}'s for the same events.
 */
export class IterationFolder {
  private readonly records = new Map<string, IterationRecord>();
  private readonly unknown: UnknownEventLine[] = [];

  private get(e: { iterationId: string; target: string; ts: string }): IterationRecord {
    let r = this.records.get(e.iterationId);
    if (r === undefined) {
      r = emptyRecord(e.iterationId, e.target, e.ts, 0);
      this.records.set(e.iterationId, r);
    }
    return r;
  }

  /** An event of an unknown type: attached to its iteration's `otherEvents` by {@link finish} (after every known event, as foldIterations does). */
  addUnknown(line: UnknownEventLine): void {
    this.unknown.push(line);
  }

  /** Folds one valid known event (the next in file order) into its iteration's record. */
  add(e: RunLogEvent): void {
    const records = this.records;
    let r = this.get(e);
    switch (e.type) {
      case 'iteration_started': {
        if (r.attempts > 0 || r.phases.length > 0 || r.agents.length > 0) {
          const fresh = emptyRecord(e.iterationId, e.target, e.ts, r.attempts);
          records.set(e.iterationId, Object.assign(r, fresh));
        }
        r = records.get(e.iterationId) as IterationRecord;
        r.attempts += 1;
        r.startedAt = e.ts;
        r.n = e.n;
        r.kind = e.kind;
        r.trigger = e.trigger;
        r.runId = e.runId;
        r.baseParams = e.params as Params;
        r.baseCommit = e.baseCommit;
        if (e.segment !== undefined) r.segment = e.segment;
        if (e.inSample !== undefined) r.inSample = e.inSample;
        if (e.validation !== undefined) r.validation = e.validation;
        break;
      }
      case 'phase_completed':
        r.phases.push({ phase: e.phase, durationMs: e.durationMs, ...(e.deadlineHit !== undefined ? { deadlineHit: e.deadlineHit } : {}) });
        break;
      case 'agent_spawned': {
        const a = agentOf(r, e.agentId);
        Object.assign(a, { name: e.name, role: e.role, runtime: e.runtime, pid: e.pid, ...(e.heuristic !== undefined ? { heuristic: e.heuristic } : {}) });
        break;
      }
      case 'agent_exited': {
        const a = agentOf(r, e.agentId);
        Object.assign(a, {
          exited: true,
          exitCode: e.exitCode,
          signal: e.signal,
          durationMs: e.durationMs,
          reason: e.reason,
          ...(e.turns !== undefined ? { turns: e.turns } : {}),
          ...(e.costUsd !== undefined ? { costUsd: e.costUsd } : {}),
          ...(e.tokens !== undefined ? { tokens: e.tokens } : {}),
        });
        break;
      }
      case 'proposal_received':
        r.proposals.push({
          agentId: e.agentId,
          option: e.option,
          changes: e.changes as Params,
          hypothesis: e.hypothesis,
          ...(e.evidence !== undefined ? { evidence: e.evidence } : {}),
          ...(e.inSampleScore !== undefined ? { inSampleScore: e.inSampleScore } : {}),
          ts: e.ts,
        });
        break;
      case 'proposal_rejected':
        r.rejectedProposals.push({ agentId: e.agentId, changes: e.changes, reason: e.reason, ts: e.ts });
        break;
      case 'vote_closed':
        r.votes.push(e);
        break;
      case 'leader_elected':
        r.leader = { leaderId: e.leaderId, leaderName: e.leaderName };
        break;
      case 'decision_made':
        r.decision = { by: e.by, ...(e.byName !== undefined ? { byName: e.byName } : {}), option: e.option, changes: e.changes as Params, rationale: e.rationale };
        break;
      case 'config_committed':
        r.commit = { sha: e.commit, diff: e.diff as ParamChange[], message: e.message };
        r.diff = e.diff as ParamChange[];
        break;
      case 'pnl_measured':
        r.pnl = { pnl: e.pnl, segment: e.segment, metrics: e.metrics, ...(e.baselinePnl !== undefined ? { baselinePnl: e.baselinePnl } : {}) };
        break;
      case 'acceptance_checked':
      case 'config_reverted':
      case 'parameter_flagged':
      case 'live_checked':
      case 'finding_posted':
      case 'action_proposed':
      case 'action_rejected':
      case 'action_taken':
        foldSafetyEvent(r, e);
        break;
      case 'iteration_finished':
        r.status = e.status;
        r.reason = e.reason;
        r.durationMs = e.durationMs;
        r.finishedAt = e.ts;
        r.complete = true;
        break;
    }
  }

  /** The records, in order of each iteration's first event, with cumulative PnL and cost filled in. Call once, after the last event. */
  finish(): IterationRecord[] {
    for (const { event } of this.unknown) this.get(event).otherEvents.push(event);
    let cumulative = 0;
    const out = [...this.records.values()];
    for (const r of out) {
      cumulative += r.pnl?.pnl ?? 0;
      r.cumulativePnl = cumulative;
      r.costUsd = r.agents.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
    }
    return out;
  }
}

/**
 * Folds run-log events into one record per iteration, in order of each iteration's first event
 * (the log is chronological). An iteration without iteration_finished has status `incomplete`.
 * A second iteration_started for the same id (a re-run after a crash) starts the record afresh
 * and counts an attempt. Deterministic: the same events give the same records.
 *
 * @param events valid known events in file order (RunLogReadResult.events).
 * @param unknownEvents events of unknown types (RunLogReadResult.unknownEvents), attached to their iteration's `otherEvents`.
 */
export function foldIterations(events: readonly RunLogEvent[], unknownEvents: readonly UnknownEventLine[] = []): IterationRecord[] {
  const folder = new IterationFolder();
  for (const e of events) folder.add(e);
  for (const u of unknownEvents) folder.addUnknown(u);
  return folder.finish();
}
