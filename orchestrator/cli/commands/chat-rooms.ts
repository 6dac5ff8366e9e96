import type { Command } from 'commander';
import type { Room } from '../../clawchat/protocol/index.js';
import { chatFlags, resolveRoom, resolveRoomKey, withChat } from './chat-connection.js';
import { printResult, roomsTable } from './chat-output.js';

interface CreateFlags {
  description?: string;
  parent?: string;
  ephemeral?: boolean;
  public?: boolean;
  encrypted?: boolean;
}

/** `itercrew chat rooms list|create|info|tip`. Rooms are given by id or exact name. */
export function registerChatRoomsCommands(chat: Command): void {
  const rooms = chat.command('rooms').description('list, create and inspect rooms');

  rooms
    .command('list')
    .description('rooms this key can see (public ones and its own), ordered by name')
    .option('--parent <room>', 'only sub-rooms of this room')
    .action(async (flags: { parent?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const parent = flags.parent ? await resolveRoom(client, flags.parent) : undefined;
        printResult(await client.listRooms(parent), Boolean(conn.text), roomsTable);
      });
    });

  rooms
    .command('create')
    .description('create a room (private to this key unless --public; the creator is not joined)')
    .argument('<name>', 'room name (unique among permanent rooms)')
    .option('--description <text>', 'what the room is for')
    .option('--parent <room>', 'make it a sub-room of this room')
    .option('--ephemeral', 'destroyed when its last member leaves; never stored')
    .option('--public', 'visible and joinable by every key')
    .option('--encrypted', 'end-to-end encrypted: the server rejects plaintext (members need the room key)')
    .action(async (name: string, flags: CreateFlags, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const parent = flags.parent ? await resolveRoom(client, flags.parent) : undefined;
        const room = await client.createRoom({
          name,
          description: flags.description,
          parent_id: parent,
          ephemeral: Boolean(flags.ephemeral),
          public: Boolean(flags.public),
          encrypted: Boolean(flags.encrypted),
        });
        printResult(room, Boolean(conn.text), (r) => createdText(r, resolveRoomKey(conn.roomKey) !== undefined));
      });
    });

  rooms
    .command('info')
    .description('a room with its members, sub-rooms and turn holder')
    .argument('<room>', 'room id or exact name')
    .action(async (room: string, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => printResult(await client.roomInfo(await resolveRoom(client, room)), Boolean(conn.text)));
    });

  rooms
    .command('tip')
    .description("the room's latest seq (0 when empty)")
    .argument('<room>', 'room id or exact name')
    .action(async (room: string, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => printResult(await client.roomTip(await resolveRoom(client, room)), Boolean(conn.text), String));
    });
}

function createdText(room: Room, haveKey: boolean): string {
  const lines = [`Created room: ${room.name} (${room.room_id})`];
  if (room.ephemeral) lines.push('  Type: ephemeral (auto-deleted when empty)');
  lines.push(`  Visibility: ${room.visibility === 'public' ? 'public (any key can find & join)' : 'private (only your key)'}`);
  if (room.encrypted) {
    lines.push('  End-to-end encrypted: members need a shared room key');
    if (!haveKey) lines.push('  Note: no room key set — pass --room-key or set $CLAWCHAT_ROOM_KEY to send/read here');
  }
  return lines.join('\n');
}
