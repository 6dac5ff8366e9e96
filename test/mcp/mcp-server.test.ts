import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import { metadataKind } from '../../orchestrator/iteration/room-messages.js';
import { MCP_TOOL_NAMES } from '../../orchestrator/mcp/tool-names.js';
import { call, connectMcp, makeRoom, OPT_OUT_MS, type McpRoom } from './helpers.js';

let room: McpRoom;
const closers: Array<() => Promise<void>> = [];
beforeEach(async () => {
  room = await makeRoom();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c().catch(() => undefined);
  await room.cleanup();
});

async function agent(name = 'tuner-1', overrides = {}) {
  const mcp = await connectMcp(await room.agentConfig(name, overrides));
  closers.push(mcp.close);
  return mcp.client;
}

async function history(): Promise<ChatMessage[]> {
  return (await room.conductor.getHistory({ room_id: room.roomId, since_seq: 0, limit: 200 })).messages;
}

/** The conductor's part for proposals: answer each with an ack (option 1) or a rejection. */
function answerProposals(mode: 'ack' | 'reject') {
  return room.conductor.on('message_received', (e) => {
    const m = e.payload;
    if (m.room_id !== room.roomId || metadataKind(m.metadata) !== 'proposal') return;
    const metadata = mode === 'ack' ? { kind: 'proposal_ack', option: 1, proposalMessageId: m.message_id, agentId: m.agent_id, changes: {} } : { kind: 'proposal_rejected', proposalMessageId: m.message_id, agentId: m.agent_id, reason: 'the propose phase is over' };
    void room.conductor.sendMessage({ room_id: room.roomId, content: mode === 'ack' ? 'option 1' : 'rejected: the propose phase is over', reply_to: m.message_id, metadata });
  });
}

