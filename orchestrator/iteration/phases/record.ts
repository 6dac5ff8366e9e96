import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChatMessage } from '../../clawchat/protocol/index.js';
import type { ConductorContext, IterationState } from '../iteration-state.js';
import type { ResultMetadata } from '../room-messages.js';

/**
 * Phase 9, record & close: posts the result to the room (agents waiting for it exit), gives the
 * agents `closeMs` to end on their own and kills the stragglers with their whole process trees,
 * then saves the room's chat transcript (`transcript.jsonl`, every message in seq order) in the
 * iteration folder and leaves the room. Also runs on every failure path (with `aborted`, agents
 * are killed at once). Never throws: a close-down problem is logged, not allowed to hide the
 * iteration's own outcome.
 */
export async function closeIteration(ctx: ConductorContext, it: IterationState, options: { aborted: boolean }): Promise<void> {
  const { client, logger } = ctx;
  const roomId = it.roomId;
  if (roomId && !client.closed) {
    const result: ResultMetadata = {
      kind: 'result',
      iterationId: it.id,
      status: it.status ?? 'failed',
      reason: it.reason || null,
      pnl: it.pnl,
      commit: it.commit,
      diff: it.diffText || 'no change',
    };
    await client
      .sendMessage({ room_id: roomId, content: `result: ${result.status}${it.reason ? ` — ${it.reason}` : ''}`, metadata: result })
      .catch((err: unknown) => logger.warn({ err }, 'could not post the result'));
  }
  if (it.team) {
    if (options.aborted) await it.team.killAll('iteration aborted');
    else await it.team.close(ctx.settings.deadlines.closeMs, 'still running after the result was posted');
  }
  if (roomId && !client.closed) {
    try {
      await writeFile(path.join(it.dir, 'transcript.jsonl'), (await transcript(ctx, roomId)).map((m) => JSON.stringify(m)).join('\n') + '\n');
    } catch (err) {
      logger.warn({ err }, 'could not save the chat transcript');
    }
    await client.leaveRoom(roomId).catch(() => undefined);
  }
  it.monitor?.close();
}

/** Every message of the room, oldest first (history pages by since_seq). */
async function transcript(ctx: ConductorContext, roomId: string): Promise<ChatMessage[]> {
  const all: ChatMessage[] = [];
  let since = 0;
  for (;;) {
    const { messages } = await ctx.client.getHistory({ room_id: roomId, since_seq: since, limit: 500 });
    all.push(...messages);
    if (messages.length < 500) return all;
    since = (messages.at(-1) as ChatMessage).seq;
  }
}
