import type { ConfigFormat } from '../config-file/config-format.js';
import type { ParamSpace } from '../space/param-space.js';
import type { TargetDefinition } from './target-definition-schema.js';

/** A target command with placeholders expanded and paths absolute, ready for execa. */
export interface ResolvedCommand {
  /** Program and arguments (no shell). */
  argv: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Extra environment variables (added to the orchestrator's environment, plus ITERCREW_ROOT). */
  env: Record<string, string>;
  /** Timeout in milliseconds. */
  timeoutMs: number;
}

/** Walk-forward settings with defaults filled. */
export interface WalkForward {
  /** Windows per live segment. */
  segmentWindows: number;
  /** In-sample windows agents may evaluate, right before the segment. */
  inSampleWindows: number;
  /** Window index where iteration 1's segment starts. */
  startWindow: number;
}

/**
 * A loaded, validated target (see {@link loadTarget}): every path absolute, placeholders expanded,
 * invariants compiled. This is what the iteration pipeline works with.
 */
export interface Target {
  /** Slug, e.g. `strategy-c`. */
  name: string;
  /** One line for people. */
  description: string;
  /** The definition file (absolute), or the `source` given to parseTargetDefinition. */
  definitionFile: string;
  /** The target's run folder: `<runsDir>/<name>` (events.jsonl, iterations/, workspace/). */
  runDir: string;
  /** Absolute path of the target's git repo (may not exist yet: see ensureWorkspaceRepo). */
  repoDir: string;
  /** Config file path inside the repo, POSIX separators (as given). */
  configFile: string;
  /** Absolute path of the config file. */
  configPath: string;
  /** Its format (by extension). */
  configFormat: ConfigFormat;
  /** Params table path as written, e.g. `strategy_c.params`. */
  paramsPath: string;
  /** The same, parsed into keys. */
  paramsKeys: string[];
  /** Parameter space and compiled invariants. */
  space: ParamSpace;
  /** The evaluate command. */
  evaluate: ResolvedCommand;
  /** Optional live-PnL command. */
  measure?: ResolvedCommand;
  /** Optional deploy command. */
  deploy?: ResolvedCommand;
  /** Walk-forward settings. */
  walkForward: WalkForward;
  /** Objective: metric and direction. */
  objective: { metric: string; direction: 'maximise' | 'minimise' };
  /** Absolute path of the seed config file, when the definition has a seed. */
  seedConfigPath?: string;
  /** The parsed definition as written (defaults filled), for briefs and reports. */
  definition: TargetDefinition;
}