describe('itercrew mcp (a real stdio MCP server process, a real chat server)', () => {
  it('lists every tool, and is the agent in the room under its own agent id', async () => {
    const joined = room.conductor.waitFor('agent_joined', { includeRecent: true, timeoutMs: 10_000, predicate: (e) => e.payload.room_id === room.roomId });
    const client = await agent();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...MCP_TOOL_NAMES].sort());
    for (const t of tools) expect(t.description!.length).toBeGreaterThan(20);
    expect((await joined).payload.agent).toMatchObject({ agent_id: 'strategy-c-tune-000001.tuner-1', name: 'tuner-1' });
    const sent = await call(client, 'chat_send', { content: 'hello room' });
    expect(sent.error).toBe(false);
    const mine = (await history()).find((m) => m.content === 'hello room')!;
    expect(mine.agent_id).toBe('strategy-c-tune-000001.tuner-1');
  });

  it('current_config and param_space come from the brief', async () => {
    const client = await agent();
    const cfg = await call(client, 'current_config');
    expect(cfg.json).toMatchObject({ iteration: 'strategy-c-tune-000001', n: 1, params: room.brief.params, you: { name: 'tuner-1', role: 'tuner' } });
    const space = await call(client, 'param_space');
    expect(space.json.space.half_spread_base).toMatchObject({ type: 'float' });
    expect(space.json.inSample).toEqual({ from: 40, to: 48 });
    expect(space.json.maxChangedParams).toBe(2);
  });

  it('chat_wait: from the start, then with the cursor — nothing missed, nothing repeated; times out; filters', async () => {
    const client = await agent();
    const first = await call(client, 'chat_wait', {});
    expect(first.json.messages.map((m: { kind: string }) => m.kind)).toEqual(['brief']);
    expect(first.json.messages[0].metadata).toBeUndefined();
    let cursor = first.json.cursor as string;
    const quiet = await call(client, 'chat_wait', { cursor, timeout_seconds: 0.3, wait_for: ['options'] });
    expect(quiet.json).toMatchObject({ timed_out: true, messages: [], iteration_over: false });
    cursor = quiet.json.cursor;
    // Three messages land while nobody waits, then one while waiting: all four come, in order, once.
    for (const n of [1, 2, 3]) await room.conductor.sendMessage({ room_id: room.roomId, content: `note ${n}` });
    const got: string[] = [];
    const r1 = await call(client, 'chat_wait', { cursor });
    got.push(...r1.json.messages.map((m: { content: string }) => m.content));
    cursor = r1.json.cursor;
    const waiting = call(client, 'chat_wait', { cursor, timeout_seconds: 5 });
    setTimeout(() => void room.conductor.sendMessage({ room_id: room.roomId, content: 'note 4' }), 150);
    const r2 = await waiting;
    got.push(...r2.json.messages.map((m: { content: string }) => m.content));
    expect(got).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);
    // wait_for keeps waiting past other messages but returns them all
    const filtered = call(client, 'chat_wait', { cursor: r2.json.cursor, timeout_seconds: 5, wait_for: ['result'] });
    await room.conductor.sendMessage({ room_id: room.roomId, content: 'chatter' });
    await room.conductor.sendMessage({ room_id: room.roomId, content: 'result: applied', metadata: { kind: 'result', iterationId: 'x', status: 'applied', reason: null, pnl: 1, commit: null, diff: 'no change' } });
    const r3 = await filtered;
    expect(r3.json.messages.map((m: { content: string }) => m.content)).toEqual(['chatter', 'result: applied']);
    expect(r3.json.iteration_over).toBe(true);
    const bad = await call(client, 'chat_wait', { cursor: 'seq 5' });
    expect(bad.error).toBe(true);
    expect(bad.text).toMatch(/cursor "seq 5" is not one chat_wait returned/);
    const hist = await call(client, 'chat_history', { since_seq: Number(r2.json.cursor.match(/^m(\d+)/)[1]) });
    expect(hist.json.messages.map((m: { content: string }) => m.content)).toEqual(['chatter', 'result: applied']);
  });

  it('propose: refused before posting when outside the space or over the limit; posted and acknowledged otherwise', async () => {
    const client = await agent();
    const before = (await history()).length;
    const out = await call(client, 'propose', { changes: { half_spread_base: 5 }, hypothesis: 'wider' });
    expect(out.error).toBe(true);
    expect(out.text).toMatch(/half_spread_base: 5 is above max/);
    const many = await call(client, 'propose', { changes: { half_spread_base: 0.03, bid_size: 7, order_cooldown: 4 }, hypothesis: 'everything' });
    expect(many.text).toMatch(/changes 3 parameters; at most 2/);
    const unknown = await call(client, 'propose', { changes: { no_such_param: 1 }, hypothesis: 'x' });
    expect(unknown.error).toBe(true);
    const badEvidence = await call(client, 'propose', { changes: { half_spread_base: 0.03 }, hypothesis: 'x', evidence: { inSampleScore: 'high' } });
    expect(badEvidence.text).toMatch(/evidence\.inSampleScore: Invalid input: expected number/);
    expect((await history()).length).toBe(before); // nothing was posted
    const off = answerProposals('ack');
    const ok = await call(client, 'propose', { changes: { half_spread_base: 0.03 }, hypothesis: 'a wider half-spread earns more rebate per fill', evidence: { inSampleScore: 1.5, baselineScore: null } });
    off();
    expect(ok.error).toBe(false);
    expect(ok.json).toMatchObject({ posted: true, option: 1, answer: 'option 1' });
    const posted = (await history()).find((m) => metadataKind(m.metadata) === 'proposal')!;
    expect(posted.agent_id).toBe('strategy-c-tune-000001.tuner-1');
    expect(posted.metadata).toMatchObject({ kind: 'proposal', changes: { half_spread_base: 0.03 }, evidence: { inSampleScore: 1.5 } });
  });

  it('propose: the conductor’s rejection comes back as a tool error; reviewers cannot propose', async () => {
    const client = await agent();
    const off = answerProposals('reject');
    const r = await call(client, 'propose', { changes: {}, hypothesis: 'keep' });
    off();
    expect(r.error).toBe(true);
    expect(r.text).toMatch(/the conductor rejected it: the propose phase is over/);
    const reviewer = await agent('reviewer-1', { role: 'reviewer' });
    expect((await call(reviewer, 'propose', { changes: {}, hypothesis: 'x' })).text).toMatch(/only tuners propose/);
  });

  it('backtest evaluates in-sample only: the baseline and each candidate; the holdout is refused', async () => {
    const client = await agent();
    const hidden = await call(client, 'backtest', { candidates: [{ changes: {} }], windows: { from: 46, to: 50 } });
    expect(hidden.error).toBe(true);
    expect(hidden.text).toMatch(/windows 46\.\.49 are not inside the in-sample windows 40\.\.47/);
    const r = await call(client, 'backtest', { candidates: [{ changes: { half_spread_base: 0.03 } }, { changes: { half_spread_base: 9 } }], windows: { from: 44, to: 48 } });
    expect(r.error, r.text).toBe(false);
    expect(r.json.windows).toEqual({ from: 44, to: 48 });
    expect(typeof r.json.baseline.pnl).toBe('number');
    expect(r.json.candidates[0]).toMatchObject({ ok: true, changes: { half_spread_base: 0.03 } });
    expect(typeof r.json.candidates[0].pnl).toBe('number');
    expect(r.json.candidates[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^not in the space: half_spread_base: 9 is above max/) });
  });

  it('vote_cast, election, decide: leader-only, top-voted only, from the agent’s own identity', async () => {
    const client = await agent();
    expect((await call(client, 'vote_cast', { option: 1 })).text).toMatch(/there is no open vote/);
    expect((await call(client, 'decide', { option: 1, rationale: 'x' })).text).toMatch(/no leader has been elected/);
    const vote = await room.conductor.createVote({ room_id: room.roomId, title: 'which config?', options: ['option 0: keep', 'option 1: half_spread_base 0.025 → 0.03', 'option 2: bid_size 8 → 7'], duration_secs: 30 });
    expect((await call(client, 'vote_cast', { option: 7 })).text).toMatch(/option 7 does not exist; the vote has options 0\.\.2/);
    const cast = await call(client, 'vote_cast', { option: 1 });
    expect(cast.json).toMatchObject({ vote_id: vote.vote_id, option: 1, votes_cast: 1, eligible_voters: 2 });
    await room.conductor.castVote(vote.vote_id, 0); // the conductor's closing ballot, never counted
    await room.conductor.electLeader(room.roomId);
    await room.conductor.declineElection(room.roomId);
    const w = await call(client, 'chat_wait', { timeout_seconds: 3 + OPT_OUT_MS / 1000, wait_for: ['leader_elected'] });
    const types = w.json.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['vote_created', 'vote_result', 'election_started', 'leader_elected']));
    expect(w.json.events.find((e: { type: string }) => e.type === 'leader_elected').you_lead).toBe(true);
    expect((await call(client, 'decide', { option: 0, rationale: 'keep' })).text).toMatch(/option 0 is not among the top-voted options \(1\)/);
    const decided = room.conductor.waitFor('decision_made', { timeoutMs: 5_000, predicate: (e) => e.payload.room_id === room.roomId });
    const d = await call(client, 'decide', { option: 1, rationale: 'the only option with votes' });
    expect(d.error, d.text).toBe(false);
    const event = (await decided).payload;
    expect(event.leader_id).toBe('strategy-c-tune-000001.tuner-1');
    expect(event.metadata).toEqual({ kind: 'decision', option: 1, rationale: 'the only option with votes' });
  });

  it('tasks: the agent’s own task by default; run_log reads the target’s run log', async () => {
    const client = await agent();
    await room.conductor.assignTask({ room_id: room.roomId, title: 'Propose one change', assignee: 'strategy-c-tune-000001.tuner-1' });
    const list = await call(client, 'task_list');
    expect(list.json.tasks).toEqual([expect.objectContaining({ title: 'Propose one change', mine: true, status: 'pending' })]);
    const upd = await call(client, 'task_update', { status: 'in_progress', note: 'searching' });
    expect(upd.json).toMatchObject({ status: 'in_progress', note: 'searching' });
    const log = await call(client, 'run_log', { limit: 3 });
    expect(log.json).toEqual({ iterations: [] });
  });

  it('a second server with the same identity takes over (a restarted MCP server keeps the agent id)', async () => {
    const file = await room.agentConfig('tuner-1');
    const first = await connectMcp(file);
    closers.push(first.close);
    const second = await connectMcp(file);
    closers.push(second.close);
    expect((await call(second.client, 'chat_send', { content: 'from the new process' })).error).toBe(false);
    const m = (await history()).find((x) => x.content === 'from the new process')!;
    expect(m.agent_id).toBe('strategy-c-tune-000001.tuner-1');
  });

  it('`itercrew mcp` through the CLI serves the same tools; an unreachable chat server fails the start with the reason', async () => {
    const cli = await connectMcp(await room.agentConfig('tuner-2'), 'cli');
    closers.push(cli.close);
    expect((await cli.client.listTools()).tools).toHaveLength(MCP_TOOL_NAMES.length);
    const bad = await room.agentConfig('tuner-3', { chat: { url: 'tcp://127.0.0.1:1', key: 'k', roomId: room.roomId } });
    await expect(connectMcp(bad)).rejects.toThrow();
    const log = await readFile(`${room.dir}/tuner-2.mcp.log`, 'utf8');
    expect(log).toContain('itercrew MCP server ready');
  });
});
