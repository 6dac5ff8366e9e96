import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { configFormatOf } from '../config-file/config-format.js';
import { parseParamsPath } from '../config-file/params-path.js';
import { TargetConfigError, type TargetConfigIssue } from '../errors/index.js';
import { compileInvariant, type Invariant } from '../space/invariant.js';
import { InvariantSyntaxError } from '../space/invariant-expression.js';
import { validateParams } from '../space/validate-changes.js';
import { projectRoot } from '../../paths.js';
import { expandPlaceholders, type PlaceholderValues } from './placeholders.js';
import type { ResolvedCommand, Target } from './target.js';
import { TargetDefinitionSchema, type CommandDefinition } from './target-definition-schema.js';
import { targetSafetyIssues } from '../../safety/target-safety-issues.js';

/** Options of {@link loadTarget} (load-target.ts) and {@link parseTargetDefinition}. */
export interface LoadTargetOptions {
  /** Folder holding one run folder per target. Default: `<itercrew root>/runs`. */
  runsDir?: string;
  /** Value of `${ITERCREW_ROOT}`. Default: the itercrew package root (projectRoot()). */
  itercrewRoot?: string;
}

/** Options of {@link parseTargetDefinition}: where an in-memory definition "lives". */
export interface ParseTargetOptions extends LoadTargetOptions {
  /** Name used in messages (a file path or e.g. `<inline>`). */
  source: string;
  /** Folder that `${TARGET_DIR}` and the seed path resolve against. */
  baseDir: string;
  /**
   * Read the seed config file and check it fits the space. Default true. Agents that receive a
   * definition the conductor has already loaded pass false (the check ran there), which also
   * keeps the YAML and TOML parsers out of their start-up.
   */
  checkSeed?: boolean;
}

function zodIssues(error: z.ZodError): TargetConfigIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Validates and resolves an in-memory target definition (already parsed from YAML/JSON).
 * Same checks and resolution as {@link loadTarget}.
 *
 * @throws TargetConfigError listing every bad field path.
 */
export async function parseTargetDefinition(data: unknown, options: ParseTargetOptions): Promise<Target> {
  const parsed = TargetDefinitionSchema.safeParse(data);
  if (!parsed.success) throw new TargetConfigError(options.source, zodIssues(parsed.error));
  const def = parsed.data;
  const issues: TargetConfigIssue[] = [];
  const root = options.itercrewRoot ?? projectRoot();
  const runDir = path.resolve(options.runsDir ?? path.join(root, 'runs'), def.name);

  const base: PlaceholderValues = { ITERCREW_ROOT: root, NODE: process.execPath, TARGET_DIR: options.baseDir, RUN_DIR: runDir };
  const expand = (text: string, at: string, values: PlaceholderValues): string => {
    const r = expandPlaceholders(text, values);
    if (r.ok) return r.text;
    issues.push({ path: at, message: `unknown placeholder ${r.unknown.map((u) => '${' + u + '}').join(', ')} (known: ${Object.keys(values).map((k) => '${' + k + '}').join(', ')})` });
    return text;
  };

  const repoDir = path.resolve(runDir, expand(def.repo, 'repo', base));
  const configPath = path.resolve(repoDir, def.configFile);
  const configFormat = configFormatOf(def.configFile);
  if (configFormat === undefined) issues.push({ path: 'configFile', message: 'unsupported extension (use .json, .toml, .yaml or .yml)' });

  let paramsKeys: string[] = [];
  try {
    paramsKeys = parseParamsPath(def.paramsPath);
  } catch (error) {
    issues.push({ path: 'paramsPath', message: (error as Error).message });
  }

  const invariants: Invariant[] = [];
  for (const [name, raw] of Object.entries(def.invariants)) {
    const expr = typeof raw === 'string' ? raw : raw.expr;
    const description = typeof raw === 'string' ? undefined : raw.description;
    try {
      const invariant = compileInvariant(name, expr, description);
      const unknown = invariant.params.filter((p) => !Object.hasOwn(def.space, p));
      if (unknown.length > 0) issues.push({ path: `invariants.${name}`, message: `unknown parameter(s) ${unknown.join(', ')} (not in space)` });
      invariants.push(invariant);
    } catch (error) {
      if (!(error instanceof InvariantSyntaxError)) throw error;
      issues.push({ path: `invariants.${name}`, message: `syntax error in ${JSON.stringify(expr)}: ${error.message}` });
    }
  }

  const values: PlaceholderValues = { ...base, REPO: repoDir, CONFIG_FILE: configPath };
  const resolveCommand = (cmd: CommandDefinition, at: string): ResolvedCommand => ({
    argv: cmd.command.map((a, i) => expand(a, `${at}.command.${i}`, values)),
    cwd: path.resolve(repoDir, cmd.cwd === undefined ? '.' : expand(cmd.cwd, `${at}.cwd`, values)),
    env: Object.fromEntries(Object.entries(cmd.env).map(([k, v]) => [k, expand(v, `${at}.env.${k}`, values)])),
    timeoutMs: cmd.timeoutMs,
  });
  const evaluate = resolveCommand(def.evaluate, 'evaluate');
  const measure = def.measure === undefined ? undefined : resolveCommand(def.measure, 'measure');
  const deploy = def.deploy === undefined ? undefined : resolveCommand(def.deploy, 'deploy');

  const space = { params: def.space, invariants };
  let seedConfigPath: string | undefined;
  if (def.seed !== undefined) {
    seedConfigPath = path.resolve(options.baseDir, def.seed.configFile);
    if (configFormatOf(seedConfigPath) !== configFormat) {
      issues.push({ path: 'seed.configFile', message: `must have the same format as configFile (${def.configFile})` });
    } else if (!existsSync(seedConfigPath)) {
      issues.push({ path: 'seed.configFile', message: `file not found: ${seedConfigPath}` });
    } else if (configFormat !== undefined && issues.length === 0 && options.checkSeed !== false) {
      try {
        // Loaded here, not at the top: the parsers of every config format are only needed for this check.
        const { parseConfigDocument } = await import('../config-file/config-file.js');
        const params = parseConfigDocument(await readFile(seedConfigPath, 'utf8'), configFormat, seedConfigPath).getParams(paramsKeys);
        const check = validateParams(space, params);
        if (!check.ok) issues.push({ path: 'seed.configFile', message: `seed config does not fit the space: ${check.reason}` });
      } catch (error) {
        issues.push({ path: 'seed.configFile', message: (error as Error).message });
      }
    }
  }

  issues.push(...targetSafetyIssues(def));
  if (issues.length > 0) throw new TargetConfigError(options.source, issues);
  const walkForward = {
    segmentWindows: def.walkForward.segmentWindows,
    inSampleWindows: def.walkForward.inSampleWindows,
    startWindow: def.walkForward.startWindow ?? def.walkForward.inSampleWindows,
  };
  return {
    name: def.name,
    description: def.description,
    definitionFile: options.source,
    runDir,
    repoDir,
    configFile: def.configFile,
    configPath,
    configFormat: configFormat as NonNullable<typeof configFormat>,
    paramsPath: def.paramsPath,
    paramsKeys,
    space,
    evaluate,
    ...(measure ? { measure } : {}),
    ...(deploy ? { deploy } : {}),
    walkForward,
    objective: def.objective,
    ...(seedConfigPath ? { seedConfigPath } : {}),
    definition: def,
  };
}
