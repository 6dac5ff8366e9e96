import { z } from 'zod';

/** Environment variable carrying a local agent's configuration (JSON). */
export const LOCAL_AGENT_ENV = 'ITERCREW_LOCAL_AGENT';

/** Heuristics a local tuner can use. */
export const HeuristicSchema = z.enum(['coordinate', 'random-search', 'revert-to-best']);
export type Heuristic = z.infer<typeof HeuristicSchema>;

/** A local agent's configuration, as passed by the `local` runtime. */
export const LocalAgentConfigSchema = z.object({
  /** Stable agent id, used as the ClawChat agent_id (so reconnects keep the identity). */
  agentId: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(['tuner', 'reviewer']),
  heuristic: z.string(),
  seed: z.number().int(),
  chat: z.object({ url: z.string(), key: z.string(), roomId: z.string() }),
  /**
   * Target definition file (absolute) and runs directory, to find the evaluate command; and the
   * definition as the conductor parsed it (validated again by the agent), which spares the
   * agent reading and parsing the file. Without it the agent loads the file.
   */
  target: z.object({ file: z.string(), runsDir: z.string(), definition: z.unknown().optional() }),
});
export type LocalAgentConfig = z.infer<typeof LocalAgentConfigSchema>;

/**
 * Reads and validates the configuration from the environment.
 * @throws Error with every bad field listed when the variable is missing or invalid.
 */
export function readLocalAgentConfig(env: NodeJS.ProcessEnv = process.env): LocalAgentConfig {
  const raw = env[LOCAL_AGENT_ENV];
  if (!raw) throw new Error(`${LOCAL_AGENT_ENV} is not set: the local agent is started by itercrew's local runtime`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${LOCAL_AGENT_ENV} is not JSON: ${(err as Error).message}`);
  }
  const parsed = LocalAgentConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${LOCAL_AGENT_ENV} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
