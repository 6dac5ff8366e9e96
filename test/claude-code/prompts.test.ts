import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import { defaultPromptsDir, renderAgentPrompt, saveAgentPrompt, templateFor } from '../../prompts/agent-prompt.js';
import { PromptTemplateError, renderTemplate } from '../../prompts/render-template.js';

const brief: BriefMetadata = {
  kind: 'brief',
  iterationId: 'strategy-c-tune-000007',
  n: 7,
  iterationKind: 'tune',
  target: 'strategy-c',
  params: { half_spread_base: 0.025, bid_size: 8, fee_schedule: 'rate' },
  commit: 'abcdef0123456789abcdef0123456789abcdef01',
  space: {
    half_spread_base: { type: 'float', min: 0.005, max: 0.1, step: 0.005, maxChange: 0.015, unit: 'USDC/share', description: 'Opening bid distance below fair value.' },
    bid_size: { type: 'int', min: 5, max: 20, step: 1, maxChange: 3, unit: 'shares' },
    fee_schedule: { type: 'enum', values: ['rate', 'quartic'], frozen: true },
  },
  invariants: [{ name: 'pair-cost guard', expr: 'pair_cost_max < 1.0' }],
  inSample: { from: 18, to: 66 },
  objective: { metric: 'pnl', direction: 'maximise' },
  history: [
    { n: 5, iterationId: 'strategy-c-tune-000005', kind: 'tune', status: 'applied', diff: 'bid_size: 7 → 8', pnl: -1.25, baselinePnl: -1.5, commit: '1234567890abcdef', params: null },
    { n: 6, iterationId: 'strategy-c-tune-000006', kind: 'tune', status: 'no_change', diff: 'no change', pnl: 0.5, baselinePnl: null, commit: null, params: null },
  ],
  deadlines: { propose: '2026-11-22T10:01:15.000Z', vote: '2026-11-22T10:01:35.000Z', decide: '2026-11-22T10:01:57.000Z' },
  maxChangedParams: 2,
};
const agent = { name: 'tuner-2', agentId: 'strategy-c-tune-000007.tuner-2', role: 'tuner' as const };

describe('agent prompts (prompts/)', () => {
  it('renderTemplate fills placeholders and refuses unknown ones, naming the known ones', () => {
    expect(renderTemplate('a {{x}} b {{ y }}', { x: '1', y: '2' }, 't.md')).toBe('a 1 b 2');
    expect(() => renderTemplate('{{x}} {{nope}}', { x: '1' }, 'edited.md')).toThrow(PromptTemplateError);
    expect(() => renderTemplate('{{nope}}', { x: '1' }, 'edited.md')).toThrow('edited.md: unknown placeholder(s) {{nope}}; known: x');
  });

  it('the tuner prompt carries the brief: iteration, config, space with bounds, history with PnL, objective, deadlines, lessons, leader duties', async () => {
    const p = await renderAgentPrompt(defaultPromptsDir(), brief, agent);
    expect(p.template).toBe('tuner.md');
    expect(p.text).toContain('# Iteration 7 of strategy-c — you are tuner-2 (tuner)');
    expect(p.text).toContain('Objective: maximise pnl');
    expect(p.text).toContain('in-sample windows 18..65');
    expect(p.text).toContain('## Current config (commit abcdef0)');
    expect(p.text).toContain('- half_spread_base = 0.025');
    expect(p.text).toContain('- half_spread_base (float, USDC/share): 0.005..0.1, step 0.005, at most ±0.015 per iteration; now 0.025 — Opening bid distance below fair value.');
    expect(p.text).toContain('- bid_size (int, shares): 5..20, step 1, at most ±3 per iteration; now 8');
    expect(p.text).not.toContain('- fee_schedule ('); // frozen: not offered
    expect(p.text).toContain('- pair-cost guard: pair_cost_max < 1.0');
    expect(p.text).toContain('- #5 applied: bid_size: 7 → 8; PnL -1.25 (previous config on the same segment: -1.5); commit 1234567');
    expect(p.text).toContain('- #6 no_change: no change; PnL 0.5');
    expect(p.text).toContain('At most 2 parameter(s)');
    expect(p.text).toContain('Before 2026-11-22T10:01:15.000Z');
    expect(p.text).toContain('Check that a parameter actually changes the output');
    expect(p.text).toContain('pair cost');
    expect(p.text).toContain('one or two parameters per iteration');
    expect(p.text).toContain('If you are elected leader');
    expect(p.text).toContain('Decide before 2026-11-22T10:01:57.000Z');
    expect(p.text).not.toMatch(/\{\{/);
    expect(p.system).toContain('You are tuner-2, an agent of itercrew');
  });

  it('reviewers and review iterations get their own templates', async () => {
    expect(templateFor('tune', 'reviewer')).toBe('reviewer.md');
    expect(templateFor('review', 'tuner')).toBe('review-iteration.md');
    const reviewer = await renderAgentPrompt(defaultPromptsDir(), brief, { ...agent, name: 'reviewer-1', role: 'reviewer' });
    expect(reviewer.text).toContain('you are reviewer-1 (reviewer)');
    const review = await renderAgentPrompt(defaultPromptsDir(), { ...brief, iterationKind: 'review' }, agent);
    expect(review.text).toContain('# Review iteration 7 of strategy-c');
    expect(review.text).toContain('- #5 applied: bid_size: 7 → 8');
  });

  it('users edit the templates: an edited copy is used, a typo fails loudly, the rendered prompt is saved', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-prompts-'));
    try {
      await cp(defaultPromptsDir(), dir, { recursive: true, filter: (f) => !f.endsWith('.ts') });
      await writeFile(path.join(dir, 'tuner.md'), 'Be bold, {{agent_name}}. Config:\n{{current_config}}\n{{leader_duties}}');
      const saved = await saveAgentPrompt(dir, brief, agent, dir);
      expect(saved.text.startsWith('Be bold, tuner-2. Config:\n- half_spread_base = 0.025')).toBe(true);
      const file = await readFile(path.join(dir, 'tuner-2.prompt.md'), 'utf8');
      expect(file).toContain('Be bold, tuner-2.');
      expect(file).toContain('---- appended system prompt (system.md) ----');
      await writeFile(path.join(dir, 'tuner.md'), 'Hello {{agent_nmae}}');
      await expect(renderAgentPrompt(dir, brief, agent)).rejects.toThrow(/tuner\.md: unknown placeholder\(s\) \{\{agent_nmae\}\}; known: agent_id, agent_name/);
      await rm(path.join(dir, 'lessons.md'));
      await expect(renderAgentPrompt(dir, brief, agent)).rejects.toThrow(/cannot read the prompt template .*lessons\.md/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
