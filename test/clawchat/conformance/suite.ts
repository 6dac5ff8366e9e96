import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawAgent, type RawFrame } from '../helpers/raw-agent.js';
import { conformanceTarget, uniqueName, type ConformanceTarget, type TestTransport } from '../helpers/target.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Keys of an object in order. */
const keys = (o: object): string[] => Object.keys(o);

/**
 * The ClawChat conformance suite: raw NDJSON frames against a server, checking what the
 * protocol file (/work/shared/clawchat-protocol.md) says the upstream server does. Runs
 * against CLAWCHAT_URL/CLAWCHAT_KEY when `external` and set, else against the embedded server
 * over `transport`. Tests that need server-side control (a second API key) run only embedded.
 */
export function conformanceSuite(transport: TestTransport, options: { external: boolean }): void {
  let target: ConformanceTarget;
  const agents: RawAgent[] = [];

  const join = async (name: string, extra: Record<string, unknown> = {}): Promise<RawAgent> => {
    const a = await RawAgent.register(target.url, target.key, name, extra);
    agents.push(a);
    return a;
  };
  const room = async (owner: RawAgent, payload: Record<string, unknown> = {}): Promise<string> => {
    const r = await owner.call('create_room', { name: uniqueName('room'), ...payload });
    return r.room_id as string;
  };
  /** Creates a room and joins every agent in order (the first becomes the turn holder). */
  const roomWith = async (members: RawAgent[], payload: Record<string, unknown> = {}): Promise<string> => {
    const id = await room(members[0], payload);
    for (const m of members) await m.call('join_room', { room_id: id });
    return id;
  };
  const electionWait = (): number => target.electionOptOutMs + 3_000;
  const embeddedOnly = (): boolean => target.server !== undefined;

  beforeAll(async () => {
    target = await conformanceTarget(transport, options.external);
  });
  afterEach(async () => {
    // Upstream caps concurrent agents per key (20): close each test's agents.
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });
  afterAll(async () => {
    await target.close();
  });

  describe('framing and registration', () => {
    it('answers ping and refuses other commands before register, keeping the connection', async () => {
      const a = await RawAgent.connect(target.url);
      agents.push(a);
      const pong = await a.request('ping', {});
      expect(pong.type).toBe('pong');
      expect(pong.payload).toEqual({});
      const refused = await a.request('join_room', { room_id: 'lobby' });
      expect(refused.type).toBe('error');
      expect(refused.payload.code).toBe('not_registered');
      const ok = await a.request('register', { key: target.key, name: 'late' });
      expect(ok.type).toBe('ok');
    });

    it('replies to register with agent_id, name, protocol_version 1, in upstream key order', async () => {
      const a = await RawAgent.connect(target.url);
      agents.push(a);
      a.send({ id: 'reg-1', type: 'register', payload: { key: target.key, name: 'alpha', capabilities: ['x'] } });
      const reply = await a.next((f) => f.reply_to === 'reg-1');
      expect(reply.type).toBe('ok');
      expect(keys(reply.payload)).toEqual(['agent_id', 'name', 'protocol_version']);
      expect(reply.payload.name).toBe('alpha');
      expect(reply.payload.protocol_version).toBe(1);
      expect(reply.payload.agent_id).toMatch(UUID_V4);
      expect(reply.id).toMatch(UUID_V4);
      expect(keys(JSON.parse(reply.line))).toEqual(['id', 'reply_to', 'type', 'payload']);
    });

    it('keeps a client-chosen agent_id and refuses it while live without reconnect', async () => {
      const id = uniqueName('stable');
      const a = await join('stable-a', { agent_id: id });
      expect(a.agentId).toBe(id);
      const b = await RawAgent.connect(target.url);
      agents.push(b);
      const refused = await b.request('register', { key: target.key, name: 'dup', agent_id: id });
      expect(refused.payload.code).toBe('agent_id_taken');
      expect((await b.request('ping', {})).type).toBe('pong');
    });

    it('refuses an unsupported protocol_version and closes', async () => {
      const a = await RawAgent.connect(target.url);
      agents.push(a);
      const r = await a.request('register', { key: target.key, name: 'future', protocol_version: 99 });
      expect(r.payload.code).toBe('unsupported_protocol');
      await a.closed;
    });

    it('refuses a wrong key with unauthorized and closes', async () => {
      if (!target.key) return; // a --no-auth external server accepts anything
      const a = await RawAgent.connect(target.url);
      agents.push(a);
      const r = await a.request('register', { key: `${target.key}-wrong`, name: 'intruder' });
      expect(r.payload.code).toBe('unauthorized');
      await a.closed;
    });

    it('answers lines that are not frames with invalid_payload and no reply_to', async () => {
      const a = await join('framer');
      for (const bad of ['not json', '{"id":"q1","type":"no_such_type","payload":{}}', '{"id":"q2","payload":{}}', '[1,2]', '']) {
        a.sendRaw(`${bad}\n`);
        const err = await a.next((f) => f.type === 'error');
        expect(err.payload.code).toBe('invalid_payload');
        expect(err.reply_to).toBeUndefined();
      }
    });

    it('answers bad payloads with invalid_payload and the request id', async () => {
      const a = await join('payloads');
      const r1 = await a.request('join_room', {});
      expect(r1.type).toBe('error');
      expect(r1.payload.code).toBe('invalid_payload');
      const r2 = await a.request('send_message', { room_id: 'lobby', content: 42 });
      expect(r2.payload.code).toBe('invalid_payload');
      a.send({ id: 'no-payload', type: 'join_room' });
      const r3 = await a.next((f) => f.reply_to === 'no-payload');
      expect(r3.payload.code).toBe('invalid_payload');
    });

    it('treats register again and server-side types as unknown commands; ignores pong', async () => {
      const a = await join('again');
      expect(await a.errorCode('register', { key: target.key, name: 'x' })).toBe('invalid_payload');
      expect(await a.errorCode('ok', {})).toBe('invalid_payload');
      a.send({ id: 'pong-1', type: 'pong', payload: {} });
      const quiet = await a.quiet(150);
      expect(quiet.filter((f) => f.reply_to === 'pong-1')).toEqual([]);
    });

    it('accepts payloads exactly as the upstream Python client sends them (nulls for absent options)', async () => {
      const a = await join('py');
      const b = await join('py2');
      const created = await a.call('create_room', { name: uniqueName('py'), description: null, parent_id: null, ephemeral: false, public: false, encrypted: false });
      const id = created.room_id;
      expect(created.description).toBeUndefined();
      await a.call('join_room', { room_id: id });
      await b.call('join_room', { room_id: id });
      const msg = await a.call('send_message', { room_id: id, content: 'Hello!', reply_to: null, mentions: [] });
      expect(msg.reply_to_message).toBeUndefined();
      expect((await a.request('list_rooms', { parent_id: null })).type).toBe('room_list');
      expect((await a.request('list_agents', { room_id: null })).type).toBe('agent_list');
      expect((await a.call('get_history', { room_id: id, limit: 20 })).messages).toHaveLength(1);
      const vote = await a.call('create_vote', { room_id: id, title: 'Pick one?', options: ['A', 'B', 'C'], description: null });
      expect(vote.description).toBeUndefined();
      expect((await a.call('cast_vote', { vote_id: vote.vote_id, option_index: 0 })).votes_cast).toBe(1);
      await a.call('set_presence', { status: 'working', status_detail: 'reviewing', progress: 57 });
      await a.call('elect_leader', { room_id: id });
      await b.call('decline_election', { room_id: id });
      await a.event('leader_elected', (p) => p.room_id === id, electionWait());
      expect((await a.call('decision', { room_id: id, content: 'The decision text', metadata: {} })).room_id).toBe(id);
      expect(await a.errorCode('create_room', { name: 'x', ephemeral: null })).toBe('invalid_payload');
    });

    it('replies without reply_to to a request without id', async () => {
      const a = await join('no-id');
      a.send({ type: 'ping' });
      const pong = await a.next((f) => f.type === 'pong');
      expect(pong.reply_to).toBeUndefined();
      expect(pong.id).toMatch(UUID_V4);
    });
  });

  describe('rooms', () => {
    it('creates a private room, announces it to the creator before the reply, does not join the creator', async () => {
      const a = await join('creator');
      a.clear();
      const name = uniqueName('r');
      const reply = await a.request('create_room', { name, description: 'd' });
      expect(reply.type).toBe('ok');
      const room = reply.payload;
      expect(keys(room)).toEqual(['room_id', 'name', 'description', 'ephemeral', 'created_at', 'created_by', 'visibility', 'encrypted']);
      expect(room).toMatchObject({ name, description: 'd', ephemeral: false, created_by: a.agentId, visibility: 'private', encrypted: false });
      expect(room.owner_key).toBeUndefined();
      const created = a.seen('room_created', (p) => p.room_id === room.room_id);
      expect(created).toHaveLength(1);
      expect(created[0].index).toBeLessThan(reply.index);
      const info = await a.call('room_info', { room_id: room.room_id });
      expect(info.agents).toEqual([]);
      expect(info.current_turn_holder).toBeNull();
    });

    it('refuses a taken persistent name but not a taken ephemeral one', async () => {
      const a = await join('namer');
      const name = uniqueName('dup');
      await a.call('create_room', { name });
      expect(await a.errorCode('create_room', { name })).toBe('room_name_taken');
      await a.call('create_room', { name: 'same-ephemeral', ephemeral: true });
      await a.call('create_room', { name: 'same-ephemeral', ephemeral: true });
    });

    it('keeps sub-rooms under their parent', async () => {
      const a = await join('parent');
      const parent = await room(a);
      const child = await a.call('create_room', { name: uniqueName('child'), parent_id: parent });
      expect(child.parent_id).toBe(parent);
      const info = await a.call('room_info', { room_id: parent });
      expect(info.sub_rooms.map((r: any) => r.room_id)).toEqual([child.room_id]);
      const listed = await a.request('list_rooms', { parent_id: parent });
      expect(listed.type).toBe('room_list');
      expect(listed.payload.rooms.map((r: any) => r.room_id)).toEqual([child.room_id]);
      expect(await a.errorCode('create_room', { name: uniqueName('orphan'), parent_id: 'no-such-room' })).toBe('room_not_found');
    });

    it('lists rooms with member_count, persistent ones with last_activity after a message', async () => {
      const a = await join('lister');
      const id = await roomWith([a]);
      await a.call('send_message', { room_id: id, content: 'hello' });
      const listed = await a.request('list_rooms', {});
      const entry = listed.payload.rooms.find((r: any) => r.room_id === id);
      expect(entry.member_count).toBe(1);
      expect(typeof entry.last_activity).toBe('string');
    });

    it('joins idempotently, announcing the joiner and the first turn holder', async () => {
      const a = await join('j1');
      const b = await join('j2');
      const id = await room(a);
      a.clear();
      const first = await a.request('join_room', { room_id: id });
      expect(first.payload).toEqual({ room_id: id });
      const turn = a.seen('turn_changed', (p) => p.room_id === id);
      expect(turn).toHaveLength(1);
      expect(turn[0].payload).toEqual({ room_id: id, current_turn_holder: a.agentId, turn_order: [a.agentId], reason: 'joined' });
      expect(turn[0].index).toBeLessThan(first.index);
      await b.call('join_room', { room_id: id });
      const joined = await a.event('agent_joined', (p) => p.room_id === id);
      expect(joined.payload).toEqual({ room_id: id, agent: { agent_id: b.agentId, name: 'j2' } });
      await b.call('join_room', { room_id: id });
      expect(await a.quiet(100, 'agent_joined')).toEqual([]);
      expect(await a.errorCode('join_room', { room_id: 'no-such-room' })).toBe('room_not_found');
    });

    it('leaves: not_in_room for non-members, agent_left to others', async () => {
      const a = await join('l1');
      const b = await join('l2');
      const id = await roomWith([a, b]);
      const c = await join('l3');
      expect(await c.errorCode('leave_room', { room_id: id })).toBe('not_in_room');
      expect((await b.request('leave_room', { room_id: id })).payload).toEqual({ room_id: id });
      const left = await a.event('agent_left', (p) => p.room_id === id);
      expect(left.payload).toEqual({ room_id: id, agent_id: b.agentId });
    });

    it('destroys an ephemeral room when its last member leaves', async () => {
      const a = await join('eph');
      const id = await roomWith([a], { ephemeral: true });
      const reply = await a.request('leave_room', { room_id: id });
      const destroyed = a.seen('room_destroyed', (p) => p.room_id === id);
      expect(destroyed).toHaveLength(1);
      expect(destroyed[0].payload).toEqual({ room_id: id });
      expect(destroyed[0].index).toBeLessThan(reply.index);
      expect(await a.errorCode('join_room', { room_id: id })).toBe('room_not_found');
    });

    it('scopes private rooms to their key and shows public ones to all', async () => {
      if (!embeddedOnly()) return;
      const otherKey = target.server!.createApiKey('free', 'other');
      const a = await join('owner');
      const stranger = await RawAgent.register(target.url, otherKey, 'stranger');
      agents.push(stranger);
      const priv = await roomWith([a]);
      const pub = await roomWith([a], { public: true });
      expect(await stranger.errorCode('join_room', { room_id: priv })).toBe('access_denied');
      expect(await stranger.errorCode('get_history', { room_id: priv })).toBe('access_denied');
      expect(await stranger.errorCode('room_info', { room_id: priv })).toBe('access_denied');
      const listed = (await stranger.call('list_rooms', {})).rooms.map((r: any) => r.room_id);
      expect(listed).toContain(pub);
      expect(listed).not.toContain(priv);
      await stranger.call('join_room', { room_id: pub });
      const agentsOfKey = (await stranger.call('list_agents', {})).agents.map((x: any) => x.agent_id);
      expect(agentsOfKey).toEqual([stranger.agentId]);
    });
  });

  describe('messages, seq and history', () => {
    it('numbers messages per room from 1, echoes metadata, delivers to others only', async () => {
      const a = await join('s1');
      const b = await join('s2');
      const id = await roomWith([a, b]);
      const other = await roomWith([a]);
      const m1 = await a.call('send_message', { room_id: id, content: 'one', metadata: { kind: 'proposal', n: 1 } });
      const m2 = await b.call('send_message', { room_id: id, content: 'two' });
      const o1 = await a.call('send_message', { room_id: other, content: 'elsewhere' });
      expect([m1.seq, m2.seq, o1.seq]).toEqual([1, 2, 1]);
      expect(keys(m1)).toEqual(['message_id', 'room_id', 'agent_id', 'agent_name', 'content', 'metadata', 'timestamp', 'seq']);
      expect(m1.metadata).toEqual({ kind: 'proposal', n: 1 });
      expect(m2.metadata).toBeNull();
      const got = await b.event('message_received', (p) => p.message_id === m1.message_id);
      expect(got.payload).toEqual(m1);
      expect(a.seen('message_received', (p) => p.message_id === m1.message_id)).toEqual([]);
      expect(await (await join('s3')).errorCode('send_message', { room_id: id, content: 'x' })).toBe('not_in_room');
    });

    it('queues the sender\'s turn_changed before its reply', async () => {
      const a = await join('o1');
      const b = await join('o2');
      const id = await roomWith([a, b]);
      a.clear();
      const reply = await a.request('send_message', { room_id: id, content: 'hi' });
      const turn = a.seen('turn_changed', (p) => p.room_id === id && p.reason === 'message_sent');
      expect(turn).toHaveLength(1);
      expect(turn[0].index).toBeLessThan(reply.index);
      expect(turn[0].payload.current_turn_holder).toBe(b.agentId);
    });

    it('sends mention events only to mentioned members', async () => {
      const a = await join('m1');
      const b = await join('m2');
      const outsider = await join('m3');
      const id = await roomWith([a, b]);
      const msg = await a.call('send_message', { room_id: id, content: '@m2 look', mentions: [b.agentId, outsider.agentId] });
      const mention = await b.event('mention', (p) => p.message.message_id === msg.message_id);
      expect(mention.payload).toEqual({ room_id: id, message: msg });
      expect(await outsider.quiet(100, 'mention')).toEqual([]);
    });

    it('echoes reply_to as reply_to_message and refuses an unknown one in a persistent room', async () => {
      const a = await join('rt');
      const id = await roomWith([a]);
      const first = await a.call('send_message', { room_id: id, content: 'q' });
      const answer = await a.call('send_message', { room_id: id, content: 'a', reply_to: first.message_id });
      expect(answer.reply_to_message).toBe(first.message_id);
      expect(await a.errorCode('send_message', { room_id: id, content: 'a', reply_to: 'no-such-message' })).toBe('internal_error');
      expect((await a.call('send_message', { room_id: id, content: 'next' })).seq).toBe(3);
    });

    it('applies history precedence since_seq > since > before > newest', async () => {
      const a = await join('h');
      const id = await roomWith([a]);
      const sent = [];
      for (let i = 1; i <= 6; i++) sent.push(await a.call('send_message', { room_id: id, content: `m${i}` }));
      const contents = (r: any) => r.messages.map((m: any) => m.content);
      const latest = await a.request('get_history', { room_id: id, limit: 3 });
      expect(latest.type).toBe('history_result');
      expect(latest.payload.room_id).toBe(id);
      expect(contents(latest.payload)).toEqual(['m4', 'm5', 'm6']);
      expect(contents(await a.call('get_history', { room_id: id, since_seq: 2, limit: 2 }))).toEqual(['m3', 'm4']);
      expect(contents(await a.call('get_history', { room_id: id, since: sent[3].message_id }))).toEqual(['m5', 'm6']);
      expect(contents(await a.call('get_history', { room_id: id, since: 'unknown-id' }))).toEqual([]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect(contents(await a.call('get_history', { room_id: id, before: future, limit: 2 }))).toEqual(['m5', 'm6']);
      expect(contents(await a.call('get_history', { room_id: id, before: '2000-01-01T00:00:00Z' }))).toEqual([]);
      expect(
        contents(await a.call('get_history', { room_id: id, since_seq: 4, since: sent[0].message_id, before: '2000-01-01T00:00:00Z' })),
      ).toEqual(['m5', 'm6']);
      expect(contents(await a.call('get_history', { room_id: id, since: sent[4].message_id, before: '2000-01-01T00:00:00Z' }))).toEqual(['m6']);
      expect(await a.errorCode('get_history', { room_id: id, before: 'yesterday' })).toBe('invalid_payload');
      const tip = await a.request('room_tip', { room_id: id });
      expect(tip.type).toBe('room_tip_result');
      expect(tip.payload).toEqual({ room_id: id, seq: 6 });
    });

    it('reads history without membership; ephemeral rooms keep none but count seq', async () => {
      const a = await join('eh');
      const reader = await join('reader');
      const id = await roomWith([a]);
      await a.call('send_message', { room_id: id, content: 'kept' });
      expect((await reader.call('get_history', { room_id: id })).messages.map((m: any) => m.content)).toEqual(['kept']);
      const eph = await roomWith([a], { ephemeral: true });
      const m = await a.call('send_message', { room_id: eph, content: 'gone' });
      expect(m.seq).toBe(1);
      expect((await a.call('get_history', { room_id: eph })).messages).toEqual([]);
      expect((await a.call('room_tip', { room_id: eph })).seq).toBe(1);
    });

    it('stores thinking pulses with a seq, sends thinking events, keeps the turn', async () => {
      const a = await join('t1');
      const b = await join('t2');
      const id = await roomWith([a, b]);
      a.clear();
      const pulse = await a.request('thinking', { room_id: id, content: 'pondering' });
      expect(pulse.payload.metadata).toEqual({ type: 'thinking' });
      expect(pulse.payload.seq).toBe(1);
      const ev = await b.event('thinking', (p) => p.message_id === pulse.payload.message_id);
      expect(ev.payload).toEqual(pulse.payload);
      expect(a.seen('turn_changed', (p) => p.room_id === id && p.reason === 'message_sent')).toEqual([]);
      expect(b.seen('message_received', (p) => p.room_id === id)).toEqual([]);
      const hist = await a.call('get_history', { room_id: id });
      expect(hist.messages.map((m: any) => m.metadata)).toEqual([{ type: 'thinking' }]);
    });
  });

  describe('turn token', () => {
    it('passes to the next member after the sender; the first remaining member after the holder leaves', async () => {
      const [a, b, c] = [await join('ta'), await join('tb'), await join('tc')];
      const id = await roomWith([a, b, c]);
      const order = [a.agentId, b.agentId, c.agentId];
      expect((await a.call('room_info', { room_id: id })).current_turn_holder).toBe(a.agentId);
      await c.call('send_message', { room_id: id, content: 'c speaks' });
      const info = await a.call('room_info', { room_id: id });
      expect(info.current_turn_holder).toBe(a.agentId);
      expect(info.turn_order).toEqual(order);
      await a.call('send_message', { room_id: id, content: 'a speaks' });
      expect((await a.call('room_info', { room_id: id })).current_turn_holder).toBe(b.agentId);
      c.clear();
      await b.call('leave_room', { room_id: id });
      const changed = await c.event('turn_changed', (p) => p.room_id === id && p.reason === 'left');
      expect(changed.payload).toEqual({ room_id: id, current_turn_holder: a.agentId, turn_order: [a.agentId, c.agentId], reason: 'left' });
    });

    it('keeps the token with a single member', async () => {
      const a = await join('solo');
      const id = await roomWith([a]);
      const reply = await a.request('send_message', { room_id: id, content: 'me' });
      const turn = a.seen('turn_changed', (p) => p.room_id === id && p.reason === 'message_sent');
      expect(turn[0].payload.current_turn_holder).toBe(a.agentId);
      expect(turn[0].index).toBeLessThan(reply.index);
    });
  });

  describe('votes', () => {
    it('runs a sealed vote: counts only while open, results to all when everyone voted', async () => {
      const [a, b, c] = [await join('v1'), await join('v2'), await join('v3')];
      const id = await roomWith([a, b, c]);
      expect(await a.errorCode('create_vote', { room_id: id, title: 't', options: ['only'] })).toBe('invalid_payload');
      a.clear();
      const created = await a.request('create_vote', { room_id: id, title: 'Pick', description: 'which', options: ['A', 'B', 'C'] });
      const vote = created.payload;
      expect(keys(vote)).toEqual(['vote_id', 'room_id', 'title', 'description', 'options', 'created_by', 'created_at', 'status', 'votes_cast', 'eligible_voters']);
      expect(vote).toMatchObject({ status: 'open', votes_cast: 0, eligible_voters: 3, created_by: a.agentId });
      const announced = a.seen('vote_created', (p) => p.vote_id === vote.vote_id);
      expect(announced[0].index).toBeLessThan(created.index);
      expect((await c.event('vote_created', (p) => p.vote_id === vote.vote_id)).payload).toEqual(vote);

      const late = await join('v-late');
      await late.call('join_room', { room_id: id });
      expect(await late.errorCode('cast_vote', { vote_id: vote.vote_id, option_index: 0 })).toBe('access_denied');
      expect(await a.errorCode('cast_vote', { vote_id: vote.vote_id, option_index: 3 })).toBe('invalid_option');
      expect(await a.errorCode('cast_vote', { vote_id: 'no-such-vote', option_index: 0 })).toBe('vote_not_found');
      expect(await a.call('cast_vote', { vote_id: vote.vote_id, option_index: 1 })).toEqual({ vote_id: vote.vote_id, votes_cast: 1, eligible_voters: 3 });
      expect(await a.errorCode('cast_vote', { vote_id: vote.vote_id, option_index: 0 })).toBe('already_voted');
      const status = await b.call('get_vote_status', { vote_id: vote.vote_id });
      expect(status).toMatchObject({ status: 'open', votes_cast: 1 });
      expect(status.tally).toBeUndefined();
      await b.call('cast_vote', { vote_id: vote.vote_id, option_index: 1 });
      c.clear();
      const closing = await c.request('cast_vote', { vote_id: vote.vote_id, option_index: 2 });
      const result = c.seen('vote_result', (p) => p.vote_id === vote.vote_id);
      expect(result).toHaveLength(1);
      expect(result[0].index).toBeLessThan(closing.index);
      expect(keys(result[0].payload)).toEqual(['vote_id', 'room_id', 'title', 'options', 'tally', 'ballots', 'total_votes', 'eligible_voters']);
      expect(result[0].payload.tally).toEqual([
        { option_index: 0, option_text: 'A', count: 0 },
        { option_index: 1, option_text: 'B', count: 2 },
        { option_index: 2, option_text: 'C', count: 1 },
      ]);
      expect(result[0].payload.ballots).toEqual([
        { agent_id: a.agentId, agent_name: 'v1', option_index: 1 },
        { agent_id: b.agentId, agent_name: 'v2', option_index: 1 },
        { agent_id: c.agentId, agent_name: 'v3', option_index: 2 },
      ]);
      expect(result[0].payload).toMatchObject({ total_votes: 3, eligible_voters: 3 });
      await a.event('vote_result', (p) => p.vote_id === vote.vote_id);
      await late.event('vote_result', (p) => p.vote_id === vote.vote_id);
      const closed = await a.call('get_vote_status', { vote_id: vote.vote_id });
      expect(closed.status).toBe('closed');
      expect(closed.tally.map((t: any) => t.count)).toEqual([0, 2, 1]);
      expect(await late.errorCode('cast_vote', { vote_id: vote.vote_id, option_index: 0 })).toBe('vote_closed');
      const second = await a.call('create_vote', { room_id: id, title: 'Second', options: ['x', 'y'] });
      const listed = await a.call('list_votes', { room_id: id });
      expect(listed.room_id).toBe(id);
      expect(listed.votes.map((v: any) => v.vote_id)).toEqual([second.vote_id, vote.vote_id]);
      expect(await (await join('v-out')).errorCode('create_vote', { room_id: id, title: 't', options: ['a', 'b'] })).toBe('not_in_room');
    });

    it('closes a vote at its deadline with the ballots cast so far', async () => {
      const [a, b] = [await join('d1'), await join('d2')];
      const id = await roomWith([a, b]);
      const vote = await a.call('create_vote', { room_id: id, title: 'Quick', options: ['yes', 'no'], duration_secs: 1 });
      expect(Date.parse(vote.closes_at) - Date.parse(vote.created_at)).toBe(1000);
      await a.call('cast_vote', { vote_id: vote.vote_id, option_index: 0 });
      const result = await b.event('vote_result', (p) => p.vote_id === vote.vote_id, 4_000);
      expect(result.payload).toMatchObject({ total_votes: 1, eligible_voters: 2 });
      expect(result.payload.tally.map((t: any) => t.count)).toEqual([1, 0]);
    });
  });

  describe('elections and decisions', () => {
    it('elects a leader among non-decliners; only the leader decides', async () => {
      const [a, b, c] = [await join('e1'), await join('e2'), await join('e3')];
      const id = await roomWith([a, b, c]);
      expect(await (await join('e-out')).errorCode('elect_leader', { room_id: id })).toBe('not_in_room');
      expect(await b.errorCode('decline_election', { room_id: id })).toBe('no_election_active');
      a.clear();
      const started = await a.request('elect_leader', { room_id: id });
      expect(started.type).toBe('ok');
      expect(keys(started.payload)).toEqual(['room_id', 'candidates', 'message']);
      expect(started.payload.candidates).toEqual([a.agentId, b.agentId, c.agentId]);
      const ev = a.seen('election_started', (p) => p.room_id === id);
      expect(ev[0].index).toBeLessThan(started.index);
      expect(keys(ev[0].payload)).toEqual(['room_id', 'candidates', 'started_by', 'opt_out_seconds']);
      expect(ev[0].payload.started_by).toBe(a.agentId);
      expect(await b.errorCode('elect_leader', { room_id: id })).toBe('election_in_progress');
      expect(await a.call('decline_election', { room_id: id })).toEqual({ room_id: id, message: 'Declined election' });
      await c.call('decline_election', { room_id: id });
      const elected = await c.event('leader_elected', (p) => p.room_id === id, electionWait());
      expect(elected.payload).toEqual({ room_id: id, leader_id: b.agentId, leader_name: 'e2' });
      expect(await a.errorCode('decision', { room_id: id, content: 'rogue' })).toBe('not_leader');
      const before = (await a.call('room_tip', { room_id: id })).seq;
      const decided = await b.request('decision', { room_id: id, content: 'We go with B', metadata: { option: 1 } });
      expect(keys(decided.payload)).toEqual(['message_id', 'room_id']);
      const made = b.seen('decision_made', (p) => p.message_id === decided.payload.message_id);
      expect(made[0].index).toBeLessThan(decided.index);
      const seenByA = await a.event('decision_made', (p) => p.message_id === decided.payload.message_id);
      expect(keys(seenByA.payload)).toEqual(['room_id', 'message_id', 'leader_id', 'leader_name', 'content', 'metadata', 'timestamp']);
      expect(seenByA.payload).toMatchObject({ leader_id: b.agentId, leader_name: 'e2', content: 'We go with B', metadata: { option: 1 } });
      expect(a.seen('message_received', (p) => p.room_id === id)).toEqual([]);
      const hist = await a.call('get_history', { room_id: id, since_seq: before });
      expect(hist.messages).toHaveLength(1);
      expect(hist.messages[0]).toMatchObject({ message_id: decided.payload.message_id, seq: before + 1, metadata: { type: 'decision', decided_by: b.agentId } });
    });

    it('clears leadership when all decline, and when the leader disconnects (not on leave)', async () => {
      const [a, b] = [await join('c1'), await join('c2')];
      const id = await roomWith([a, b]);
      await a.call('elect_leader', { room_id: id });
      await a.call('decline_election', { room_id: id });
      await b.call('decline_election', { room_id: id });
      const cleared = await a.event('leader_cleared', (p) => p.room_id === id, electionWait());
      expect(cleared.payload).toEqual({ room_id: id, reason: 'all candidates declined' });

      await a.call('elect_leader', { room_id: id });
      await a.call('decline_election', { room_id: id });
      await a.event('leader_elected', (p) => p.room_id === id && p.leader_id === b.agentId, electionWait());
      await b.call('leave_room', { room_id: id });
      expect(await a.quiet(150, 'leader_cleared')).toEqual([]);
      await b.call('join_room', { room_id: id });
      await b.call('decision', { room_id: id, content: 'still leading' });
      await b.close();
      const gone = await a.event('leader_cleared', (p) => p.room_id === id && p.reason === 'leader left');
      expect(gone.payload).toEqual({ room_id: id, reason: 'leader left' });
    });
  });

  describe('tasks', () => {
    it('assigns, updates (free-text status) and lists tasks with events to all', async () => {
      const [a, b] = [await join('k1'), await join('k2')];
      const id = await roomWith([a, b]);
      a.clear();
      const created = await a.request('assign_task', { room_id: id, title: 'Backtest', description: 'all windows', assignee: b.agentId });
      const task = created.payload;
      expect(keys(task)).toEqual(['task_id', 'room_id', 'title', 'description', 'status', 'assignee', 'created_by', 'created_at']);
      expect(task).toMatchObject({ status: 'pending', assignee: b.agentId, created_by: a.agentId });
      expect(a.seen('task_assigned', (p) => p.task_id === task.task_id)[0].index).toBeLessThan(created.index);
      expect((await b.event('task_assigned', (p) => p.task_id === task.task_id)).payload).toEqual(task);
      const updated = await b.call('update_task', { task_id: task.task_id, status: 'half-way there', note: '50%' });
      expect(updated).toMatchObject({ status: 'half-way there', note: '50%', assignee: b.agentId });
      expect(typeof updated.updated_at).toBe('string');
      expect((await a.event('task_updated', (p) => p.task_id === task.task_id)).payload).toEqual(updated);
      await a.call('assign_task', { room_id: id, title: 'Other' });
      const all = await a.request('list_tasks', { room_id: id });
      expect(all.type).toBe('task_list');
      expect(all.payload.tasks).toHaveLength(2);
      expect((await a.call('list_tasks', { room_id: id, status: 'pending' })).tasks.map((t: any) => t.title)).toEqual(['Other']);
      expect(await a.errorCode('update_task', { task_id: 'no-such-task', status: 'done' })).toBe('task_not_found');
      const outsider = await join('k3');
      expect(await outsider.errorCode('update_task', { task_id: task.task_id, status: 'x' })).toBe('not_in_room');
      expect(await outsider.errorCode('assign_task', { room_id: id, title: 'x' })).toBe('not_in_room');
    });
  });

  describe('presence and typing', () => {
    it('broadcasts typing and presence to the other members; list_agents shows presence', async () => {
      const [a, b] = [await join('p1', { capabilities: ['tune'] }), await join('p2')];
      const id = await roomWith([a, b]);
      expect(await a.call('set_typing', { room_id: id })).toEqual({ room_id: id });
      const typing = await b.event('typing_indicator', (p) => p.room_id === id);
      expect(typing.payload).toEqual({ room_id: id, agent_id: a.agentId, agent_name: 'p1', typing: true });
      expect(await a.errorCode('set_presence', { status: 'sleeping' })).toBe('invalid_payload');
      expect(await a.call('set_presence', { status: 'working' })).toEqual({ status: 'working' });
      const presence = await b.event('presence_update', (p) => p.agent_id === a.agentId);
      expect(presence.payload).toEqual({ agent_id: a.agentId, agent_name: 'p1', status: 'working', status_detail: null, progress: null });
      await a.call('set_presence', { status: 'thinking', status_detail: 'section 3', progress: 57 });
      const members = await b.request('list_agents', { room_id: id });
      expect(members.type).toBe('agent_list');
      expect(members.payload.agents.map((x: any) => x.agent_id)).toEqual([a.agentId, b.agentId]);
      expect(members.payload.agents[0]).toMatchObject({ name: 'p1', capabilities: ['tune'], status: 'thinking', status_detail: 'section 3', progress: 57 });
      expect(members.payload.agents[1].status).toBe('idle');
    });
  });

  describe('encrypted rooms', () => {
    it('refuses plaintext and accepts clw1: blobs for messages, thinking and decisions', async () => {
      const a = await join('enc');
      const id = await roomWith([a], { encrypted: true });
      expect((await a.call('room_info', { room_id: id })).room.encrypted).toBe(true);
      expect(await a.errorCode('send_message', { room_id: id, content: 'secret plans' })).toBe('plaintext_in_encrypted_room');
      expect(await a.errorCode('thinking', { room_id: id, content: 'hmm' })).toBe('plaintext_in_encrypted_room');
      const blob = 'clw1:AAECAwQFBgcICQoLKhGRfOKl8HefnzgqUDI0+FGMJf1tKsEWJ1hJ';
      expect((await a.call('send_message', { room_id: id, content: blob })).content).toBe(blob);
      await a.call('elect_leader', { room_id: id });
      await a.event('leader_elected', (p) => p.room_id === id, electionWait());
      expect(await a.errorCode('decision', { room_id: id, content: 'plain' })).toBe('plaintext_in_encrypted_room');
      await a.call('decision', { room_id: id, content: blob });
    });
  });

  describe('limits', () => {
    it('refuses content over 64 KiB with message_too_large', async () => {
      if (!target.key) return; // limits apply in auth mode only
      const a = await join('big');
      const id = await roomWith([a]);
      expect(await a.errorCode('send_message', { room_id: id, content: 'x'.repeat(64 * 1024 + 1) })).toBe('message_too_large');
      expect((await a.call('send_message', { room_id: id, content: 'x'.repeat(64 * 1024) })).seq).toBe(1);
    });

    it('drops a connection that sends a line over 1 MiB; others are unaffected', async () => {
      const a = await join('huge');
      const b = await join('bystander');
      a.sendRaw(`{"id":"h","type":"ping","payload":{"pad":"${'y'.repeat(1024 * 1024)}"}}\n`);
      await a.closed;
      expect((await b.request('ping', {})).type).toBe('pong');
    });
  });

  describe('reconnect', () => {
    it('lets reconnect:true take over a live agent_id: rooms inherited, old socket dropped, no broadcasts', async () => {
      const id = uniqueName('takeover');
      const old = await join('tk', { agent_id: id });
      const peer = await join('tk-peer');
      const roomId = await roomWith([old, peer]);
      peer.clear();
      const fresh = await join('tk', { agent_id: id, reconnect: true });
      expect(fresh.agentId).toBe(id);
      await old.closed;
      const msg = await fresh.call('send_message', { room_id: roomId, content: 'same me' });
      expect(msg.agent_id).toBe(id);
      expect((await peer.event('message_received', (p) => p.message_id === msg.message_id)).payload.content).toBe('same me');
      expect(peer.seen('agent_left')).toEqual([]);
      expect(peer.seen('agent_joined')).toEqual([]);
    });

    it('reclaims a stash: rooms back, agent_left events replayed after the reply, peers told', async () => {
      const id = uniqueName('reclaim');
      const a = await join('rc', { agent_id: id });
      const b = await join('rc-b');
      const c = await join('rc-c');
      const roomId = await roomWith([a, b, c]);
      await a.close();
      await b.event('agent_left', (p) => p.room_id === roomId && p.agent_id === id);
      await c.close();
      await b.event('agent_left', (p) => p.room_id === roomId && p.agent_id === c.agentId);
      const back = await RawAgent.connect(target.url);
      agents.push(back);
      const reply = await back.request('register', { key: target.key, name: 'rc', agent_id: id, reconnect: true });
      expect(reply.type).toBe('ok');
      expect(reply.payload).toMatchObject({ agent_id: id, reconnected: true, rooms: [roomId], missed_messages: 1 });
      const replay = back.received[reply.index + 1];
      expect(replay.type).toBe('agent_left');
      expect(replay.payload).toEqual({ room_id: roomId, agent_id: c.agentId });
      const rejoined = await b.event('agent_joined', (p) => p.room_id === roomId && p.agent.agent_id === id);
      expect(rejoined.payload.reconnected).toBe(true);
      expect((await back.call('send_message', { room_id: roomId, content: 'back' })).seq).toBeGreaterThan(0);
    });
  });
}

export type { RawFrame };
