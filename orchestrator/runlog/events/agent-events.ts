import { z } from 'zod';
import { defineEvent } from './event-base.js';

/** An agent process was started. */
export const AgentSpawnedSchema = defineEvent('agent_spawned', {
  /** Chat identity / agent id. */
  agentId: z.string().min(1),
  /** Display name, e.g. `tuner-1`. */
  name: z.string().min(1),
  /** Role, e.g. `tuner`, `reviewer`. */
  role: z.string().min(1),
  /** Runtime, e.g. `local`, `claude-code`, `command`. */
  runtime: z.string().min(1),
  /** Search heuristic of a local agent, e.g. `coordinate`, `random-local`, `revert-to-best`. */
  heuristic: z.string().optional(),
  /** OS process id (null if not known). */
  pid: z.number().int().nullable(),
});

/** Token counts of an agent (LLM runtimes). */
export const TokensSchema = z.looseObject({
  input: z.number().nonnegative().optional(),
  output: z.number().nonnegative().optional(),
  cacheRead: z.number().nonnegative().optional(),
  cacheCreation: z.number().nonnegative().optional(),
});

/** An agent process ended (or was killed). */
export const AgentExitedSchema = defineEvent('agent_exited', {
  agentId: z.string().min(1),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Lifetime, milliseconds. */
  durationMs: z.number().nonnegative(),
  /** Why it ended, e.g. `finished`, `crashed`, `killed at deadline`. */
  reason: z.string(),
  /** Conversation turns (LLM runtimes). */
  turns: z.number().int().nonnegative().optional(),
  /** Cost in USD (LLM runtimes). */
  costUsd: z.number().nonnegative().optional(),
  tokens: TokensSchema.optional(),
});
