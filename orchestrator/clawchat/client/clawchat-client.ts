import type { CommandInput, CommandReply } from '../protocol/command-table.js';
import type { AgentInfo, ChatMessage, Room, Subscription, TaskInfo, VoteInfo } from '../protocol/models.js';
import type { HistoryResult, RoomInfoResult } from '../protocol/replies.js';
import { ClientSession } from './client-session.js';
import type { ClawChatClientOptions } from './options.js';

/**
 * A ClawChat client over NDJSON (TCP, Unix socket, WebSocket): typed requests correlated by id
 * with a per-request timeout, server errors raised as {@link ClawChatError} carrying the
 * ClawChat `code`, pushed events as async iterators and typed listeners, transparent
 * end-to-end encryption for rooms given a room key, and opt-in automatic reconnection that
 * catches up missed messages (see {@link ClientSession} and `autoReconnect`). Every inbound
 * frame is validated with zod; a frame that fails is reported (logger + `onProtocolError`
 * listeners) with its raw line, and a reply that fails rejects its request with
 * ClawChatProtocolError.
 *
 * ```ts
 * const c = await ClawChatClient.connect({ url: 'tcp://127.0.0.1:9229', key, name: 'tuner-1', autoReconnect: true });
 * await c.joinRoom(roomId);
 * for await (const ev of c.events({ types: ['message_received'] })) console.log(ev.payload.content);
 * ```
 */
export class ClawChatClient extends ClientSession {
  private constructor(options: ClawChatClientOptions) {
    super(options);
  }

  /**
   * Connects and registers.
   *
   * @throws ClawChatConnectionError if the server cannot be reached; ClawChatError with the
   *   server's code if registration is refused (`unauthorized`, `agent_id_taken`, …);
   *   ClawChatTimeoutError if it does not answer in `connectTimeoutMs`.
   */
  static async connect(options: ClawChatClientOptions): Promise<ClawChatClient> {
    const client = new ClawChatClient(options);
    await client.start();
    return client;
  }

  // --- typed commands ---

  /** `ping` → `pong`. */
  async ping(): Promise<void> {
    await this.request('ping', {});
  }

  /** `create_room` → the Room (private unless `public`; the creator is not joined). */
  createRoom(input: CommandInput<'create_room'>): Promise<Room> {
    return this.request('create_room', input);
  }

  /** `join_room`. */
  async joinRoom(roomId: string): Promise<void> {
    await this.request('join_room', { room_id: roomId });
  }

  /** `leave_room`. */
  async leaveRoom(roomId: string): Promise<void> {
    await this.request('leave_room', { room_id: roomId });
  }

  /** `send_message` → the stored ChatMessage (with its seq). */
  sendMessage(input: CommandInput<'send_message'>): Promise<ChatMessage> {
    return this.request('send_message', input);
  }

  /** `thinking` → the stored pulse. */
  thinking(roomId: string, content: string): Promise<ChatMessage> {
    return this.request('thinking', { room_id: roomId, content });
  }

  /** `get_history` → `{room_id, messages}` (ascending). */
  getHistory(input: CommandInput<'get_history'>): Promise<HistoryResult> {
    return this.request('get_history', input);
  }

  /** `room_tip` → the room's latest seq (0 if none). */
  async roomTip(roomId: string): Promise<number> {
    return (await this.request('room_tip', { room_id: roomId })).seq;
  }

  /** `list_rooms` → rooms this key may see. */
  async listRooms(parentId?: string): Promise<Room[]> {
    return (await this.request('list_rooms', { parent_id: parentId })).rooms;
  }

  /** `list_agents` → a room's members, or the agents on this key. */
  async listAgents(roomId?: string): Promise<AgentInfo[]> {
    return (await this.request('list_agents', { room_id: roomId })).agents;
  }

  /** `room_info`. */
  roomInfo(roomId: string): Promise<RoomInfoResult> {
    return this.request('room_info', { room_id: roomId });
  }

  /** `set_typing`. */
  async setTyping(roomId: string, typing = true): Promise<void> {
    await this.request('set_typing', { room_id: roomId, typing });
  }

  /** `set_presence` (idle, waiting, working, thinking). */
  async setPresence(input: CommandInput<'set_presence'>): Promise<void> {
    await this.request('set_presence', input);
  }

  /** `create_vote` → VoteInfo. */
  createVote(input: CommandInput<'create_vote'>): Promise<VoteInfo> {
    return this.request('create_vote', input);
  }

  /** `cast_vote` → `{vote_id, votes_cast, eligible_voters}`. */
  castVote(voteId: string, optionIndex: number): Promise<CommandReply<'cast_vote'>> {
    return this.request('cast_vote', { vote_id: voteId, option_index: optionIndex });
  }

  /** `get_vote_status` → VoteInfo (tally once closed). */
  getVoteStatus(voteId: string): Promise<VoteInfo> {
    return this.request('get_vote_status', { vote_id: voteId });
  }

  /** `list_votes` → the room's votes, newest first. */
  async listVotes(roomId: string, limit?: number): Promise<VoteInfo[]> {
    return (await this.request('list_votes', { room_id: roomId, limit })).votes;
  }

  /** `elect_leader` → `{room_id, candidates, message}`; `leader_elected` follows after the opt-out window. */
  electLeader(roomId: string): Promise<CommandReply<'elect_leader'>> {
    return this.request('elect_leader', { room_id: roomId });
  }

  /** `decline_election`. */
  async declineElection(roomId: string): Promise<void> {
    await this.request('decline_election', { room_id: roomId });
  }

  /** `decision` (leader only) → `{message_id, room_id}`. */
  decision(input: CommandInput<'decision'>): Promise<CommandReply<'decision'>> {
    return this.request('decision', input);
  }

  /** `assign_task` → TaskInfo. */
  assignTask(input: CommandInput<'assign_task'>): Promise<TaskInfo> {
    return this.request('assign_task', input);
  }

  /** `update_task` → TaskInfo. */
  updateTask(input: CommandInput<'update_task'>): Promise<TaskInfo> {
    return this.request('update_task', input);
  }

  /** `list_tasks` → the room's tasks. */
  async listTasks(roomId: string, status?: string): Promise<TaskInfo[]> {
    return (await this.request('list_tasks', { room_id: roomId, status })).tasks;
  }

  /** `subscribe` → Subscription. */
  subscribe(input: CommandInput<'subscribe'>): Promise<Subscription> {
    return this.request('subscribe', input);
  }

  /** `unsubscribe`. */
  async unsubscribe(subscriptionId: string): Promise<void> {
    await this.request('unsubscribe', { subscription_id: subscriptionId });
  }

  /** `list_subscriptions` → this key's subscriptions. */
  async listSubscriptions(roomId?: string): Promise<Subscription[]> {
    return (await this.request('list_subscriptions', { room_id: roomId })).subscriptions;
  }

  /** `enable_subscription`. */
  async enableSubscription(subscriptionId: string): Promise<void> {
    await this.request('enable_subscription', { subscription_id: subscriptionId });
  }
}
