import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import type { AgentExit, AgentHandle, AgentRuntime, AgentSpec } from '../../workers/runtimes/agent-runtime.js';

/**
 * The benchmarks' no-op agent runtime: each agent lives in the worker process itself (no OS
 * process), connects to the iteration's ClawChat room with the real client, proposes "keep the
 * current config" (an empty change set) and exits when the conductor posts the result. An
 * iteration of such a team still does everything else for real: room, brief, task, proposal
 * check, decision (the conductor's fallback: keep), measurement (one evaluate process), record,
 * run-log events with fsync, git HEAD and config reads, control files, the BullMQ job.
 */
export class KeepAgentRuntime implements AgentRuntime {
  readonly name = 'keep';

  /** @param thinkMs how long each agent waits (no CPU) before proposing, like an agent waiting on a model. Default 0. */
  constructor(private readonly thinkMs = 0) {}

  /** Called as each agent is spawned (benchmarks time it). */
  onSpawn: ((spec: AgentSpec) => void) | null = null;

  spawn(spec: AgentSpec): AgentHandle {
    this.onSpawn?.(spec);
    const started = Date.now();
    let client: ClawChatClient | null = null;
    let killedFor: string | null = null;
    const run = async (): Promise<AgentExit> => {
      try {
        client = await ClawChatClient.connect({ url: spec.chat.url, key: spec.chat.key, name: spec.name, agentId: spec.agentId });
        const result = client.waitFor('message_received', { timeoutMs: 120_000, predicate: (e) => e.payload.room_id === spec.chat.roomId && (e.payload.metadata as { kind?: string } | null)?.kind === 'result' });
        await client.joinRoom(spec.chat.roomId);
        if (this.thinkMs > 0) await new Promise((r) => setTimeout(r, this.thinkMs));
        await client.sendMessage({ room_id: spec.chat.roomId, content: 'keep the current config', metadata: { kind: 'proposal', changes: {}, hypothesis: 'no-op benchmark agent' } });
        await result;
        return exit(0, null);
      } catch (err) {
        return exit(killedFor ? null : 1, (err as Error).message);
      } finally {
        await client?.close().catch(() => undefined);
      }
    };
    const exit = (code: number | null, reason: string | null): AgentExit => ({
      exitCode: code,
      signal: null,
      durationMs: Date.now() - started,
      outcome: killedFor ? 'killed' : 'exited',
      reason: killedFor ?? reason,
    });
    const exited = run();
    return {
      spec,
      pid: null,
      exited,
      kill: async (reason: string) => {
        killedFor ??= reason;
        await client?.close().catch(() => undefined);
        return exited;
      },
    };
  }
}
