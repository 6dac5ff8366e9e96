import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClawChatServer, type ClawChatServerOptions } from '../../orchestrator/clawchat/server/index.js';
import { RawAgent } from './helpers/raw-agent.js';

/**
 * Restart and persistence: a server on a SQLite file is closed and a new one opened on the same
 * file. Permanent rooms, messages, seq high-water marks, votes (open ones with their electorate,
 * ballots and deadline), tasks, API keys, agent identities and subscriptions survive.
 */
describe('ClawChat persistence across a restart', () => {
  let dir: string;
  let db: string;
  let server: ClawChatServer | undefined;
  const agents: RawAgent[] = [];
  const key = 'persist-key';

  const start = async (extra: ClawChatServerOptions = {}): Promise<ClawChatServer> => {
    server = await ClawChatServer.start({ db, auth: { key }, timers: { electionOptOutMs: 50 }, ...extra });
    return server;
  };
  const restart = async (extra: ClawChatServerOptions = {}): Promise<ClawChatServer> => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await server!.close();
    return start(extra);
  };
  const agent = async (name: string, extra: Record<string, unknown> = {}, k = key): Promise<RawAgent> => {
    const a = await RawAgent.register(server!.url, k, name, extra);
    agents.push(a);
    return a;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-persist-'));
    db = path.join(dir, 'chat.db');
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps permanent rooms, messages and seq; forgets ephemeral rooms', async () => {
    await start();
    const a = await agent('a');
    const room = (await a.call('create_room', { name: 'keep', description: 'kept', public: true })).room_id;
    const child = (await a.call('create_room', { name: 'keep-child', parent_id: room })).room_id;
    const eph = (await a.call('create_room', { name: 'gone', ephemeral: true })).room_id;
    await a.call('join_room', { room_id: room });
    for (const c of ['one', 'two', 'three']) await a.call('send_message', { room_id: room, content: c, metadata: { kind: c } });
    await a.call('thinking', { room_id: room, content: 'hmm' });

    await restart();
    const b = await agent('b');
    const info = await b.call('room_info', { room_id: room });
    expect(info.room).toMatchObject({ name: 'keep', description: 'kept', visibility: 'public', ephemeral: false });
    expect(info.sub_rooms.map((r: any) => r.room_id)).toEqual([child]);
    expect(await b.errorCode('room_info', { room_id: eph })).toBe('room_not_found');
    const history = await b.call('get_history', { room_id: room });
    expect(history.messages.map((m: any) => [m.seq, m.content, m.metadata])).toEqual([
      [1, 'one', { kind: 'one' }],
      [2, 'two', { kind: 'two' }],
      [3, 'three', { kind: 'three' }],
      [4, 'hmm', { type: 'thinking' }],
    ]);
    expect(await b.errorCode('create_room', { name: 'keep' })).toBe('room_name_taken');
    await b.call('join_room', { room_id: room });
    expect((await b.call('send_message', { room_id: room, content: 'four' })).seq).toBe(5);
  });

  it('keeps the seq high-water mark when retention purges every message', async () => {
    await start();
    const a = await agent('a');
    const room = (await a.call('create_room', { name: 'purged' })).room_id;
    await a.call('join_room', { room_id: room });
    for (let i = 0; i < 3; i++) await a.call('send_message', { room_id: room, content: `m${i}` });

    await restart({ limits: { free: { retentionDays: 0 } } });
    const b = await agent('b');
    expect((await b.call('get_history', { room_id: room })).messages).toEqual([]);
    expect((await b.call('room_tip', { room_id: room })).seq).toBe(3);
    await b.call('join_room', { room_id: room });
    expect((await b.call('send_message', { room_id: room, content: 'after purge' })).seq).toBe(4);
  });

  it('restores an open vote with its electorate and ballots; closed votes keep their tally', async () => {
    await start();
    const [a, b, c] = [await agent('a', { agent_id: 'va' }), await agent('b', { agent_id: 'vb' }), await agent('c', { agent_id: 'vc' })];
    const room = (await a.call('create_room', { name: 'votes' })).room_id;
    for (const x of [a, b, c]) await x.call('join_room', { room_id: room });
    const done = await a.call('create_vote', { room_id: room, title: 'Done', options: ['p', 'q'] });
    for (const x of [a, b, c]) await x.call('cast_vote', { vote_id: done.vote_id, option_index: 1 });
    const open = await a.call('create_vote', { room_id: room, title: 'Open', options: ['x', 'y', 'z'] });
    await a.call('cast_vote', { vote_id: open.vote_id, option_index: 2 });

    await restart();
    const [b2, c2] = [await agent('b', { agent_id: 'vb' }), await agent('c', { agent_id: 'vc' })];
    const stranger = await agent('d', { agent_id: 'vd' });
    for (const x of [b2, c2, stranger]) await x.call('join_room', { room_id: room });
    const status = await b2.call('get_vote_status', { vote_id: open.vote_id });
    expect(status).toMatchObject({ status: 'open', votes_cast: 1, eligible_voters: 3 });
    const closed = await b2.call('get_vote_status', { vote_id: done.vote_id });
    expect(closed.status).toBe('closed');
    expect(closed.tally.map((t: any) => t.count)).toEqual([0, 3]);
    expect(await stranger.errorCode('cast_vote', { vote_id: open.vote_id, option_index: 0 })).toBe('access_denied');
    expect(await b2.errorCode('cast_vote', { vote_id: done.vote_id, option_index: 0 })).toBe('vote_closed');
    await b2.call('cast_vote', { vote_id: open.vote_id, option_index: 0 });
    await c2.call('cast_vote', { vote_id: open.vote_id, option_index: 2 });
    const result = await stranger.event('vote_result', (p) => p.vote_id === open.vote_id);
    expect(result.payload.ballots.map((x: any) => [x.agent_id, x.option_index])).toEqual([
      ['va', 2],
      ['vb', 0],
      ['vc', 2],
    ]);
    expect((await b2.call('list_votes', { room_id: room })).votes.map((v: any) => [v.title, v.status])).toEqual([
      ['Open', 'closed'],
      ['Done', 'closed'],
    ]);
  });

  it('re-arms an open vote\'s deadline after a restart', async () => {
    await start();
    const [a, b] = [await agent('a', { agent_id: 'da' }), await agent('b', { agent_id: 'db' })];
    const room = (await a.call('create_room', { name: 'deadline' })).room_id;
    for (const x of [a, b]) await x.call('join_room', { room_id: room });
    const vote = await a.call('create_vote', { room_id: room, title: 'Timed', options: ['x', 'y'], duration_secs: 1 });
    await a.call('cast_vote', { vote_id: vote.vote_id, option_index: 1 });

    await restart();
    const watcher = await agent('w');
    await watcher.call('join_room', { room_id: room });
    const result = await watcher.event('vote_result', (p) => p.vote_id === vote.vote_id, 3_000);
    expect(result.payload).toMatchObject({ total_votes: 1, eligible_voters: 2 });
    expect((await watcher.call('get_vote_status', { vote_id: vote.vote_id })).status).toBe('closed');
  });

  it('keeps tasks, API keys, agent identities and subscriptions', async () => {
    const first = await start({ webhooks: { allowPrivateReceivers: true } });
    const apiKey = first.createApiKey('pro', 'ci');
    const a = await agent('a', { agent_id: 'owned-id' });
    const room = (await a.call('create_room', { name: 'tasks' })).room_id;
    await a.call('join_room', { room_id: room });
    const task = await a.call('assign_task', { room_id: room, title: 'Backtest', assignee: 'owned-id' });
    await a.call('update_task', { task_id: task.task_id, status: 'in_progress', note: 'started' });
    const sub = await a.call('subscribe', { room_id: room, webhook_url: 'http://127.0.0.1:9/hook', secret: 's', kinds: ['proposal'] });

    await restart({ webhooks: { allowPrivateReceivers: true } });
    const b = await agent('b');
    const tasks = (await b.call('list_tasks', { room_id: room })).tasks;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ task_id: task.task_id, status: 'in_progress', note: 'started', assignee: 'owned-id' });
    await b.call('join_room', { room_id: room });
    expect((await b.call('update_task', { task_id: task.task_id, status: 'completed' })).status).toBe('completed');
    const subs = (await b.call('list_subscriptions', {})).subscriptions;
    expect(subs.map((s: any) => [s.subscription_id, s.kinds])).toEqual([[sub.subscription_id, ['proposal']]]);
    const withApiKey = await agent('api', {}, apiKey);
    expect(withApiKey.agentId).toBeTruthy();
    const thief = await RawAgent.connect(server!.url);
    agents.push(thief);
    const refused = await thief.request('register', { key: apiKey, name: 'thief', agent_id: 'owned-id' });
    expect(refused.payload.code).toBe('agent_id_taken');
  });

  it('reuses the key file across restarts', async () => {
    const keyFile = path.join(dir, 'keys', 'auth.key');
    const first = await ClawChatServer.start({ db, auth: { keyFile } });
    const generated = first.masterKey!;
    expect(readFileSync(keyFile, 'utf8')).toBe(generated);
    await first.close();
    server = await ClawChatServer.start({ db, auth: { keyFile } });
    expect(server.masterKey).toBe(generated);
    await agent('with-file-key', {}, generated);
  });
});
