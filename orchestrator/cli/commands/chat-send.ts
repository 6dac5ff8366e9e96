import { Option, type Command } from 'commander';
import { collect, jsonValue, messageMetadata } from './chat-args.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { formatMessage, printResult } from './chat-output.js';

/** `metadata.kind` that ends a conversation: `send --end` sets it, `wait` exits 3 on it (upstream's constant). */
export const KIND_CONVERSATION_END = 'conversation_end';

interface SendFlags {
  replyTo?: string;
  kind?: string;
  end?: boolean;
  mention: string[];
  metadata?: unknown;
}

/**
 * `itercrew chat send <room> <message>` (joins the room first, as upstream) and
 * `itercrew chat thinking <room> <content>`. Print the stored message (content decrypted).
 */
export function registerChatSendCommands(chat: Command): void {
  chat
    .command('send')
    .description('send a message to a room (id or name); prints the stored message')
    .argument('<room>', 'room id or exact name')
    .argument('<message>', 'message content')
    .option('--reply-to <message_id>', 'answer a message')
    .addOption(new Option('--kind <kind>', 'tag the message: metadata.kind (e.g. review_request, verdict)').conflicts('end'))
    .option('--end', `end the conversation (kind ${KIND_CONVERSATION_END}): the peer's wait prints it and exits 3`)
    .option('--mention <agent_id>', 'notify an agent in the room (repeatable)', collect, [] as string[])
    .option('--metadata <json>', 'metadata JSON (kind from --kind/--end is merged in)', jsonValue)
    .action(async (room: string, message: string, flags: SendFlags, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        const kind = flags.end ? KIND_CONVERSATION_END : flags.kind;
        const msg = await client.sendMessage({
          room_id: roomId,
          content: message,
          reply_to: flags.replyTo,
          metadata: messageMetadata(flags.metadata, kind),
          mentions: flags.mention,
        });
        printResult(msg, Boolean(conn.text), formatMessage);
      });
    });

  chat
    .command('thinking')
    .description('post a thinking pulse (stored, no turn change, does not wake wait)')
    .argument('<room>', 'room id or exact name')
    .argument('<content>', 'what you are doing')
    .action(async (room: string, content: string, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        printResult(await client.thinking(roomId, content), Boolean(conn.text), formatMessage);
      });
    });
}
