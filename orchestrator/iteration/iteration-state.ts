import type { Logger } from 'pino';
import type { AgentRuntime } from '../../workers/runtimes/agent-runtime.js';
import type { ClawChatClient } from '../clawchat/client/index.js';
import type { VoteResult } from '../clawchat/protocol/index.js';
import type { IterationKind, IterationStatus, IterationTrigger } from '../runlog/events/iteration-events.js';
import type { RunLog } from '../runlog/run-log.js';
import type { LoadedSettings } from '../settings/settings.js';
import type { GatedIterationWindows } from '../safety/gated-windows.js';
import type { SafetyPolicy } from '../safety/safety-policy.js';
import type { StepLimits } from '../safety/step-limits/step-limits.js';
import type { ProbeFlag } from '../safety/probe/dead-param-probe.js';
import type { Target } from '../target/definition/target.js';
import type { Metrics, Params } from '../target/evaluate-protocol.js';
import type { EvaluateRunner } from '../target/evaluate/evaluate-runner.js';
import type { TargetRepo } from '../target/git/target-repo.js';
import type { PhaseClock } from './phase-clock.js';
import type { RoomMonitor } from './room-monitor.js';
import type { BriefMetadata, VoteOption } from './room-messages.js';
import type { Team } from './team.js';

/** What the conductor holds for one target across iterations. */
export interface ConductorContext {
  target: Target;
  settings: LoadedSettings;
  runLog: RunLog;
  repo: TargetRepo;
  evaluator: EvaluateRunner;
  /** The conductor's own chat connection (its identity in every room). */
  client: ClawChatClient;
  /** What agents connect to. */
  chat: { url: string; key: string };
  /** The target's room; iteration rooms are its sub-rooms. */
  targetRoomId: string;
  runId: string;
  logger: Logger;
  runtimes: Readonly<Record<string, AgentRuntime>>;
  /** Windows the target has (evaluate info). */
  totalWindows: number;
  /** The chat server's election opt-out window, ms (ClawChat: 2 000). */
  electionOptOutMs: number;
  /** Which safety checks apply to this target (orchestrator/safety/safety-policy.ts). */
  safety: SafetyPolicy;
}

/** The leader's (or the conductor's fallback) decision. */
export interface Decision {
  option: number;
  changes: Params;
  by: string;
  byName: string;
  rationale: string;
  /** True when the conductor decided because the leader did not. */
  fallback: boolean;
}

/** Everything one iteration accumulates as its phases run. */
export class IterationState {
  roomId: string | null = null;
  monitor: RoomMonitor | null = null;
  team: Team | null = null;
  brief: BriefMetadata | null = null;
  /** Vote options; index 0 is always "keep current config". */
  options: VoteOption[] = [{ index: 0, label: 'keep current config', changes: {}, proposedBy: [] }];
  /** Agent id → what became of its proposals. */
  proposals = new Map<string, { accepted: boolean; option?: number }>();
  /** Serialises proposal handling (validate, answer, log) in arrival order. */
  proposalChain: Promise<void> = Promise.resolve();
  /** True once the propose phase is over: later proposals are refused. */
  proposalsClosed = false;
  voteId: string | null = null;
  voteResult: VoteResult | null = null;
  /** The conductor's closing ballot, if it cast one. */
  conductorBallot: number | null = null;
  leader: { id: string; name: string } | null = null;
  decision: Decision | null = null;
  /** True once the apply phase may have written the config file (only then may a failure restore it). */
  configTouched = false;
  commit: string | null = null;
  /** Params in force after the iteration (= base when nothing changed). */
  finalParams: Params;
  diffText = '';
  pnl: number | null = null;
  baselinePnl: number | null = null;
  metrics: Metrics | null = null;
  /** Time spent inside the target's evaluate for the measurement, ms. */
  measureEvalMs = 0;
  status: IterationStatus | null = null;
  reason = '';
  /** Things worth saying in the reason beyond the status (e.g. a measurement failure). */
  notes: string[] = [];
  /** Frozen parameters and the relative change limit of this iteration (set by the brief). */
  stepLimits: StepLimits = { frozen: [] };
  /** Set when the iteration put the config back (the gate discarded the change, a review or live revert): the new commit. */
  revertCommit: string | null = null;
  /** Parameters the dead-parameter probe flagged. */
  flags: ProbeFlag[] = [];
  /** True once the acceptance gate recorded its verdict on the committed change. */
  gateJudged = false;
  /** Review iterations: agent id → how many findings it posted. */
  findings = new Map<string, number>();

  constructor(
    readonly id: string,
    readonly n: number,
    readonly kind: IterationKind,
    readonly trigger: IterationTrigger,
    readonly startedAt: number,
    readonly baseParams: Params,
    readonly baseCommit: string,
    /** Live segment, in-sample range and (with the acceptance gate) the validation windows. */
    readonly windows: GatedIterationWindows | undefined,
    /** Folder for the transcript, brief and agents' output. */
    readonly dir: string,
    readonly clock: PhaseClock,
    readonly signal: AbortSignal | undefined,
  ) {
    this.finalParams = baseParams;
  }
}
