import type { z } from 'zod';
import { AgentExitedSchema, AgentSpawnedSchema } from './agent-events.js';
import { ConfigCommittedSchema, PnlMeasuredSchema } from './outcome-events.js';
import { DecisionMadeSchema, LeaderElectedSchema, VoteClosedSchema } from './coordination-events.js';
import { EventBaseSchema, RUN_LOG_VERSION, type EventBase } from './event-base.js';
import { IterationFinishedSchema, IterationStartedSchema, PhaseCompletedSchema } from './iteration-events.js';
import { ProposalReceivedSchema, ProposalRejectedSchema } from './proposal-events.js';
import { ActionProposedSchema, ActionRejectedSchema, ActionTakenSchema, FindingPostedSchema } from './review-events.js';
import { AcceptanceCheckedSchema, ConfigRevertedSchema, LiveCheckedSchema, ParameterFlaggedSchema } from './safety-events.js';

/**
 * Every event type this version knows, type → schema. To add a type (review findings, reverts,
 * flags…), define it with defineEvent in a file of this folder and add it here; logs written
 * before stay valid, and readers that do not know a type keep its events as {@link GenericRunLogEvent}.
 */
export const RUN_LOG_EVENT_SCHEMAS = {
  iteration_started: IterationStartedSchema,
  phase_completed: PhaseCompletedSchema,
  agent_spawned: AgentSpawnedSchema,
  agent_exited: AgentExitedSchema,
  proposal_received: ProposalReceivedSchema,
  proposal_rejected: ProposalRejectedSchema,
  vote_closed: VoteClosedSchema,
  leader_elected: LeaderElectedSchema,
  decision_made: DecisionMadeSchema,
  config_committed: ConfigCommittedSchema,
  pnl_measured: PnlMeasuredSchema,
  iteration_finished: IterationFinishedSchema,
  acceptance_checked: AcceptanceCheckedSchema,
  config_reverted: ConfigRevertedSchema,
  parameter_flagged: ParameterFlaggedSchema,
  live_checked: LiveCheckedSchema,
  finding_posted: FindingPostedSchema,
  action_proposed: ActionProposedSchema,
  action_rejected: ActionRejectedSchema,
  action_taken: ActionTakenSchema,
} as const;

/** Known event type names. */
export type RunLogEventType = keyof typeof RUN_LOG_EVENT_SCHEMAS;

/** A known event, discriminated by `type`. */
export type RunLogEvent = { [K in RunLogEventType]: z.infer<(typeof RUN_LOG_EVENT_SCHEMAS)[K]> }[RunLogEventType];

/** The event of a given type. */
export type RunLogEventOf<K extends RunLogEventType> = Extract<RunLogEvent, { type: K }>;

/** An event of a type this version does not know (written by a newer itercrew): base fields checked, the rest kept. */
export type GenericRunLogEvent = EventBase;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * What callers pass to RunLog.append: a known event without `v`, and with `ts` and `target`
 * optional (filled with now and the log's target).
 */
export type RunLogEventInput = DistributiveOmit<RunLogEvent, 'v' | 'ts' | 'target'> & { ts?: string; target?: string };

/** Whether `type` is a known event type. */
export function isKnownEventType(type: string): type is RunLogEventType {
  return Object.hasOwn(RUN_LOG_EVENT_SCHEMAS, type);
}

/** Result of {@link parseRunLogEvent}. */
export type ParsedRunLogEvent =
  | { ok: true; known: true; event: RunLogEvent }
  | { ok: true; known: false; event: GenericRunLogEvent }
  | { ok: false; reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(event)'}: ${i.message}`).join('; ');
}

/**
 * Validates one decoded event: base fields for all, the full schema for known types. Never throws.
 * A `v` other than 1 is reported as unsupported.
 */
export function parseRunLogEvent(value: unknown): ParsedRunLogEvent {
  if (typeof value === 'object' && value !== null && 'v' in value && (value as { v: unknown }).v !== RUN_LOG_VERSION)
    return { ok: false, reason: `unsupported event version ${JSON.stringify((value as { v: unknown }).v)} (this itercrew reads v${RUN_LOG_VERSION})` };
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && isKnownEventType(type)) {
    // One pass for the common case: the full schema checks the base fields too.
    const full = RUN_LOG_EVENT_SCHEMAS[type].safeParse(value);
    if (!full.success) return { ok: false, reason: `${type}: ${describeIssues(full.error)}` };
    return { ok: true, known: true, event: full.data as RunLogEvent };
  }
  const base = EventBaseSchema.safeParse(value);
  if (!base.success) return { ok: false, reason: describeIssues(base.error) };
  return { ok: true, known: false, event: base.data };
}
