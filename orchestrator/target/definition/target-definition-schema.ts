import { z } from 'zod';
import { ParamNameSchema, ParamSpecSchema } from '../space/param-spec.js';
import { TargetSafetySchema } from '../../safety/target-safety.js';

/** A target name: a lowercase slug (`strategy-c`), used for folders under runs/ and in iteration ids. */
export const TargetNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug: a-z, 0-9 and -, starting with a letter or digit, at most 64 characters');

/**
 * A command the orchestrator runs for a target (evaluate, measure, deploy). `command` is an argv
 * array — no shell — whose elements may use the placeholders `${ITERCREW_ROOT}` (itercrew package
 * root), `${NODE}` (this Node.js binary), `${TARGET_DIR}` (folder of the definition file),
 * `${RUN_DIR}` (runs/<target>), `${REPO}` (the target repo) and `${CONFIG_FILE}` (absolute path
 * of the config file).
 */
export const CommandSchema = z.strictObject({
  /** argv: program then arguments, e.g. ["${NODE}", "${ITERCREW_ROOT}/dist/examples/strategy-c/evaluate.js"]. */
  command: z.array(z.string().min(1)).min(1),
  /** Kill the command (whole process group) after this many milliseconds. Default 600000 (10 min). */
  timeoutMs: z.number().int().positive().default(600_000),
  /** Working directory (placeholders allowed; relative to the repo). Default: the target repo. */
  cwd: z.string().min(1).optional(),
  /** Extra environment variables (placeholders allowed). Default: none. */
  env: z.record(z.string(), z.string()).default({}),
});
export type CommandDefinition = z.infer<typeof CommandSchema>;

/** An invariant: an expression, or an expression with a description. */
export const InvariantDefinitionSchema = z.union([
  z.string().min(1),
  z.strictObject({ expr: z.string().min(1), description: z.string().optional() }),
]);

/**
 * Walk-forward measurement of a backtested target (DESIGN.md, "One tune iteration", measure).
 * Iteration n (1-based) is measured on the live segment
 * `[startWindow + (n−1)·segmentWindows, + segmentWindows)`; agents see only the in-sample range,
 * the `inSampleWindows` windows right before it.
 */
export const WalkForwardSchema = z.strictObject({
  /** Windows per live segment (Strategy C: 3 windows = 15 minutes). Default 3. */
  segmentWindows: z.number().int().positive().default(3),
  /** In-sample windows before the segment that agents may evaluate. Default 48. */
  inSampleWindows: z.number().int().positive().default(48),
  /** Window index of iteration 1's segment. Default: inSampleWindows (a full in-sample range from the start). */
  startWindow: z.number().int().nonnegative().optional(),
});

/** What the iteration optimises: a metric of the evaluate/measure output. */
export const ObjectiveSchema = z.strictObject({
  /** Metric name in the evaluate metrics. Default `pnl`. */
  metric: z.string().min(1).default('pnl'),
  /** Default `maximise`. */
  direction: z.enum(['maximise', 'minimise']).default('maximise'),
});

/** How the workspace repo is created on first run: the config file is copied from `configFile`. */
export const SeedSchema = z.strictObject({
  /** Seed config file, relative to the definition file's folder (same format as the target's configFile). */
  configFile: z.string().min(1),
});

/**
 * A target definition file (config/targets/<name>.yaml or .json), as written by people.
 * See config/targets/strategy-c.yaml for a complete example.
 */
export const TargetDefinitionSchema = z.strictObject({
  /** Slug naming the target (runs/<name>/). */
  name: TargetNameSchema,
  /** One line for people. Default: empty. */
  description: z.string().default(''),
  /**
   * The target's git repo. Placeholders allowed. A relative path resolves against the target's
   * run folder runs/<name>/ (so `workspace` means runs/<name>/workspace, created from `seed` on
   * first run); use an absolute path or ${TARGET_DIR}/… for an existing repo.
   */
  repo: z.string().min(1),
  /** Config file inside the repo, relative (POSIX separators); .json, .toml, .yaml or .yml. */
  configFile: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a relative path inside the repo (no leading / and no ..)'),
  /** Dotted path of the params table in the config document, e.g. `strategy_c.params`; empty = the root. Default empty. */
  paramsPath: z.string().default(''),
  /** Every parameter itercrew knows: name → spec. At least one must be tunable. */
  space: z.record(ParamNameSchema, ParamSpecSchema).refine((s) => Object.values(s).some((p) => p.tunable), 'needs at least one tunable parameter'),
  /** Named constraints any decided config must satisfy: name → expression. Default none. */
  invariants: z.record(ParamNameSchema, InvariantDefinitionSchema).default({}),
  /** The evaluate command (JSON lines, orchestrator/target/evaluate-protocol.ts). */
  evaluate: CommandSchema,
  /** Optional live-PnL command for a running bot. */
  measure: CommandSchema.optional(),
  /** Optional deploy command run after a committed change (e.g. restart the bot). */
  deploy: CommandSchema.optional(),
  /** Walk-forward settings (backtested targets). Defaults: 3-window segments, 48 in-sample windows. */
  walkForward: WalkForwardSchema.default({ segmentWindows: 3, inSampleWindows: 48 }),
  /** Objective. Default: maximise pnl. */
  objective: ObjectiveSchema.default({ metric: 'pnl', direction: 'maximise' }),
  /** Seeds the config file when the workspace repo is first created. Optional for existing repos. */
  seed: SeedSchema.optional(),
  /** Safety facts of this target: validation windows, guardrails, frozen parameters, live regression watch (orchestrator/safety/target-safety.ts). Default none. */
  safety: TargetSafetySchema.optional(),
});
export type TargetDefinition = z.infer<typeof TargetDefinitionSchema>;
