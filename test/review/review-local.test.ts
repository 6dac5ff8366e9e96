import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conductor } from '../../orchestrator/iteration/conductor.js';
import { writeReport } from '../../orchestrator/report/write-report.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';
import { fixture, makeSafetyHarness, ofType, type SafetyHarness } from '../safety/helpers/harness.js';
import { writeGuardedTarget } from '../safety/helpers/targets.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** Tune iterations through the scripted tuner (test/safety/fixtures/scripted-tuner.mjs): it proposes what is written for it. */
const SCRIPTED_TEAM = [{ role: 'tuner', runtime: 'scripted', name: 'tuner-1' }];
/** Two local reviewers: the deterministic review rules of workers/local-agent/review-rules.ts. */
const LOCAL_REVIEWERS = [
  { role: 'reviewer', runtime: 'local', name: 'reviewer-1' },
  { role: 'reviewer', runtime: 'local', name: 'reviewer-2' },
];

/** Writes what the scripted agent `name` will post in the next iteration. */
async function script(harness: SafetyHarness, name: string, content: Record<string, unknown>): Promise<void> {
  await mkdir(path.join(harness.runsDir, 'scripted'), { recursive: true });
  await writeFile(path.join(harness.runsDir, 'scripted', `${name}.json`), JSON.stringify(content));
}

/** A tune iteration whose tuner proposes `proposals` in turn (the first accepted one is decided). */
async function tune(harness: SafetyHarness, conductor: Conductor, ...proposals: Record<string, unknown>[]) {
  await script(harness, 'tuner-1', { proposals });
  return conductor.runIteration();
}

async function config(harness: SafetyHarness): Promise<Record<string, number>> {
  return JSON.parse(await readFile(harness.target.configPath, 'utf8')) as Record<string, number>;
}

