import path from 'node:path';
import { parseTargetDefinition } from '../../orchestrator/target/definition/parse-target.js';
import type { Target } from '../../orchestrator/target/definition/target.js';
import type { LocalAgentConfig } from './config.js';

/**
 * The agent's view of its target. With the definition the conductor passed (the usual case) it
 * is validated and resolved in memory — the same schema and checks as the file, less the seed
 * config check the conductor already ran; the YAML and TOML parsers are then never loaded.
 * Without one, the definition file is loaded (imported on demand).
 *
 * @throws TargetConfigError naming every bad field (the agent exits 1 with it).
 */
export async function loadAgentTarget(target: LocalAgentConfig['target']): Promise<Target> {
  if (target.definition !== undefined) {
    return parseTargetDefinition(target.definition, {
      source: target.file,
      baseDir: path.dirname(target.file),
      runsDir: target.runsDir,
      checkSeed: false,
    });
  }
  const { loadTarget } = await import('../../orchestrator/target/definition/load-target.js');
  return loadTarget(target.file, { runsDir: target.runsDir });
}
