import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefMetadata } from '../orchestrator/iteration/room-messages.js';
import { projectRoot } from '../orchestrator/paths.js';
import { formatNumber } from '../orchestrator/target/space/grid.js';
import { PromptTemplateError, renderTemplate } from './render-template.js';

/** The folder of the shipped templates (`<package>/prompts`). Users edit them there, or point settings.promptsDir at a copy. */
export function defaultPromptsDir(): string {
  return path.join(projectRoot(), 'prompts');
}

/** Who the prompt is for. */
export interface PromptAgent {
  name: string;
  agentId: string;
  role: 'tuner' | 'reviewer';
}

/** A rendered prompt: the role prompt (the CLI's user prompt) and the system prompt appended to the CLI's own. */
export interface RenderedPrompt {
  /** Template file the role prompt came from, e.g. `tuner.md`. */
  template: string;
  text: string;
  system: string;
}

/**
 * The template for a role in an iteration: `review-iteration.md` for review iterations, else
 * `tuner.md` or `reviewer.md`. Every prompt also includes `lessons.md` ({{lessons}}) and
 * `leader.md` ({{leader_duties}}); `system.md` is the appended system prompt.
 */
export function templateFor(kind: BriefMetadata['iterationKind'], role: PromptAgent['role']): string {
  if (kind === 'review') return 'review-iteration.md';
  return role === 'tuner' ? 'tuner.md' : 'reviewer.md';
}

const v = (x: unknown): string => (typeof x === 'number' ? formatNumber(x) : String(x));

/**
 * The placeholder values of a brief, as text: iteration, agent, current config, space with bounds,
 * invariants, the last K iterations (diff, PnL, the previous config's PnL on the same segment),
 * objective, in-sample windows and the phase deadlines.
 */
export function promptVariables(brief: BriefMetadata, agent: PromptAgent): Record<string, string> {
  const space = Object.entries(brief.space)
    .filter(([, s]) => s.frozen !== true)
    .map(([name, s]) => {
      const range = s.type === 'enum' ? `one of ${(s.values ?? []).map(v).join(', ')}` : s.type === 'bool' ? 'true or false' : `${v(s.min)}..${v(s.max)}${s.step !== undefined ? `, step ${v(s.step)}` : ''}${s.maxChange !== undefined ? `, at most ±${v(s.maxChange)} per iteration` : ''}`;
      return `- ${name} (${s.type}${s.unit ? `, ${s.unit}` : ''}): ${range}; now ${v(brief.params[name])}${s.description ? ` — ${s.description}` : ''}`;
    });
  const limits = brief.stepLimits;
  if (limits?.frozen.length) space.push(`- frozen, do not change: ${limits.frozen.map((f) => `${f.param} (by ${f.by})`).join(', ')}`);
  if (limits?.maxRelativeChange !== undefined) space.push(`- every numeric parameter may move at most ${v(limits.maxRelativeChange * 100)} % of its current value per iteration`);
  const history = brief.history.length
    ? brief.history.map(
        (h) =>
          `- #${h.n} ${h.status}: ${h.diff}; PnL ${h.pnl === null ? 'n/a' : v(h.pnl)}${h.baselinePnl !== null && h.baselinePnl !== undefined ? ` (previous config on the same segment: ${v(h.baselinePnl)})` : ''}${h.commit ? `; commit ${h.commit.slice(0, 7)}` : ''}` +
          `${h.configCommit && h.configCommit !== h.commit ? `; config in force ${h.configCommit.slice(0, 7)}` : ''}${h.flags?.length ? `; flags: ${h.flags.join(', ')}` : ''}${h.gate && !h.gate.kept ? `; ${h.gate.reason}` : ''}`,
      )
    : ['- none yet: this is the first iteration.'];
  return {
    agent_name: agent.name,
    agent_id: agent.agentId,
    role: agent.role,
    target: brief.target,
    iteration_id: brief.iterationId,
    iteration_n: String(brief.n),
    iteration_kind: brief.iterationKind,
    commit: brief.commit.slice(0, 7),
    current_config: Object.entries(brief.params).map(([k, x]) => `- ${k} = ${v(x)}`).join('\n'),
    space: space.join('\n'),
    invariants: brief.invariants.length ? brief.invariants.map((i) => `- ${i.name}: ${i.expr}`).join('\n') : '- none',
    max_changed_params: String(brief.maxChangedParams),
    in_sample: `${brief.inSample.from}..${brief.inSample.to - 1}`,
    objective: `${brief.objective.direction} ${brief.objective.metric}`,
    history: history.join('\n'),
    deadline_propose: brief.deadlines.propose,
    deadline_vote: brief.deadlines.vote,
    deadline_decide: brief.deadlines.decide,
  };
}

async function load(dir: string, file: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    throw new PromptTemplateError(`cannot read the prompt template ${path.join(dir, file)}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Renders an agent's prompts from the templates in `dir` and the brief.
 * @throws PromptTemplateError for a missing template or an unknown placeholder.
 */
export async function renderAgentPrompt(dir: string, brief: BriefMetadata, agent: PromptAgent): Promise<RenderedPrompt> {
  const vars = promptVariables(brief, agent);
  const template = templateFor(brief.iterationKind, agent.role);
  const [main, lessons, leader, system] = await Promise.all([load(dir, template), load(dir, 'lessons.md'), load(dir, 'leader.md'), load(dir, 'system.md')]);
  const full = { ...vars, lessons: renderTemplate(lessons, vars, 'lessons.md').trim(), leader_duties: renderTemplate(leader, vars, 'leader.md').trim() };
  return { template, text: renderTemplate(main, full, template), system: renderTemplate(system, full, 'system.md') };
}

/**
 * Renders an agent's prompts and saves them with the iteration: `<iterationDir>/<name>.prompt.md`
 * (the role prompt, then the appended system prompt under a separator line).
 * @throws PromptTemplateError (see {@link renderAgentPrompt}).
 */
export async function saveAgentPrompt(dir: string, brief: BriefMetadata, agent: PromptAgent, iterationDir: string): Promise<RenderedPrompt> {
  const rendered = await renderAgentPrompt(dir, brief, agent);
  await writeFile(path.join(iterationDir, `${agent.name}.prompt.md`), `${rendered.text.trimEnd()}\n\n---- appended system prompt (system.md) ----\n\n${rendered.system}`);
  return rendered;
}
