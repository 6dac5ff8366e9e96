import type { Command } from 'commander';
import { nonNegativeInt } from './chat-args.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { messageKind, printMessages } from './chat-output.js';

interface HistoryFlags {
  limit: number;
  since?: string;
  sinceSeq?: number;
  before?: string;
  kind?: string;
  output?: string;
}

/**
 * `itercrew chat history <room>`: stored messages, oldest first, one JSON ChatMessage per line
 * (decrypted with a room key). Precedence as the server's: --since-seq > --since > --before > newest.
 * Membership is not needed (a readable room is enough).
 */
export function registerChatHistoryCommand(chat: Command): void {
  chat
    .command('history')
    .description('print stored messages of a room, oldest first (one JSON object per line)')
    .argument('<room>', 'room id or exact name')
    .option('--limit <n>', 'how many messages', nonNegativeInt, 50)
    .option('--since <message_id>', 'only messages after this one')
    .option('--since-seq <n>', 'only messages with seq above n (catch up from a cursor)', nonNegativeInt)
    .option('--before <rfc3339>', 'only messages before this time')
    .option('--kind <kind>', 'only messages with this metadata.kind')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (room: string, flags: HistoryFlags, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        const { messages } = await client.getHistory({ room_id: roomId, limit: flags.limit, since: flags.since, since_seq: flags.sinceSeq, before: flags.before });
        printMessages(flags.kind ? messages.filter((m) => messageKind(m) === flags.kind) : messages, Boolean(conn.text), flags.output);
      });
    });
}
