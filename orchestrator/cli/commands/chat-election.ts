import type { Command } from 'commander';
import { jsonValue, messageMetadata } from './chat-args.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { note, printResult } from './chat-output.js';

/**
 * `itercrew chat election start|decline|decide`. Leadership is bound to an agent id, so use a
 * stable `--agent-id` across calls. `start --wait` stays connected through the opt-out window
 * (an agent that disconnects is not drawn) and prints the outcome.
 */
export function registerChatElectionCommands(chat: Command): void {
  const election = chat.command('election').description('leader elections and decisions');

  election
    .command('start')
    .description("start an election among the room's members (2 s opt-out, then a random pick)")
    .argument('<room>', 'room id or exact name')
    .option('--wait', 'stay connected until leader_elected / leader_cleared and print it')
    .option('--wait-timeout <seconds>', 'give up waiting after this (default 30)', Number, 30)
    .action(async (room: string, flags: { wait?: boolean; waitTimeout: number }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        const outcome = flags.wait
          ? Promise.race([
              client.waitFor('leader_elected', { predicate: (e) => e.payload.room_id === roomId, timeoutMs: flags.waitTimeout * 1000 }),
              client.waitFor('leader_cleared', { predicate: (e) => e.payload.room_id === roomId, timeoutMs: flags.waitTimeout * 1000 }),
            ])
          : null;
        outcome?.catch(() => undefined);
        const started = await client.electLeader(roomId);
        if (!outcome) {
          printResult(started, Boolean(conn.text), (r) => r.message);
          return;
        }
        if (conn.text) note(started.message);
        const ev = await outcome;
        printResult({ type: ev.type, ...ev.payload }, Boolean(conn.text), () =>
          ev.type === 'leader_elected' ? `Leader: ${ev.payload.leader_name} (${ev.payload.leader_id})` : `No leader: ${ev.payload.reason}`,
        );
      });
    });

  election
    .command('decline')
    .description('decline candidacy during the opt-out window')
    .argument('<room>', 'room id or exact name')
    .action(async (room: string, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => printResult(await client.request('decline_election', { room_id: await resolveRoom(client, room) }), Boolean(conn.text), (r) => r.message));
    });

  election
    .command('decide')
    .description("issue the room leader's decision")
    .argument('<room>', 'room id or exact name')
    .argument('<content>', 'the decision')
    .option('--kind <kind>', 'metadata.kind of the decision')
    .option('--metadata <json>', 'metadata JSON', jsonValue)
    .action(async (room: string, content: string, flags: { kind?: string; metadata?: unknown }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        const reply = await client.decision({ room_id: roomId, content, metadata: messageMetadata(flags.metadata, flags.kind) ?? {} });
        printResult(reply, Boolean(conn.text), (r) => `Decision ${r.message_id} issued in ${r.room_id}`);
      });
    });
}
