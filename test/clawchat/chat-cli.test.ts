import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { decryptContent, isCiphertext } from '../../orchestrator/clawchat/crypto/index.js';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { distPath } from '../../orchestrator/paths.js';
import { RawAgent } from './helpers/raw-agent.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/**
 * `itercrew chat …` as real processes (the compiled CLI; `npm test` builds first) against the
 * embedded server on loopback: what an agent runs from a shell.
 */
describe('itercrew chat (client commands)', () => {
  let server: ClawChatServer;
  let dir: string;
  const key = 'cli-test-key';
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLAWCHAT_')));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'itercrew-chat-cli-'));
    server = await ClawChatServer.start({
      auth: { key },
      socket: path.join(dir, 'c.sock'),
      http: { port: 0 },
      timers: { electionOptOutMs: 300 },
      limits: { free: { maxRooms: 1_000, maxMessagesPerWindow: 100_000 } },
    });
  });
  afterAll(async () => {
    for (const a of agents.values()) await (await a).close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `itercrew chat <args>` (a promise with the child; not rejected on a non-zero exit). */
  const chat = (args: string[], env: Record<string, string | undefined> = {}): ResultPromise<{ reject: false; extendEnv: false }> =>
    execa('node', [distPath('orchestrator/cli/main.js'), 'chat', ...args], {
      reject: false,
      extendEnv: false,
      env: { ...baseEnv, HOME: dir, CLAWCHAT_URL: server.url, CLAWCHAT_KEY: key, ITERCREW_LOG_LEVEL: 'error', ...env },
    });
  const json = (stdout: string): any => JSON.parse(stdout);
  const lines = (stdout: string): ChatMessage[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const client = (name: string, extra: Partial<Parameters<typeof ClawChatClient.connect>[0]> = {}) => ClawChatClient.connect({ url: server.url, key, name, ...extra });
  /** Setup without a CLI process: in-process agents (same key, so rooms resolve by name), one per name. */
  const agents = new Map<string, Promise<ClawChatClient>>();
  const agent = (name: string): Promise<ClawChatClient> => {
    if (!agents.has(name)) agents.set(name, client(name));
    return agents.get(name)!;
  };
  const makeRoom = async (name: string, extra: { ephemeral?: boolean } = {}): Promise<{ room_id: string }> => (await agent('setup')).createRoom({ name, ...extra });
  const say = async (name: string, roomId: string, content: string, metadata?: unknown): Promise<ChatMessage> => {
    const a = await agent(name);
    await a.joinRoom(roomId);
    return a.sendMessage({ room_id: roomId, content, metadata });
  };
  const think = async (name: string, roomId: string, content: string): Promise<void> => {
    const a = await agent(name);
    await a.joinRoom(roomId);
    await a.thinking(roomId, content);
  };

  /** Resolves when `name` announces presence `waiting`: a `wait` has joined, resolved its floor and is listening. */
  const waiting = (observer: ClawChatClient, name: string) =>
    observer.waitFor('presence_update', { predicate: (e) => e.payload.agent_name === name && e.payload.status === 'waiting', timeoutMs: 30_000 });
  /** Resolves when a child process writes a stderr line matching `pattern`. */
  const stderrMatch = (proc: ResultPromise, pattern: RegExp): Promise<void> =>
    new Promise((resolve) => {
      let seen = '';
      proc.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (pattern.test(seen)) resolve();
      });
    });

  it('creates rooms, sends, reads history by room name; JSON by default, --text for people', async () => {
    const created = await chat(['rooms', 'create', 'cli-basic', '--description', 'basics']);
    expect(created.exitCode).toBe(0);
    const room = json(created.stdout);
    expect(room).toMatchObject({ name: 'cli-basic', description: 'basics', visibility: 'private', encrypted: false });
    expect(room.owner_key).toBeUndefined();
    const sent = await chat(['--name', 'alice', 'send', 'cli-basic', 'hello there', '--kind', 'fyi']);
    expect(sent.exitCode).toBe(0);
    expect(json(sent.stdout)).toMatchObject({ room_id: room.room_id, agent_name: 'alice', content: 'hello there', metadata: { kind: 'fyi' }, seq: 1 });
    const text = await chat(['send', room.room_id, 'second', '--name', 'bob', '--text']);
    expect(text.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] #2 bob: second$/);
    const [history, textHistory, tip, info, list] = await Promise.all([
      chat(['history', 'cli-basic']),
      chat(['--text', 'history', 'cli-basic', '--since-seq', '1']),
      chat(['rooms', 'tip', 'cli-basic']),
      chat(['rooms', 'info', 'cli-basic']),
      chat(['--text', 'rooms', 'list']),
    ]);
    expect(lines(history.stdout).map((m) => [m.seq, m.agent_name, m.content])).toEqual([[1, 'alice', 'hello there'], [2, 'bob', 'second']]);
    expect(textHistory.stdout.trim().split('\n')).toHaveLength(1);
    expect(json(tip.stdout)).toBe(2);
    expect(json(info.stdout).room.name).toBe('cli-basic');
    expect(list.stdout).toMatch(/^ID\s+NAME\s+TYPE/);
    expect(list.stdout).toContain('cli-basic');
    const missing = await chat(['history', 'no-such-room']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("room_not_found: Room 'no-such-room' not found");
  });

  it('wait: exit 0 with a stored message past --since-seq, 1 on timeout, 2 on --idle-timeout with a resume hint', async () => {
    const room = await makeRoom('cli-wait');
    await say('speaker', room.room_id, 'm1');
    const [caught, timedOut, idle] = await Promise.all([
      chat(['--name', 'waiter', 'wait', 'cli-wait', '--since-seq', '0']),
      chat(['--name', 'waiter', 'wait', 'cli-wait', '--timeout', '1']),
      chat(['--name', 'waiter', 'wait', 'cli-wait', '--loop', '--since-seq', 'tip', '--idle-timeout', '1', '--timeout', '1', '--heartbeat-secs', '0']),
    ]);
    expect(caught.exitCode).toBe(0);
    expect(lines(caught.stdout).map((m) => m.content)).toEqual(['m1']);
    expect(timedOut.exitCode).toBe(1);
    expect(timedOut.stderr).toContain('Timed out after 1s waiting for a message');
    expect(idle.exitCode).toBe(2);
    expect(idle.stderr).toContain('Resume with: wait cli-wait --loop --since-seq 1');
    // Own messages (same --name) never wake a wait; thinking pulses neither.
    await say('waiter', room.room_id, 'my own');
    await think('speaker', room.room_id, 'hmm');
    const own = await chat(['--name', 'waiter', 'wait', 'cli-wait', '--since-seq', '1', '--timeout', '1']);
    expect(own.exitCode).toBe(1);
  });

  it('wait --loop keeps waiting across its internal rounds; a conversation_end (send --end) exits 3', async () => {
    const room = await makeRoom('cli-end');
    const observer = await client('observer');
    await observer.joinRoom(room.room_id);
    const ready = waiting(observer, 'waiter');
    const waiter = chat(['--name', 'waiter', 'wait', 'cli-end', '--loop', '--timeout', '1', '--since-seq', 'tip', '--idle-timeout', '30', '--heartbeat-secs', '1']);
    await ready;
    await stderrMatch(waiter, /wait: alive \d+s room=\S+ since_seq=0 mode=loop/); // ≥ 1 round has expired
    await observer.sendMessage({ room_id: room.room_id, content: 'that is a wrap', metadata: { kind: 'conversation_end' } });
    const done = await waiter;
    expect(done.exitCode).toBe(3);
    expect(done.stderr).toContain('Peer ended the conversation.');
    expect(lines(done.stdout).map((m) => m.content)).toEqual(['that is a wrap']);
    const ended = await chat(['--name', 'peer', 'send', 'cli-end', 'bye', '--end']);
    expect(json(ended.stdout).metadata).toEqual({ kind: 'conversation_end' });
    const conflicting = await chat(['send', 'cli-end', 'x', '--end', '--kind', 'fyi']);
    expect(conflicting.exitCode).not.toBe(0);
    expect(conflicting.stderr).toMatch(/cannot be used with/);
    await observer.close();
  });

  it('--cursor-file never skips a message that landed while the agent was composing (upstream liveness test)', async () => {
    const room = await makeRoom('cli-cursor');
    const cursor = path.join(dir, 'cursor');
    const wait = (extra: string[] = []) => chat(['--name', 'waiter', 'wait', 'cli-cursor', '--loop', '--cursor-file', cursor, '--idle-timeout', '5', '--heartbeat-secs', '0', ...extra]);
    await say('speaker', room.room_id, 'm1');
    const turn1 = await wait(['--since-seq', '0']);
    expect(turn1.exitCode).toBe(0);
    expect(readFileSync(cursor, 'utf8').trim()).toBe('1');
    // The race: a correction lands, then the waiter's own reply moves the tip past it.
    await say('speaker', room.room_id, 'correction');
    await chat(['--name', 'waiter', 'send', 'cli-cursor', 'my reply']);
    const turn2 = await wait(['--since-seq', 'tip']); // the cursor file beats --since-seq
    expect(turn2.exitCode).toBe(0);
    expect(lines(turn2.stdout).map((m) => m.content)).toEqual(['correction']);
    expect(readFileSync(cursor, 'utf8').trim()).toBe('2');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    writeFileSync(cursor, 'garbage');
    const bad = await chat(['--name', 'waiter', 'wait', 'cli-cursor', '--since-seq', '0', '--cursor-file', cursor]);
    expect(bad.stderr).toContain('does not hold a seq');
    expect(lines(bad.stdout)[0].content).toBe('m1'); // fell back to --since-seq 0
  });

  it('--drain prints every unread message through the tip, one per line; -o writes them to a file', async () => {
    const room = await makeRoom('cli-drain');
    for (const m of ['batch-1', 'batch-2', 'batch-3']) await say('speaker', room.room_id, m);
    await think('speaker', room.room_id, 'not chat');
    const cursor = path.join(dir, 'drain-cursor');
    const drained = await chat(['--name', 'waiter', 'wait', 'cli-drain', '--loop', '--drain', '--cursor-file', cursor, '--since-seq', '0', '--idle-timeout', '5']);
    expect(drained.exitCode).toBe(0);
    expect(lines(drained.stdout).map((m) => m.content)).toEqual(['batch-1', 'batch-2', 'batch-3']);
    expect(drained.stderr).toContain('drained through seq 3');
    expect(readFileSync(cursor, 'utf8').trim()).toBe('3');
    const out = path.join(dir, 'drain.out');
    const toFile = await chat(['--name', 'waiter', 'wait', 'cli-drain', '--drain', '--since-seq', '1', '-o', out]);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).content)).toEqual(['batch-2', 'batch-3']);
  });

  it('filters: --only-from, --not-from and --only-kind skip (and step over) other messages in --loop', async () => {
    const room = await makeRoom('cli-filter');
    await say('noise', room.room_id, 'n1');
    await say('reviewer', room.room_id, 'r1', { kind: 'chatter' });
    await say('reviewer', room.room_id, 'verdict: ship', { kind: 'verdict' });
    const [byName, byKind, notFrom, onceFiltered] = await Promise.all([
      chat(['--name', 'w', 'wait', 'cli-filter', '--loop', '--since-seq', '0', '--only-from', 'reviewer', '--idle-timeout', '5']),
      chat(['--name', 'w', 'wait', 'cli-filter', '--loop', '--since-seq', '0', '--only-kind', 'verdict', '--idle-timeout', '5']),
      chat(['--name', 'w', 'wait', 'cli-filter', '--loop', '--since-seq', '0', '--not-from', 'noise', '--idle-timeout', '5']),
      chat(['--name', 'w', 'wait', 'cli-filter', '--since-seq', '0', '--only-from', 'reviewer', '--timeout', '1']),
    ]);
    expect(lines(byName.stdout).map((m) => m.content)).toEqual(['r1']);
    expect(lines(byKind.stdout).map((m) => m.content)).toEqual(['verdict: ship']);
    expect(lines(notFrom.stdout).map((m) => m.content)).toEqual(['r1']);
    expect(onceFiltered.exitCode).toBe(1); // without --loop a filtered message ends the wait like a timeout (upstream)
  });

  it('--follow streams every message, keeps the cursor on the last one and exits 3 at the end', async () => {
    const room = await makeRoom('cli-follow');
    const cursor = path.join(dir, 'follow-cursor');
    const observer = await client('follow-observer');
    await observer.joinRoom(room.room_id);
    const ready = waiting(observer, 'follower');
    const follower = chat(['--name', 'follower', '--agent-id', 'stable-follower', 'wait', 'cli-follow', '--follow', '--since-seq', '0', '--cursor-file', cursor, '--heartbeat-secs', '0']);
    await ready;
    await observer.sendMessage({ room_id: room.room_id, content: 'follow-one' });
    await observer.sendMessage({ room_id: room.room_id, content: 'follow-two' });
    const end = await observer.sendMessage({ room_id: room.room_id, content: 'follow-end', metadata: { kind: 'conversation_end' } });
    const result = await follower;
    expect(result.exitCode).toBe(3);
    expect(lines(result.stdout).map((m) => m.content)).toEqual(['follow-one', 'follow-two', 'follow-end']);
    expect(readFileSync(cursor, 'utf8').trim()).toBe(String(end.seq));
    await observer.close();
  });

  it('wait --loop rides out dropped connections and still gets a message sent during the outage', async () => {
    const room = await makeRoom('cli-proxy');
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: server.address.tcp!.port });
    const observer = await client('proxy-observer');
    await observer.joinRoom(room.room_id);
    const ready = waiting(observer, 'waiter');
    const waiter = chat(['--name', 'waiter', 'wait', room.room_id, '--loop', '--idle-timeout', '30', '--heartbeat-secs', '0'], { CLAWCHAT_URL: proxy.url });
    await ready;
    proxy.dropAll(); // a plain drop: reconnects
    await observer.waitFor('agent_joined', { predicate: (e) => e.payload.agent.name === 'waiter', timeoutMs: 15_000 });
    proxy.refuse(true);
    proxy.dropAll(); // an outage during which the message is sent
    await observer.waitFor('agent_left', { timeoutMs: 15_000 });
    await observer.sendMessage({ room_id: room.room_id, content: 'sent while you were away' });
    proxy.refuse(false);
    const result = await waiter;
    expect(result.exitCode).toBe(0);
    expect(lines(result.stdout).map((m) => m.content)).toEqual(['sent while you were away']);
    expect(result.stderr).toContain('reconnecting');
    expect(result.stderr).toContain('caught up 1 message(s)');
    await observer.close();
    await proxy.close();
  });

  it('encrypts with CLAWCHAT_ROOM_KEY / --room-key (the flag wins); the server only stores clw1:', async () => {
    const secret = 'cli shared secret';
    const created = await chat(['rooms', 'create', 'cli-vault', '--encrypted'], { CLAWCHAT_ROOM_KEY: secret });
    const room = json(created.stdout);
    expect(room.encrypted).toBe(true);
    const sent = await chat(['--name', 'a', 'send', 'cli-vault', 'the eagle lands'], { CLAWCHAT_ROOM_KEY: secret });
    expect(json(sent.stdout).content).toBe('the eagle lands');
    await chat(['--name', 'a', '--room-key', secret, 'thinking', 'cli-vault', 'quietly'], { CLAWCHAT_ROOM_KEY: 'wrong' });
    const [withKey, withoutKey, waitWithKey, plain] = await Promise.all([
      chat(['history', 'cli-vault'], { CLAWCHAT_ROOM_KEY: secret }),
      chat(['history', 'cli-vault']),
      chat(['--name', 'b', 'wait', 'cli-vault', '--since-seq', '0', '--room-key', secret]),
      chat(['--name', 'c', 'send', 'cli-vault', 'no key']),
    ]);
    expect(lines(withKey.stdout).map((m) => m.content)).toEqual(['the eagle lands', 'quietly']);
    const blobs = lines(withoutKey.stdout).map((m) => m.content);
    expect(blobs.every(isCiphertext)).toBe(true);
    expect(decryptContent(secret, room.room_id, blobs[1])).toBe('quietly');
    expect(lines(waitWithKey.stdout)[0].content).toBe('the eagle lands');
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('plaintext_in_encrypted_room');
    const raw = await RawAgent.register(server.url, key, 'auditor');
    const stored = (await raw.request('get_history', { room_id: room.room_id })).payload.messages;
    expect(stored.map((m: ChatMessage) => isCiphertext(m.content))).toEqual([true, true]);
    await raw.close();
  });

  it('votes: create (members at creation vote), cast with a stable --agent-id from a later call, status with the tally', async () => {
    const room = await makeRoom('cli-vote');
    const peer = await client('vote-peer');
    await peer.joinRoom(room.room_id);
    const created = await chat(['--agent-id', 'cli-voter', '--name', 'voter', 'vote', 'create', 'cli-vote', 'Ship it?', '--options', 'yes', 'no', '--duration', '60']);
    expect(created.exitCode).toBe(0);
    const vote = json(created.stdout);
    expect(vote).toMatchObject({ title: 'Ship it?', options: ['yes', 'no'], status: 'open', eligible_voters: 2 });
    const cast = await chat(['--agent-id', 'cli-voter', '--name', 'voter', 'vote', 'cast', vote.vote_id, '0']);
    expect(cast.exitCode).toBe(0);
    expect(json(cast.stdout)).toMatchObject({ vote_id: vote.vote_id, votes_cast: 1, eligible_voters: 2 });
    const again = await chat(['--agent-id', 'cli-voter', '--name', 'voter', 'vote', 'cast', vote.vote_id, '1']);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already_voted');
    await peer.castVote(vote.vote_id, 0);
    const [status, list] = await Promise.all([chat(['vote', 'status', vote.vote_id]), chat(['vote', 'list', 'cli-vote'])]);
    expect(json(status.stdout)).toMatchObject({ status: 'closed', tally: [{ option_index: 0, count: 2 }, { option_index: 1, count: 0 }] });
    expect(json(list.stdout).map((v: { vote_id: string }) => v.vote_id)).toEqual([vote.vote_id]);
    await peer.close();
  });

  it('elections: start --wait prints the leader; decide as the leader (stable --agent-id); decline', async () => {
    const room = await makeRoom('cli-elect');
    const leader = await client('leader', { agentId: 'cli-leader' });
    const other = await client('other');
    for (const c of [leader, other]) await c.joinRoom(room.room_id);
    let leaderDeclines = true;
    other.on('election_started', () => void other.declineElection(room.room_id));
    leader.on('election_started', () => void (leaderDeclines && leader.declineElection(room.room_id)));
    // Everyone but the CLI agent declines: it must win.
    const started = await chat(['--agent-id', 'cli-starter', '--name', 'starter', 'election', 'start', 'cli-elect', '--wait']);
    expect(started.exitCode).toBe(0);
    expect(json(started.stdout)).toMatchObject({ type: 'leader_elected', room_id: room.room_id, leader_id: 'cli-starter', leader_name: 'starter' });
    // A second election in which only `leader` stays in; the CLI then decides as that agent.
    leaderDeclines = false;
    const elected = other.waitFor('leader_elected', { predicate: (e) => e.payload.room_id === room.room_id });
    await other.electLeader(room.room_id);
    expect((await elected).payload.leader_id).toBe('cli-leader');
    const decided = other.waitFor('decision_made');
    const [decide, notLeader, noElection] = await Promise.all([
      chat(['--agent-id', 'cli-leader', '--name', 'leader', 'election', 'decide', 'cli-elect', 'we go with B', '--kind', 'decision']),
      chat(['--name', 'nobody', 'election', 'decide', 'cli-elect', 'coup']),
      chat(['election', 'decline', 'cli-elect']),
    ]);
    expect(decide.exitCode).toBe(0);
    expect(json(decide.stdout)).toMatchObject({ room_id: room.room_id });
    expect((await decided).payload).toMatchObject({ content: 'we go with B', leader_id: 'cli-leader', metadata: { kind: 'decision' } });
    expect(notLeader.exitCode).toBe(1);
    expect(notLeader.stderr).toContain('not_leader');
    expect(noElection.exitCode).toBe(1);
    expect(noElection.stderr).toContain('no_election_active');
    await leader.close();
    await other.close();
    // Declining needs an election still open when the CLI process gets there: a server with a long window.
    const slow = await ClawChatServer.start({ auth: { key }, timers: { electionOptOutMs: 60_000 } });
    const starter = await ClawChatClient.connect({ url: slow.url, key, name: 'starter' });
    const slowRoom = await starter.createRoom({ name: 'slow-elect' });
    await starter.joinRoom(slowRoom.room_id);
    await starter.electLeader(slowRoom.room_id);
    const declined = await chat(['election', 'decline', 'slow-elect'], { CLAWCHAT_URL: slow.url });
    expect(json(declined.stdout)).toEqual({ room_id: slowRoom.room_id, message: 'Declined election' });
    await starter.close();
    await slow.close();
  });

  it('tasks, agents, presence, keygen, and rooms by an ambiguous name', async () => {
    const room = await makeRoom('cli-tasks');
    const peer = await client('task-peer');
    await peer.joinRoom(room.room_id);
    const assigned = await chat(['--name', 'lead', 'tasks', 'assign', 'cli-tasks', 'write the report', '--assignee', peer.agentId, '--description', 'by noon']);
    const task = json(assigned.stdout);
    expect(task).toMatchObject({ title: 'write the report', status: 'pending', assignee: peer.agentId, description: 'by noon' });
    const updated = await chat(['tasks', 'update', task.task_id, '--status', 'completed', '--note', 'done', '--room', 'cli-tasks']);
    expect(json(updated.stdout)).toMatchObject({ task_id: task.task_id, status: 'completed', note: 'done' });
    const presence = peer.waitFor('presence_update', { predicate: (e) => e.payload.agent_name === 'busy' });
    const [listed, agents, textAgents, keygen, setPresence] = await Promise.all([
      chat(['tasks', 'list', 'cli-tasks', '--status', 'completed']),
      chat(['agents', '--room', 'cli-tasks']),
      chat(['--text', 'agents', '--room', 'cli-tasks']),
      chat(['keygen']),
      chat(['--name', 'busy', 'presence', 'working', '--detail', 'reviewing section 3', '--progress', '57', '--room', 'cli-tasks']),
    ]);
    expect(json(listed.stdout).map((t: { task_id: string }) => t.task_id)).toEqual([task.task_id]);
    expect(json(agents.stdout).map((a: { name: string }) => a.name)).toContain('task-peer');
    expect(textAgents.stdout).toMatch(/^AGENT ID\s+NAME\s+STATUS/);
    expect(keygen.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(keygen.stderr).toContain('export CLAWCHAT_ROOM_KEY=');
    expect(json(setPresence.stdout)).toEqual({ status: 'working' });
    expect((await presence).payload).toMatchObject({ status: 'working', status_detail: 'reviewing section 3', progress: 57 });
    await makeRoom('dup', { ephemeral: true });
    await makeRoom('dup', { ephemeral: true });
    const ambiguous = await chat(['rooms', 'info', 'dup']);
    expect(ambiguous.exitCode).toBe(1);
    expect(ambiguous.stderr).toContain("chat_room_ambiguous: Room name 'dup' is ambiguous");
    await peer.close();
  });

  it('a stable --agent-id makes separate calls one agent; unix:// and ws:// URLs work; no key is a clear error; auth show-key/rotate-key', async () => {
    await makeRoom('cli-urls');
    const a = await chat(['--agent-id', 'same-agent', 'send', 'cli-urls', 'one'], { CLAWCHAT_URL: server.address.socket!.url });
    const b = await chat(['--agent-id', 'same-agent', '--url', server.address.http!.wsUrl, 'send', 'cli-urls', 'two']);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    expect([json(a.stdout).agent_id, json(b.stdout).agent_id]).toEqual(['same-agent', 'same-agent']);
    const viaPath = await chat(['--url', server.address.socket!.path, 'history', 'cli-urls']);
    expect(lines(viaPath.stdout).map((m) => m.content)).toEqual(['one', 'two']);
    const noKey = await chat(['rooms', 'list'], { CLAWCHAT_KEY: undefined });
    expect(noKey.exitCode).toBe(1);
    expect(noKey.stderr).toContain('chat_no_key');
    const keyFile = path.join(dir, '.clawchat', 'auth.key');
    expect(existsSync(keyFile)).toBe(false);
    // The server's key file: shown (created 0600 when missing), rotated.
    const own = path.join(dir, 'keys', 'auth.key');
    const shown = await chat(['auth', 'show-key', '--key-file', own]);
    expect(shown.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(own).mode & 0o777).toBe(0o600);
    expect((await chat(['auth', 'show-key', '--key-file', own])).stdout).toBe(shown.stdout);
    const rotated = await chat(['auth', 'rotate-key', '--key-file', own]);
    expect(rotated.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.stdout).not.toBe(shown.stdout);
    expect(readFileSync(own, 'utf8').trim()).toBe(rotated.stdout.trim());
  });
});
