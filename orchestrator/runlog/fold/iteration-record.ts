import type { Metrics, Params } from '../../target/evaluate-protocol.js';
import type { ParamChange } from '../../target/diff/params-diff.js';
import type { Segment } from '../events/event-base.js';
import type { IterationKind, IterationStatus, IterationTrigger } from '../events/iteration-events.js';
import type { GenericRunLogEvent, RunLogEventOf } from '../events/run-log-event.js';

/** One agent of an iteration: from agent_spawned, completed by agent_exited. */
export interface AgentRecord {
  agentId: string;
  name?: string;
  role?: string;
  runtime?: string;
  heuristic?: string;
  pid?: number | null;
  /** True once agent_exited was seen. */
  exited: boolean;
  exitCode?: number | null;
  signal?: string | null;
  durationMs?: number;
  reason?: string;
  turns?: number;
  costUsd?: number;
  tokens?: RunLogEventOf<'agent_exited'>['tokens'];
}

/** A valid proposal (vote option). */
export interface ProposalRecord {
  agentId: string;
  option: number;
  changes: Params;
  hypothesis: string;
  evidence?: unknown;
  inSampleScore?: number;
  ts: string;
}

/** A rejected proposal with the raw changes and the reason. */
export interface RejectedProposalRecord {
  agentId: string;
  changes: unknown;
  reason: string;
  ts: string;
}

/** Status of a folded iteration: a final status, or `incomplete` when no iteration_finished was logged (interrupted, or still running). */
export type IterationRecordStatus = IterationStatus | 'incomplete';

/**
 * Everything the run log says about one iteration (DESIGN.md, "Run log"): trigger, agents,
 * proposals, ballots, leader, decision, config diff, PnL and its segment, commit, status and
 * reason, phase timings.
 */
export interface IterationRecord {
  iterationId: string;
  target: string;
  /** Iteration number (from iteration_started; absent if that event is missing). */
  n?: number;
  kind?: IterationKind;
  trigger?: IterationTrigger;
  runId?: string;
  /** ts of iteration_started (or of the first event seen). */
  startedAt: string;
  /** ts of iteration_finished. */
  finishedAt?: string;
  /** The config's params at the start. */
  baseParams?: Params;
  baseCommit?: string | null;
  segment?: Segment;
  inSample?: Segment;
  /** Phase timings in order. */
  phases: { phase: string; durationMs: number; deadlineHit?: boolean }[];
  agents: AgentRecord[];
  proposals: ProposalRecord[];
  rejectedProposals: RejectedProposalRecord[];
  /** Closed votes in order (normally one). */
  votes: RunLogEventOf<'vote_closed'>[];
  leader?: { leaderId: string; leaderName: string };
  decision?: { by: string; byName?: string; option: number; changes: Params; rationale: string };
  /** The config commit of the iteration. */
  commit?: { sha: string; diff: ParamChange[]; message: string };
  /** Config diff (from the commit; empty when nothing was committed). */
  diff: ParamChange[];
  pnl?: { pnl: number; segment: Segment; metrics: Metrics; baselinePnl?: number };
  /** Sum of measured PnL of this and all earlier iterations in the log. */
  cumulativePnl: number;
  /** Sum of the agents' costUsd. */
  costUsd: number;
  status: IterationRecordStatus;
  /** Reason from iteration_finished, or why the record is incomplete. */
  reason: string;
  /** From iteration_finished. */
  durationMs?: number;
  /** True when iteration_finished was logged. */
  complete: boolean;
  /** How many times iteration_started was logged for this id (more than 1 after a crash and re-run; the record holds the last attempt). */
  attempts: number;
  /**
   * Events shown as their own blocks in reports (sections/event-blocks.ts), in file order: the
   * safety and review events below (also summarised in their fields) and events of types this
   * itercrew does not know (newer versions).
   */
  otherEvents: GenericRunLogEvent[];
  /** Windows held out for the acceptance gate (from iteration_started). */
  validation?: Segment;
  /** The acceptance gate's verdict on the decided change. */
  acceptance?: RunLogEventOf<'acceptance_checked'>;
  /** The last revert of the iteration (gate, deploy, review or live). */
  revert?: RunLogEventOf<'config_reverted'>;
  /** Parameters the dead-parameter probe flagged. */
  flags?: RunLogEventOf<'parameter_flagged'>[];
  /** A live target's regression check. */
  liveCheck?: RunLogEventOf<'live_checked'>;
  /** Review iterations: findings, action proposals (vote options) and the action carried out. */
  findings?: RunLogEventOf<'finding_posted'>[];
  actions?: RunLogEventOf<'action_proposed'>[];
  actionTaken?: RunLogEventOf<'action_taken'>;
}
