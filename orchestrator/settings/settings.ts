import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../paths.js';
import { RedisSettingsSchema } from '../scheduler/bullmq/redis-settings.js';
import { DEFAULT_SCHEDULING, SchedulingSettingsSchema } from '../scheduler/schedule.js';
import { SettingsError } from './settings-error.js';
import { AgentSlotRuntimeOptionsShape, ClaudeCodeSettingsSchema } from '../../workers/runtimes/claude-code/settings.js';
import { BudgetSettingsSchema } from '../budget/budget-settings.js';
import { SafetySettingsSchema } from '../safety/safety-settings.js';

/**
 * Phase deadlines of one iteration, in milliseconds from the start of that phase. A phase that
 * reaches its deadline moves on with what it has; a late or dead agent never blocks the iteration.
 */
export const DeadlineSettingsSchema = z.object({
  /** Agents must register and join the room within this. Default 15 000. */
  spawnMs: z.number().int().positive().default(15_000),
  /** Tuners must post their proposal within this. Default 60 000. */
  proposeMs: z.number().int().positive().default(60_000),
  /** The sealed vote closes at this at the latest. Default 20 000. */
  voteMs: z.number().int().positive().default(20_000),
  /** The elected leader must issue the decision within this (after the 2 s opt-out). Default 20 000. */
  decideMs: z.number().int().positive().default(20_000),
  /** Agents must exit within this after the result is posted, else their process trees are killed. Default 5 000. */
  closeMs: z.number().int().positive().default(5_000),
  /** The measurement (evaluate on the live segment) must finish within this. Default 120 000. */
  measureMs: z.number().int().positive().default(120_000),
});
export type DeadlineSettings = z.infer<typeof DeadlineSettingsSchema>;

/** One agent slot of the team. */
export const AgentSlotSchema = z.object({
  /** Role: `tuner` proposes and votes; `reviewer` reviews (review iterations). Default `tuner`. */
  role: z.enum(['tuner', 'reviewer']).default('tuner'),
  /** Runtime that runs the agent: `local` (built-in LLM-free program), `claude-code`, `command` (any agent CLI). Default `local`. */
  runtime: z.string().default('local'),
  /** Local agents: the search heuristic. */
  heuristic: z.enum(['coordinate', 'random-search', 'revert-to-best']).optional(),
  /** Display name in the room; default `<role>-<index>-<heuristic or runtime>`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  /** LLM runtimes: model, maxTurns, maxBudgetUsd, allowedTools; `command`: the CLI template (workers/runtimes/claude-code/settings.ts). */
  ...AgentSlotRuntimeOptionsShape,
});
export type AgentSlot = z.infer<typeof AgentSlotSchema>;

/** How itercrew reaches a ClawChat server. */
export const ChatSettingsSchema = z.discriminatedUnion('mode', [
  z.object({
    /** Start the embedded server in-process on a random loopback port (the default). */
    mode: z.literal('embedded'),
    /** Election opt-out window in ms; ClawChat's is 2 000. Default 2 000. */
    electionOptOutMs: z.number().int().nonnegative().default(2_000),
  }),
  z.object({
    /** Use an external ClawChat server. */
    mode: z.literal('external'),
    /** Server URL: tcp://host:port, unix:///path, ws://… or wss://…. */
    url: z.string(),
    /** API key; default from `ITERCREW_CHAT_KEY`. */
    key: z.string().optional(),
  }),
]);
export type ChatSettings = z.infer<typeof ChatSettingsSchema>;

