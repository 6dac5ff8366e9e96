import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunLogEvent } from '../../orchestrator/runlog/events/run-log-event.js';
import { writeReport } from '../../orchestrator/report/write-report.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';
import { processGroupAlive } from '../../workers/runtimes/process-group.js';
import { CLAUDE, makeRealHarness, type RealHarness } from '../claude-code/real-harness.js';
import { toolExchanges } from '../fixtures/claude/conversation.js';
import { reviewerBrain } from '../fixtures/claude/reviewer-brain.js';
import { fixture } from '../safety/helpers/harness.js';
import { writeGuardedTarget } from '../safety/helpers/targets.js';

let h: RealHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

const ofType = <T extends RunLogEvent['type']>(events: RunLogEvent[], type: T, iterationId: string) =>
  events.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type && e.iterationId === iterationId);

/** What each agent did, for failure messages. */
function conversations(harness: RealHarness): string {
  const last = new Map<string | null, (typeof harness.api.requests)[number]>();
  for (const r of harness.api.requests) last.set(r.sessionId, r);
  return [...last.values()].map((r) => toolExchanges(r).map((e) => `  ${e.name} ${JSON.stringify(e.input)} → ${e.isError ? 'ERROR ' : ''}${e.text.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')).join('\n---\n');
}

describe.skipIf(!CLAUDE)('a review iteration with real Claude Code reviewers (scripted Messages API)', () => {
  it('they post findings and actions through the MCP tools, vote, the leader decides, the conductor reverts; a bad action is refused with the reason', async () => {
    h = await makeRealHarness(reviewerBrain({ 'reviewer-2': { badActions: [{ kind: 'freeze', param: 'nope' }] } }), {
      target: (dir) => writeGuardedTarget(dir),
      runtimes: { scripted: new LocalRuntime({ program: fixture('safety', 'fixtures', 'scripted-tuner.mjs') }) },
    });
    const reviewer = { role: 'reviewer', runtime: 'claude-code', model: 'claude-sonnet-4-5', maxTurns: 30, maxBudgetUsd: 1 };
    const conductor = await h.open(
      h.settings({
        team: [{ role: 'tuner', runtime: 'scripted', name: 'tuner-1' }],
        review: { team: [{ ...reviewer, name: 'reviewer-1' }, { ...reviewer, name: 'reviewer-2' }] },
      }),
    );
    // A history: size 8 earned the most, then two changes made it worse.
    const tunes = [];
    for (const size of [8, 5, 3]) {
      await mkdir(path.join(h.dir, 'scripted'), { recursive: true });
      await writeFile(path.join(h.dir, 'scripted', 'tuner-1.json'), JSON.stringify({ proposals: [{ size }] }));
      const t = await conductor.runIteration();
      expect(t.status, t.reason).toBe('applied');
      tunes.push(t);
    }
    const best = tunes[0]!.commit!;

    const review = await conductor.runIteration({ kind: 'review' });
    const { events } = await conductor.runLog.read();
    const id = review.iterationId;
    const exits = ofType(events, 'agent_exited', id);
    expect(review.status, `${review.reason}\n${exits.map((e) => `${e.agentId}: ${e.reason}`).join('\n')}\n${conversations(h)}`).toBe('reverted');
    expect(review.reason).toMatch(new RegExp(`^review: reviewer-[12] chose option 1, revert to ${best.slice(0, 7)} \\(size: 3 → 8\\)$`));

    const ids = [`${id}.reviewer-1`, `${id}.reviewer-2`];
    expect(ofType(events, 'agent_spawned', id).map((e) => [e.agentId, e.runtime])).toEqual(ids.map((a) => [a, 'claude-code']));
    // Findings posted with post_finding, under each agent's own identity.
    const findings = ofType(events, 'finding_posted', id);
    expect(findings.map((f) => f.agentId).sort()).toEqual(ids);
    for (const f of findings) {
      expect(f.text).toMatch(new RegExp(`^reviewer-[12]: the best config under review is ${best.slice(0, 7)} \\(mean holdout PnL [\\d.]+ over iterations 1\\); the config in force has [\\d.]+$`));
      expect(f.evidence).toMatchObject({ bestCommit: best });
    }
    // reviewer-2's bad action came back as a tool error with the conductor's reason; it then proposed again.
    expect(ofType(events, 'action_rejected', id)).toEqual([expect.objectContaining({ agentId: ids[1], action: { kind: 'freeze', param: 'nope' }, reason: "nope: unknown parameter (not in the target's space)" })]);
    const r2 = h.api.requests.filter((r) => /you are reviewer-2 \(reviewer\)/.test(JSON.stringify(r.body.messages[0] ?? ''))).at(-1)!;
    const refused = toolExchanges(r2).find((e) => e.name === 'propose_action' && e.isError)!;
    expect(refused.text).toContain("the conductor rejected it: nope: unknown parameter (not in the target's space)");
    expect(ofType(events, 'action_proposed', id).map((p) => [p.agentId, p.option, p.action]).sort()).toEqual(ids.map((a) => [a, 1, { kind: 'revert', commit: best }]));
    // The sealed vote, the election and the leader's decision.
    expect(ofType(events, 'vote_closed', id)[0]!.ballots.map((b) => [b.agentId, b.optionIndex]).sort()).toEqual(ids.map((a) => [a, 1]));
    const leader = ofType(events, 'leader_elected', id)[0]!.leaderId;
    expect(ofType(events, 'decision_made', id)[0]).toMatchObject({ by: leader, option: 1 });
    expect(review.decision).toMatchObject({ option: 1, fallback: false, byName: leader.split('.').at(-1) });
    // The conductor carried it out.
    expect(ofType(events, 'config_reverted', id)[0]).toMatchObject({ by: 'review', restored: best, commit: review.commit });
    expect(JSON.parse(await readFile(h.target.configPath, 'utf8'))).toEqual({ size: 8, edge: 0.5 });
    expect((await simpleGit(h.target.repoDir).log()).latest!.body).toContain(`Itercrew-Restores: ${best}`);
    for (const e of exits) {
      expect(e.exitCode, e.reason).toBe(0);
      expect(e.costUsd).toBeGreaterThan(0);
    }
    for (const e of ofType(events, 'agent_spawned', id)) expect(processGroupAlive(e.pid!)).toBe(false);
    // The prompts were the review template.
    const prompt = await readFile(path.join(h.dir, 'guarded', 'iterations', id, 'reviewer-1.prompt.md'), 'utf8');
    expect(prompt).toContain('— you are reviewer-1 (reviewer)');

    // The report lists the findings and the decision.
    const markdown = await readFile((await writeReport({ runsDir: h.dir, target: 'guarded', format: 'md' })).file, 'utf8');
    const html = await readFile(path.join(h.dir, 'guarded', 'report.html'), 'utf8');
    for (const doc of [markdown, html]) {
      expect(doc).toContain(`reviewer-1: the best config under review is ${best.slice(0, 7)}`);
      expect(doc).toContain(`reviewer-2: the best config under review is ${best.slice(0, 7)}`);
      expect(doc).toContain(`restored the config of ${best.slice(0, 7)} with ${review.commit!.slice(0, 7)}`);
      expect(doc).toContain('nope: unknown parameter (not in the target'); // HTML escapes the apostrophe
    }
  }, 120_000);
});
