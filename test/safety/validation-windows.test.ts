import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import type { McpAgentConfigInput } from '../../orchestrator/mcp/agent-config.js';
import { call, connectMcp } from '../mcp/helpers.js';
import { makeSafetyHarness, ofType, type SafetyHarness } from './helpers/harness.js';
import { readEvalLog, writeKnobTarget } from './helpers/knob-target.js';

let h: SafetyHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const inside = (w: { from: number; to: number }, r: { from: number; to: number }) => w.from >= r.from && w.to <= r.to;
const overlaps = (w: { from: number; to: number }, r: { from: number; to: number }) => w.from < r.to && r.from < w.to;

describe('validation windows are never seen by agents (real iteration, local agents, knob target)', () => {
  it('the brief, the local agents’ evaluations and the backtest MCP tool stay on the in-sample windows; only the conductor evaluates the validation windows', async () => {
    h = await makeSafetyHarness({ target: (dir) => writeKnobTarget(dir, { validationWindows: 8, inSampleWindows: 6 }) });
    const team = [
      { role: 'tuner', runtime: 'local', heuristic: 'coordinate' },
      { role: 'tuner', runtime: 'local', heuristic: 'random-search' },
    ];
    const conductor = await h.open(h.settings({ team, safety: { acceptance: { method: 'mad', k: 2 } } }));
    const result = await conductor.runIteration();
    expect(['applied', 'reverted'], result.reason).toContain(result.status); // the team raised gain (and maybe jitter); the gate judged it
    const { events } = await conductor.runLog.read();
    expect(ofType(events, 'acceptance_checked', result.iterationId)).toHaveLength(1);

    // Walk-forward with 8 windows held out: in-sample 0..5, validation 6..13, live segment 14.
    const started = ofType(events, 'iteration_started', result.iterationId)[0]!;
    expect(started).toMatchObject({ inSample: { from: 0, to: 6 }, validation: { from: 6, to: 14 }, segment: { from: 14, to: 15 } });
    const brief = JSON.parse(await readFile(path.join(h.runsDir, 'knob', 'iterations', result.iterationId, 'brief.json'), 'utf8')) as BriefMetadata;
    expect(brief.inSample).toEqual({ from: 0, to: 6 });
    expect(JSON.stringify(brief)).not.toMatch(/validation/);

    // Who evaluated what: the evaluate fixture logs each request with its parent pid.
    const log = await readEvalLog(h.dir);
    const byAgents = log.filter((e) => e.ppid !== process.pid);
    const byConductor = log.filter((e) => e.ppid === process.pid);
    expect(new Set(byAgents.map((e) => e.ppid)).size).toBe(2); // both agents searched
    expect(byAgents.length).toBeGreaterThan(4);
    for (const e of byAgents) expect(inside(e.windows, brief.inSample), JSON.stringify(e.windows)).toBe(true);
    // The conductor did evaluate the validation windows (the gate) and the segment (measure) — so the log is not blind.
    expect(byConductor.some((e) => overlaps(e.windows, started.validation!))).toBe(true);
    expect(byConductor.some((e) => overlaps(e.windows, started.segment!))).toBe(true);

    // The backtest MCP tool of an LLM agent in the same room (the real brief): default and sub-ranges
    // are in-sample; the validation windows and the segment are refused.
    const client = await ClawChatClient.connect({ url: h.server.url, key: h.server.masterKey as string, name: 'probe', agentId: 'test-probe' });
    const room = (await client.listRooms()).find((r) => r.name.startsWith(`${result.iterationId}.`));
    await client.close();
    expect(room, 'the iteration room').toBeDefined();
    const configFile = path.join(h.dir, 'mcp-agent.json');
    const config: McpAgentConfigInput = {
      agentId: `${result.iterationId}.mcp-tuner`,
      name: 'mcp-tuner',
      role: 'tuner',
      iterationId: result.iterationId,
      chat: { url: h.server.url, key: h.server.masterKey as string, roomId: room!.room_id },
      target: { file: h.target.definitionFile, runsDir: h.runsDir },
      chatWaitMaxMs: 2_000,
      logFile: path.join(h.dir, 'mcp.log'),
    };
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const before = (await readEvalLog(h.dir)).length;
    const mcp = await connectMcp(configFile);
    try {
      const space = await call(mcp.client, 'param_space');
      expect(space.json.inSample).toEqual({ from: 0, to: 6 });
      const all = await call(mcp.client, 'backtest', { candidates: [{ changes: { gain: 6 } }] });
      expect(all.error, all.text).toBe(false);
      expect(all.json.windows).toEqual({ from: 0, to: 6 });
      expect(all.json.candidates[0].pnl).toBeGreaterThan(all.json.baseline.pnl);
      for (const windows of [started.validation!, { from: 4, to: 8 }, { from: 13, to: 14 }, started.segment!]) {
        const r = await call(mcp.client, 'backtest', { candidates: [{ changes: {} }], windows });
        expect(r.error, JSON.stringify(windows)).toBe(true);
        expect(r.text).toMatch(/are not inside the in-sample windows 0\.\.5/);
      }
    } finally {
      await mcp.close();
    }
    const fromMcp = (await readEvalLog(h.dir)).slice(before);
    expect(fromMcp.length).toBe(2); // baseline and the one candidate, nothing for the refused calls
    for (const e of fromMcp) expect(e.windows).toEqual({ from: 0, to: 6 });
  });
});
