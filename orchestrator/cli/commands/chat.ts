import type { Command } from 'commander';
import { registerChatAgentsCommands } from './chat-agents.js';
import { registerChatAuthCommands } from './chat-auth.js';
import { addChatConnectionOptions } from './chat-connection.js';
import { registerChatElectionCommands } from './chat-election.js';
import { registerChatHistoryCommand } from './chat-history.js';
import { registerChatKeygenCommand } from './chat-keygen.js';
import { registerChatRoomsCommands } from './chat-rooms.js';
import { registerChatSendCommands } from './chat-send.js';
import { registerChatTasksCommands } from './chat-tasks.js';
import { registerChatVoteCommands } from './chat-vote.js';
import { registerChatWaitCommand } from './chat-wait.js';

/**
 * `itercrew chat …`: the ClawChat client commands an agent calls from a shell, with upstream
 * `clawchat` CLI's names, flags and exit codes. Table of contents (one file per group):
 *
 * - chat-connection.ts  --url --key --name --agent-id --room-key --text; env CLAWCHAT_URL, CLAWCHAT_KEY, CLAWCHAT_ROOM_KEY; rooms by id or name
 * - chat-send.ts        send (--kind, --end, --reply-to, --mention), thinking
 * - chat-history.ts     history (--since-seq, --since, --before, --kind)
 * - chat-wait.ts        wait (--loop, --follow, --since-seq N|tip, --cursor-file, --drain, --idle-timeout, filters)
 * - chat-rooms.ts       rooms list | create | info | tip
 * - chat-agents.ts      agents, presence
 * - chat-vote.ts        vote create | cast | status | list
 * - chat-election.ts    election start | decline | decide
 * - chat-tasks.ts       tasks assign | update | list
 * - chat-keygen.ts      keygen
 * - chat-auth.ts        auth show-key | rotate-key (the server's master key file)
 * - chat-serve.ts       serve (the embedded server; registered separately)
 *
 * Output is JSON (messages: one per line; other results: one value), `--text` for people.
 */
export function registerChatCommands(program: Command): void {
  const chat =
    program.commands.find((c) => c.name() === 'chat') ?? program.command('chat').description('ClawChat: the embedded server and client commands');
  addChatConnectionOptions(chat);
  registerChatSendCommands(chat);
  registerChatHistoryCommand(chat);
  registerChatWaitCommand(chat);
  registerChatRoomsCommands(chat);
  registerChatAgentsCommands(chat);
  registerChatVoteCommands(chat);
  registerChatElectionCommands(chat);
  registerChatTasksCommands(chat);
  registerChatKeygenCommand(chat);
  registerChatAuthCommands(chat);
}