describe('review iterations with local agents (guarded target, real chat, real git)', () => {
  it('a regression against the best config: findings, a sealed vote, the leader decides, the conductor reverts; the report lists it', async () => {
    h = await makeSafetyHarness({ target: (dir) => writeGuardedTarget(dir) });
    const conductor = await h.open(h.settings({ team: SCRIPTED_TEAM, review: { iterations: 12, team: LOCAL_REVIEWERS } }));
    // size earns ≈ size per window: 8 is the best config, then two changes made it worse.
    const t1 = await tune(h, conductor, { size: 8 });
    const t2 = await tune(h, conductor, { size: 5 });
    const t3 = await tune(h, conductor, { size: 3 });
    for (const t of [t1, t2, t3]) expect(t.status, t.reason).toBe('applied');
    expect(t1.pnl!).toBeGreaterThan(t2.pnl!);
    expect(t2.pnl!).toBeGreaterThan(t3.pnl!);
    const best = t1.commit!;

    const review = await conductor.runIteration({ kind: 'review' });
    expect(review.kind).toBe('review');
    expect(review.status, review.reason).toBe('reverted');
    expect(review.reason).toMatch(new RegExp(`^review: reviewer-[12] chose option 1, revert to ${best.slice(0, 7)} \\(size: 3 → 8\\)$`));
    expect(review.diff).toBe('size: 3 → 8');

    const { events } = await conductor.runLog.read();
    const id = review.iterationId;
    // Findings: each reviewer posts the regression with its numbers.
    const findings = ofType(events, 'finding_posted', id);
    expect(findings.map((f) => f.agentName).sort()).toEqual(['reviewer-1', 'reviewer-2']);
    for (const f of findings) {
      expect(f.text).toMatch(new RegExp(`^recent holdout PnL is below the best config's: mean \\+[\\d.]+ over #1, #2, #3 against \\+[\\d.]+ for the config of ${best.slice(0, 7)} \\(iterations #1\\)$`));
      expect(f.evidence).toMatchObject({ bestCommit: best, recentIterations: [1, 2, 3], bestIterations: [1] });
    }
    // Both proposed the same revert: one vote option; a sealed vote with both ballots; a leader decided it.
    const proposed = ofType(events, 'action_proposed', id);
    expect(proposed.map((p) => [p.option, p.action])).toEqual([
      [1, { kind: 'revert', commit: best }],
      [1, { kind: 'revert', commit: best }],
    ]);
    const vote = ofType(events, 'vote_closed', id)[0]!;
    expect(vote.ballots.map((b) => b.optionIndex)).toEqual([1, 1]);
    const leader = ofType(events, 'leader_elected', id)[0]!;
    const decision = ofType(events, 'decision_made', id)[0]!;
    expect(decision).toMatchObject({ option: 1, by: leader.leaderId });
    // The conductor carried it out: a new commit restoring the best config's params, recorded as reverted by the review.
    const reverted = ofType(events, 'config_reverted', id)[0]!;
    expect(reverted).toMatchObject({ by: 'review', restored: best, commit: review.commit });
    expect(ofType(events, 'action_taken', id)[0]).toMatchObject({ action: { kind: 'revert', commit: best }, done: true, commit: review.commit, by: leader.leaderId });
    expect(await config(h)).toEqual({ size: 8, edge: 0.5 });
    const log = await simpleGit(h.target.repoDir).log();
    expect(log.all.map((c) => c.hash).slice(0, 4)).toEqual([review.commit, t3.commit, t2.commit, t1.commit]); // history keeps everything
    expect(log.all[0]!.body).toContain(`Itercrew-Restores: ${best}`);
    expect(log.all[0]!.body).toContain(`Itercrew-Iteration: ${id}`);
    // The review's config is then measured on the live segment.
    expect(review.pnl).toBeGreaterThan(t3.pnl!);

    // The report lists the findings and the decided action (HTML refreshed by the conductor; Markdown on demand).
    const html = await readFile(path.join(h.runsDir, 'guarded', 'report.html'), 'utf8');
    const md = (await writeReport({ runsDir: h.runsDir, target: 'guarded', format: 'md' })).file;
    const markdown = await readFile(md, 'utf8');
    for (const doc of [html, markdown]) {
      expect(doc).toContain('Review iterations');
      expect(doc).toContain("recent holdout PnL is below the best config");
      expect(doc).toContain(`revert to ${best.slice(0, 7)}`);
      expect(doc).toContain(`restored the config of ${best.slice(0, 7)} with ${review.commit!.slice(0, 7)}`);
    }
    const reviews = markdown.slice(markdown.indexOf('Review iterations'));
    expect(reviews).toMatch(/reviewer-[12]/);
  }, 120_000);

  it('a freeze: a parameter the probe flagged as dead is frozen by the review; later proposals that change it are rejected with the reason', async () => {
    h = await makeSafetyHarness({
      target: async (dir) => {
        // The guarded target with a third parameter its evaluate command ignores.
        const file = await writeGuardedTarget(dir, {}, {
          space: {
            size: { type: 'int', min: 1, max: 20, step: 1, maxChange: 3 },
            edge: { type: 'float', min: 0, max: 1, step: 0.1, maxChange: 0.2 },
            unused: { type: 'int', min: 0, max: 10, step: 1, maxChange: 3 },
          },
        });
        await writeFile(path.join(dir, 'guarded.seed.json'), JSON.stringify({ size: 5, edge: 0.5, unused: 1 }, null, 2) + '\n');
        return file;
      },
    });
    const conductor = await h.open(h.settings({ team: SCRIPTED_TEAM, safety: { deadParameterProbe: true }, review: { iterations: 12, team: LOCAL_REVIEWERS } }));
    const t1 = await tune(h, conductor, { unused: 2 });
    expect(t1.status, t1.reason).toBe('applied');
    let { events } = await conductor.runLog.read();
    expect(ofType(events, 'parameter_flagged', t1.iterationId).map((f) => f.param)).toEqual(['unused']);

    const review = await conductor.runIteration({ kind: 'review' });
    expect(review.status, review.reason).toBe('applied');
    expect(review.reason).toMatch(/^review: reviewer-[12] chose option 1; froze unused: no later proposal may change it$/);
    expect(review.commit).toBeNull();
    ({ events } = await conductor.runLog.read());
    expect(ofType(events, 'finding_posted', review.iterationId)[0]!.text).toMatch(/^unused appears to have no effect: the dead-parameter probe flagged it in #1/);
    expect(ofType(events, 'action_taken', review.iterationId)[0]).toMatchObject({ action: { kind: 'freeze', param: 'unused' }, done: true });
    expect(await config(h)).toEqual({ size: 5, edge: 0.5, unused: 2 });

    // The next tune iteration: a proposal changing `unused` is rejected with the reason; the tuner's next one is decided.
    const t2 = await tune(h, conductor, { unused: 3 }, { unused: 3, size: 6 }, { size: 6 });
    expect(t2.status, t2.reason).toBe('applied');
    expect(t2.diff).toBe('size: 5 → 6');
    ({ events } = await conductor.runLog.read());
    const rejected = ofType(events, 'proposal_rejected', t2.iterationId);
    expect(rejected.map((r) => r.reason)).toEqual([
      `unused: frozen (by review iteration #${review.n}): no proposal may change it`,
      `unused: frozen (by review iteration #${review.n}): no proposal may change it`,
    ]);
    expect(await config(h)).toEqual({ size: 6, edge: 0.5, unused: 2 });
    // The brief the agents got says so.
    const brief = JSON.parse(await readFile(path.join(h.runsDir, 'guarded', 'iterations', t2.iterationId, 'brief.json'), 'utf8'));
    expect(JSON.stringify(brief)).toContain('review iteration #2');
  }, 120_000);

  it('bad action proposals are rejected with the reason and change nothing', async () => {
    h = await makeSafetyHarness({
      target: (dir) => writeGuardedTarget(dir),
      runtimes: { 'scripted-reviewer': new LocalRuntime({ program: fixture('review', 'fixtures', 'scripted-reviewer.mjs') }) },
    });
    const conductor = await h.open(h.settings({ team: SCRIPTED_TEAM, review: { team: [{ role: 'reviewer', runtime: 'scripted-reviewer', name: 'reviewer-1' }] } }));
    const t1 = await tune(h, conductor, { size: 6 });
    expect(t1.status, t1.reason).toBe('applied');
    const head = t1.commit!;
    await script(h, 'reviewer-1', {
      findings: [{ subject: 'size', text: 'scripted finding about size', evidence: { iterations: [1] } }, { text: '' }],
      actions: [
        { kind: 'revert', commit: 'deadbeef' },
        { kind: 'revert', commit: 'not-a-sha' },
        { kind: 'freeze', param: 'nope' },
        { kind: 'revert', commit: head },
        { kind: 'unfreeze', param: 'size' },
        { kind: 'launch', param: 'size' },
        { kind: 'keep' },
      ],
    });
    const review = await conductor.runIteration({ kind: 'review' });
    expect(review.status, review.reason).toBe('no_change');
    const { events } = await conductor.runLog.read();
    const rejected = ofType(events, 'action_rejected', review.iterationId);
    expect(rejected.map((r) => r.reason)).toEqual([
      "commit deadbeef is not a commit of the config file in the target's history",
      expect.stringMatching(/^malformed action proposal: action\.commit: a commit sha \(7–40 hex digits\)/),
      "nope: unknown parameter (not in the target's space)",
      `the config at ${head.slice(0, 7)} is the one in force: nothing to revert`,
      'size is not frozen',
      expect.stringMatching(/^malformed action proposal: action(\.kind)?: /),
    ]);
    expect(ofType(events, 'action_proposed', review.iterationId)).toEqual([expect.objectContaining({ option: 0, action: { kind: 'keep' } })]);
    // The valid finding is recorded, the empty one is not.
    expect(ofType(events, 'finding_posted', review.iterationId).map((f) => f.text)).toEqual(['scripted finding about size']);
    expect(ofType(events, 'action_taken', review.iterationId)[0]).toMatchObject({ action: { kind: expect.stringMatching(/^(keep|no_action)$/) }, done: true }); // option 0: nothing changes
    expect(await config(h)).toEqual({ size: 6, edge: 0.5 });
    expect((await simpleGit(h.target.repoDir).log()).latest!.hash).toBe(head);
  }, 90_000);

  it('the vote waits for every reviewer: a ballot cast 6 s after the vote opened still counts', async () => {
    h = await makeSafetyHarness({
      target: (dir) => writeGuardedTarget(dir),
      runtimes: { 'scripted-reviewer': new LocalRuntime({ program: fixture('review', 'fixtures', 'scripted-reviewer.mjs') }) },
    });
    const reviewers = ['reviewer-1', 'reviewer-2'].map((name) => ({ role: 'reviewer', runtime: 'scripted-reviewer', name }));
    const conductor = await h.open(h.settings({ team: SCRIPTED_TEAM, review: { team: reviewers } }));
    const t1 = await tune(h, conductor, { size: 8 });
    const t2 = await tune(h, conductor, { size: 5 });
    for (const t of [t1, t2]) expect(t.status, t.reason).toBe('applied');
    const revert = { kind: 'revert', commit: t1.commit };
    await script(h, 'reviewer-1', { actions: [revert] });
    await script(h, 'reviewer-2', { actions: [revert], voteDelayMs: 6_000 });
    const review = await conductor.runIteration({ kind: 'review' });
    expect(review.status, review.reason).toBe('reverted');
    const { events } = await conductor.runLog.read();
    const [closed] = ofType(events, 'vote_closed', review.iterationId);
    expect(closed?.ballots.map((b) => b.agentName).sort()).toEqual(['reviewer-1', 'reviewer-2']);
    expect(closed?.ballots.every((b) => b.optionIndex === 1)).toBe(true);
    expect(await config(h)).toEqual({ size: 8, edge: 0.5 });
  }, 120_000);
});
