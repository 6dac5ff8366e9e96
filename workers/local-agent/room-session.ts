import type { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import type { ChatMessage, VoteResult } from '../../orchestrator/clawchat/protocol/index.js';
import { BriefMetadataSchema, metadataKind, type BriefMetadata } from '../../orchestrator/iteration/room-messages.js';

/** Thrown by a {@link BriefedSession.step} once the conductor posted the result: the agent's part is over. */
export class IterationOver extends Error {}

/** The brief an agent read and the guard it plays the rest of the iteration under. */
export interface BriefedSession {
  brief: BriefMetadata;
  /** The conductor's agent id (the brief's sender). */
  conductorId: string;
  /**
   * Awaits `p` unless the iteration ends first: throws {@link IterationOver} when the result is
   * posted, an Error when the decide deadline + 30 s passed without one.
   */
  step<T>(p: Promise<T>): Promise<T>;
  /** Settles when the result is posted (`over`) or the lifetime expired (`expired`). */
  over: Promise<'over' | 'expired'>;
}

/**
 * An agent's view of its iteration room: finds messages by `metadata.kind`, whether they were
 * posted before the agent joined (history) or arrive later (events) — nothing is missed because
 * the listener is attached before history is read.
 */
export class RoomSession {
  private readonly seen: ChatMessage[] = [];
  private readonly waiters = new Set<{ kind: string; resolve: (m: ChatMessage) => void }>();
  private readonly off: () => void;

  private constructor(readonly client: ClawChatClient, readonly roomId: string) {
    this.off = client.on('message_received', (e) => {
      if (e.payload.room_id === roomId) this.add(e.payload);
    });
  }

  /** Joins the room and loads its history (all pages). */
  static async open(client: ClawChatClient, roomId: string): Promise<RoomSession> {
    const session = new RoomSession(client, roomId);
    await client.joinRoom(roomId);
    let since = 0;
    for (;;) {
      const { messages } = await client.getHistory({ room_id: roomId, since_seq: since, limit: 200 });
      for (const m of messages) session.add(m);
      if (messages.length < 200) break;
      since = (messages.at(-1) as ChatMessage).seq;
    }
    return session;
  }

  /** The first message of `kind` (posted by anyone but this agent), waiting up to `timeoutMs`. */
  first(kind: string, timeoutMs: number, predicate: (m: ChatMessage) => boolean = () => true): Promise<ChatMessage> {
    const hit = this.seen.find((m) => metadataKind(m.metadata) === kind && predicate(m));
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const waiter = {
        kind,
        resolve: (m: ChatMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${kind} message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Waits for the conductor's brief (up to 30 s), validates it and arms the iteration's guard: the
   * agent lives until the result is posted, at most until the decide deadline + 30 s (≥ 5 s).
   *
   * @throws Error when no brief arrives or it does not validate (the reasons listed).
   */
  async readBrief(): Promise<BriefedSession> {
    const briefMsg = await this.first('brief', 30_000);
    const parsed = BriefMetadataSchema.safeParse(briefMsg.metadata);
    if (!parsed.success) throw new Error(`the brief is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const brief = parsed.data;
    const lifetimeMs = Math.max(5_000, Date.parse(brief.deadlines.decide) - Date.now() + 30_000);
    const over = this.first('result', lifetimeMs).then(
      () => 'over' as const,
      () => 'expired' as const,
    );
    const step = async <T>(p: Promise<T>): Promise<T> => {
      const r = await Promise.race([p, over]);
      if (r === 'over') throw new IterationOver();
      if (r === 'expired') throw new Error('the iteration outlived its deadlines without a result');
      return r as T;
    };
    return { brief, conductorId: briefMsg.agent_id, step, over };
  }

  /** Stops listening. */
  close(): void {
    this.off();
  }

  private add(m: ChatMessage): void {
    if (m.agent_id === this.client.agentId || this.seen.some((s) => s.message_id === m.message_id)) return;
    this.seen.push(m);
    const kind = metadataKind(m.metadata);
    for (const w of [...this.waiters]) if (w.kind === kind) w.resolve(m);
  }
}

/** Milliseconds until an ISO deadline plus `slackMs`, at least 1 s. */
export function remaining(deadline: string, slackMs: number): number {
  return Math.max(1_000, Date.parse(deadline) - Date.now() + slackMs);
}

/** Indices of the options with the most ballots, not counting the conductor's closing ballot. */
export function topVoted(result: Pick<VoteResult, 'ballots' | 'options'>, conductorId: string): number[] {
  const counts = new Array<number>(result.options.length).fill(0);
  for (const b of result.ballots) if (b.agent_id !== conductorId) counts[b.option_index] = (counts[b.option_index] ?? 0) + 1;
  const max = Math.max(...counts);
  if (max <= 0) return [];
  return counts.flatMap((c, i) => (c === max ? [i] : []));
}
