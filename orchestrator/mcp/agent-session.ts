import type { Logger } from 'pino';
import type { ClawChatClient } from '../clawchat/client/index.js';
import type { ChatMessage, VoteResult } from '../clawchat/protocol/index.js';
import { BriefMetadataSchema, metadataKind, type BriefMetadata } from '../iteration/room-messages.js';
import { loadTarget } from '../target/definition/load-target.js';
import type { Target } from '../target/definition/target.js';
import type { McpAgentConfig } from './agent-config.js';
import { McpToolError } from './errors/mcp-tool-error.js';
import type { RoomView } from './room-view.js';

/** The brief and the message that carried it (its author is the conductor). */
export interface BriefInfo {
  brief: BriefMetadata;
  message: ChatMessage;
}

/**
 * Everything the tools of one agent share: its configuration, its chat connection (its identity
 * in the room), the room view, and — loaded once, on first use — the brief and the target
 * definition (space, invariants, evaluate command).
 */
export class McpAgentSession {
  private briefInfo: BriefInfo | null = null;
  private targetPromise: Promise<Target> | null = null;

  constructor(
    readonly config: McpAgentConfig,
    readonly client: ClawChatClient,
    readonly view: RoomView,
    readonly logger: Logger,
  ) {}

  /** This agent's ClawChat agent_id. */
  get agentId(): string {
    return this.client.agentId;
  }

  /** The iteration room. */
  get roomId(): string {
    return this.config.chat.roomId;
  }

  /**
   * The iteration's brief (the first `kind: "brief"` message of the room), waiting up to
   * `timeoutMs` for it.
   * @throws McpToolError `no_brief` when none came, or it does not validate.
   */
  async brief(timeoutMs = 10_000): Promise<BriefInfo> {
    if (this.briefInfo) return this.briefInfo;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const since = this.view.changes;
      const message = (await this.view.allMessages()).find((m) => metadataKind(m.metadata) === 'brief');
      if (message) {
        const parsed = BriefMetadataSchema.safeParse(message.metadata);
        if (!parsed.success) throw new McpToolError('no_brief', `the brief in the room is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        this.briefInfo = { brief: parsed.data, message };
        return this.briefInfo;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new McpToolError('no_brief', 'the conductor has not posted the brief in this room yet');
      await this.view.waitForChange(since, left);
    }
  }

  /** The conductor's agent_id (the brief's author). */
  async conductorId(): Promise<string> {
    return (await this.brief()).message.agent_id;
  }

  /** The target definition (loaded once). @throws TargetConfigError when it is unusable. */
  target(): Promise<Target> {
    this.targetPromise ??= loadTarget(this.config.target.file, { runsDir: this.config.target.runsDir });
    this.targetPromise.catch(() => (this.targetPromise = null));
    return this.targetPromise;
  }

  /** The current leader of the room (latest leader_elected not followed by leader_cleared), or null. */
  leader(): { id: string; name: string } | null {
    for (let i = this.view.events.length - 1; i >= 0; i--) {
      const e = this.view.events[i]!;
      if (e.type === 'leader_cleared') return null;
      if (e.type === 'leader_elected') return { id: String(e.payload.leader_id), name: String(e.payload.leader_name) };
    }
    return null;
  }

  /** The latest closed vote of the room, if any. */
  voteResult(): VoteResult | null {
    return (this.view.latest('vote_result')?.payload as VoteResult | undefined) ?? null;
  }

  /** Options with the most ballots in `result`, the conductor's closing ballot not counted; [] without ballots. */
  topVoted(result: VoteResult, conductorId: string): number[] {
    const counts = new Map<number, number>();
    for (const b of result.ballots) if (b.agent_id !== conductorId) counts.set(b.option_index, (counts.get(b.option_index) ?? 0) + 1);
    const max = Math.max(0, ...counts.values());
    if (max === 0) return [];
    return [...counts.entries()].filter(([, c]) => c === max).map(([i]) => i).sort((a, b) => a - b);
  }
}
