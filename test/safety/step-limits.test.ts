import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import { makeSafetyHarness, ofType, SHORT_DEADLINES, type SafetyHarness } from './helpers/harness.js';
import { KNOB_SEED, writeKnobTarget, writeScript } from './helpers/knob-target.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const TEAM = [{ role: 'tuner', runtime: 'scripted' }];
/** Frozen by the settings (`pinned`) and by the target (`lock`); 25 % relative limit; 2 parameters per proposal. */
const SAFETY = { frozen: ['pinned', 'no_such_param_elsewhere'], maxRelativeChange: 0.25 };

/** Each bad proposal (from the seed gain 5, jitter 0, tilt 0.5, depth 100, lock 3, pinned 2) and the reason it must get. */
const BAD: Array<[Record<string, unknown>, string | RegExp]> = [
  [{ pinned: 3 }, 'pinned: frozen (by settings): no proposal may change it'],
  [{ lock: 4 }, 'lock: frozen (by target definition): no proposal may change it'],
  [{ lock: 3 }, 'lock: frozen (by target definition): no proposal may change it'], // even to its current value
  [{ gain: 7, pinned: 2 }, 'gain: change 5 → 7 is 40 % of the current value 5, above the max relative change of 25 % per iteration; pinned: frozen (by settings): no proposal may change it'], // every issue, in order
  [{ gain: 7 }, 'gain: change 5 → 7 is 40 % of the current value 5, above the max relative change of 25 % per iteration'],
  [{ jitter: 3 }, 'jitter: change 0 → 3 is 30 % of its range (the current value is 0), above the max relative change of 25 % per iteration'],
  [{ depth: 115 }, 'depth: change 100 → 115 is 15, above maxChange 10'], // within 25 %, beyond the space's maxChange
  [{ gain: 6, tilt: 0.55, depth: 101 }, 'changes 3 parameters; at most 2 per iteration (so results can be attributed)'],
  [{ gain: null }, 'gain: expected an integer, got null'], // NaN and Infinity become null in JSON
  [{ tilt: 'NaN' }, 'tilt: expected a number, got "NaN" (a string)'],
  [{ tilt: 'Infinity' }, 'tilt: expected a number, got "Infinity" (a string)'],
  [{ depth: '-Infinity' }, 'depth: expected a number, got "-Infinity" (a string)'],
  [{ gain: 1e309 }, 'gain: expected an integer, got null'], // a literal too big for a double parses as Infinity, is sent as null
];

async function run(script: Array<Record<string, unknown>>, options: { target?: Record<string, unknown>; proposeMs?: number } = {}) {
  h = await makeSafetyHarness({ target: (dir) => writeKnobTarget(dir, { safety: { frozen: ['lock'], ...options.target } }) });
  await writeScript(h.runsDir, 'tuner-1', script);
  const conductor = await h.open(h.settings({ team: TEAM, maxChangedParams: 2, safety: SAFETY, deadlines: { ...SHORT_DEADLINES, proposeMs: options.proposeMs ?? SHORT_DEADLINES.proposeMs } }));
  const git = simpleGit(h.target.repoDir);
  const before = { head: await git.revparse(['HEAD']), config: await readFile(h.target.configPath, 'utf8') };
  const result = await conductor.runIteration();
  const { events } = await conductor.runLog.read();
  const dir = path.join(h.runsDir, 'knob', 'iterations', result.iterationId);
  const transcript = (await readFile(path.join(dir, 'transcript.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as ChatMessage);
  const brief = JSON.parse(await readFile(path.join(dir, 'brief.json'), 'utf8')) as BriefMetadata;
  return { result, events, transcript, brief, git, before };
}

describe('step limits and attribution at proposal time (real iteration, scripted tuner)', () => {
  it('frozen parameters, relative and absolute step limits, too many parameters, NaN / Infinity / null / strings: each rejected with its reason; config and git untouched', async () => {
    // Nothing valid is ever proposed, so the phase lasts its (short) deadline: the agent may retry until then.
    const { result, events, transcript, brief, git, before } = await run(
      BAD.map(([c]) => c),
      { proposeMs: 5_000 },
    );
    const rejected = ofType(events, 'proposal_rejected', result.iterationId);
    expect(rejected.map((e) => e.reason)).toHaveLength(BAD.length);
    BAD.forEach(([changes, reason], i) => {
      const e = rejected[i]!;
      expect(e.agentId).toBe(`${result.iterationId}.tuner-1`);
      if (typeof reason === 'string') expect(e.reason).toBe(reason);
      else expect(e.reason).toMatch(reason);
      // The raw changes are kept as sent (1e309 arrives as null).
      expect(e.changes).toEqual(JSON.parse(JSON.stringify(changes)));
    });
    // The room heard each reason as a reply to the proposal.
    const proposals = transcript.filter((m) => (m.metadata as { kind?: string } | undefined)?.kind === 'proposal');
    const replies = transcript.filter((m) => m.content.startsWith('rejected: '));
    expect(replies.map((m) => m.content)).toEqual(rejected.map((e) => `rejected: ${e.reason}`));
    expect(replies.map((m) => m.reply_to_message)).toEqual(proposals.map((m) => m.message_id));
    expect(ofType(events, 'proposal_received', result.iterationId)).toEqual([]);
    // Nothing valid: no vote, the current config stays; config file and git untouched.
    expect(result.status, result.reason).toBe('no_change');
    expect(result.reason).toMatch(/no valid change was proposed/);
    expect(ofType(events, 'config_committed')).toEqual([]);
    expect(await git.revparse(['HEAD'])).toBe(before.head);
    expect(await readFile(h!.target.configPath, 'utf8')).toBe(before.config);
    expect((await git.status()).isClean()).toBe(true);
    expect(JSON.parse(before.config)).toEqual(KNOB_SEED);
    // The brief told the team the limits (unknown names in the settings' list are dropped).
    expect(brief.stepLimits).toEqual({ frozen: [{ param: 'pinned', by: 'settings' }, { param: 'lock', by: 'target definition' }], maxRelativeChange: 0.25 });
    expect(brief.maxChangedParams).toBe(2);
    expect((brief.space as Record<string, { frozen?: boolean }>).lock!.frozen).toBe(true);
    expect((brief.space as Record<string, { frozen?: boolean }>).gain!.frozen).toBeUndefined();
  });

  it('a rejected agent may fix its proposal and retry; the target’s own relative limit overrides the settings’', async () => {
    const { result, events, git, before } = await run([{ gain: 8 }, { tilt: 0.5, lock: 3 }, { gain: 7 }], { target: { maxRelativeChange: 0.5 } });
    expect(ofType(events, 'proposal_rejected', result.iterationId).map((e) => e.reason)).toEqual([
      'gain: change 5 → 8 is 60 % of the current value 5, above the max relative change of 50 % per iteration',
      'lock: frozen (by target definition): no proposal may change it',
    ]);
    expect(ofType(events, 'proposal_received', result.iterationId)).toEqual([expect.objectContaining({ option: 1, changes: { gain: 7 } })]);
    expect(result.status, result.reason).toBe('applied');
    expect(JSON.parse(await readFile(h!.target.configPath, 'utf8'))).toEqual({ ...KNOB_SEED, gain: 7 });
    expect((await git.log()).all[1]!.hash).toBe(before.head);
  });
});