/** itercrew settings (config/itercrew.yaml, overridable with `--settings <file>`). */
export const SettingsSchema = z.object({
  /** Where runs go: one folder per target. Relative paths resolve against the working directory. Default `runs`. */
  runsDir: z.string().default('runs'),
  /** Target definition files used when a command gets no `--target`. Relative to the settings file's directory. */
  targets: z.array(z.string()).min(1).default(['targets/strategy-c.yaml']),
  /** The team spawned each tune iteration. Default: three local tuners with different heuristics. */
  team: z
    .array(AgentSlotSchema)
    .min(1)
    .default([
      { role: 'tuner', runtime: 'local', heuristic: 'coordinate' },
      { role: 'tuner', runtime: 'local', heuristic: 'random-search' },
      { role: 'tuner', runtime: 'local', heuristic: 'revert-to-best' },
    ]),
  /** Phase deadlines. */
  deadlines: DeadlineSettingsSchema.default(DeadlineSettingsSchema.parse({})),
  /** Past iterations shown in the brief. Default 8. */
  briefHistory: z.number().int().nonnegative().default(8),
  /** Max parameters one proposal may change (attribution, seed 000). Default 2. */
  maxChangedParams: z.number().int().positive().default(2),
  /** Iterations `itercrew run` performs when `--iterations` is not given. Default 4. */
  runIterations: z.number().int().positive().default(4),
  /** Chat server. Default: embedded. */
  chat: ChatSettingsSchema.default({ mode: 'embedded', electionOptOutMs: 2_000 }),
  /** When each target ticks under `itercrew start` (orchestrator/scheduler/schedule.ts). Default: every 15 minutes. */
  schedule: SchedulingSettingsSchema.default(DEFAULT_SCHEDULING),
  /** BullMQ on Redis: URL, key prefix, job locks (orchestrator/scheduler/bullmq/redis-settings.ts). Default: none (embedded). */
  redis: RedisSettingsSchema.optional(),
  /** Claude Code agents: binary, credentials (default: the environment), supervision (workers/runtimes/claude-code/settings.ts). */
  claudeCode: ClaudeCodeSettingsSchema.default(ClaudeCodeSettingsSchema.parse({})),
  /** Agent cost caps per iteration and per day (orchestrator/budget/). Default: none. */
  budget: BudgetSettingsSchema.default({}),
  /** Folder of the agent prompt templates (tuner.md, …). Relative to the settings file's folder. Default: itercrew's prompts/. */
  promptsDir: z.string().optional(),
  /** Safety of unattended tuning: acceptance gate, dead-parameter probe, step limits, self-pause after failures (orchestrator/safety/safety-settings.ts). Default: all off. */
  safety: SafetySettingsSchema.default(SafetySettingsSchema.parse({})),
  /** Review iterations (`itercrew kick --review`): how many past iterations they review, and their team. */
  review: z
    .strictObject({
      /** Past iterations a review reads (brief history). Default 12. */
      iterations: z.number().int().positive().default(12),
      /** The review team. Default: the tune team's slots as reviewers (same runtimes, same count). */
      team: z.array(AgentSlotSchema).min(1).optional(),
    })
    .default({ iterations: 12 }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings as loaded: validated, with the directory relative paths resolve against. */
export interface LoadedSettings extends Settings {
  /** Absolute path of the settings file, or null for built-in defaults. */
  file: string | null;
  /** Directory that `targets` entries resolve against. */
  baseDir: string;
  /** `runsDir` resolved to an absolute path. */
  runsDirAbs: string;
}

/** The settings file shipped with itercrew: `<package>/config/itercrew.yaml`. */
export function defaultSettingsFile(): string {
  return path.join(projectRoot(), 'config', 'itercrew.yaml');
}

/**
 * Loads and validates settings.
 *
 * @param file a YAML or JSON settings file; default {@link defaultSettingsFile} (if it exists,
 *   else the built-in defaults).
 * @param cwd directory `runsDir` resolves against; default `process.cwd()`.
 * @throws SettingsError (code `settings_invalid`) naming the file and every bad field.
 */
export function loadSettings(file?: string, cwd = process.cwd()): LoadedSettings {
  const chosen = file ?? (existsSync(defaultSettingsFile()) ? defaultSettingsFile() : null);
  let raw: unknown = {};
  if (chosen) {
    let text: string;
    try {
      text = readFileSync(chosen, 'utf8');
    } catch (err) {
      throw new SettingsError(`cannot read settings file ${chosen}: ${(err as Error).message}`, { cause: err });
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (err) {
      throw new SettingsError(`settings file ${chosen} is not valid YAML/JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new SettingsError(`settings file ${chosen ?? '(defaults)'} is invalid:\n${issues}`);
  }
  const baseDir = chosen ? path.dirname(path.resolve(chosen)) : path.join(projectRoot(), 'config');
  return {
    ...parsed.data,
    file: chosen ? path.resolve(chosen) : null,
    baseDir,
    runsDirAbs: path.resolve(cwd, parsed.data.runsDir),
  };
}
