import type { Command } from 'commander';
import { nonNegativeInt } from './chat-args.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { agentsTable, printResult } from './chat-output.js';

/** `itercrew chat agents [--room r]` and `itercrew chat presence <status>`. */
export function registerChatAgentsCommands(chat: Command): void {
  chat
    .command('agents')
    .description("connected agents: a room's members (join order), or the agents on this key")
    .option('--room <room>', 'members of this room')
    .action(async (flags: { room?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const room = flags.room ? await resolveRoom(client, flags.room) : undefined;
        printResult(await client.listAgents(room), Boolean(conn.text), agentsTable);
      });
    });

  chat
    .command('presence')
    .description("set this agent's presence (idle, waiting, working, thinking); others in its rooms are told")
    .argument('<status>', 'idle | waiting | working | thinking')
    .option('--detail <text>', 'what you are doing, e.g. "reviewing section 3"')
    .option('--progress <percent>', 'progress 0-100', nonNegativeInt)
    .option('--room <room>', 'join this room first, so its members see the update')
    .action(async (status: string, flags: { detail?: string; progress?: number; room?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        if (flags.room) await client.joinRoom(await resolveRoom(client, flags.room));
        const reply = await client.request('set_presence', { status, status_detail: flags.detail, progress: flags.progress });
        printResult(reply, Boolean(conn.text), (r) => `status: ${r.status}`);
      });
    });
}
