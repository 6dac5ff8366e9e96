import type { Command } from 'commander';
import type { ClawChatClient } from '../../clawchat/client/index.js';
import { ClawChatError } from '../../clawchat/errors/index.js';
import { nonNegativeInt } from './chat-args.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { printResult } from './chat-output.js';

/**
 * `itercrew chat vote create|cast|status|list`: sealed-ballot votes. The creator joins the room
 * first; the electorate is the room's members at creation (use a stable --agent-id to vote from
 * a later call). `cast` re-joins the vote's room when the server says `not_in_room`.
 */
export function registerChatVoteCommands(chat: Command): void {
  const vote = chat.command('vote').description('sealed-ballot votes');

  vote
    .command('create')
    .description('create a vote in a room (eligible voters: its members now)')
    .argument('<room>', 'room id or exact name')
    .argument('<title>', 'the question')
    .requiredOption('--options <options...>', 'at least two options')
    .option('--description <text>', 'more context')
    .option('--duration <seconds>', 'close at this deadline even if not everyone voted', nonNegativeInt)
    .action(async (room: string, title: string, flags: { options: string[]; description?: string; duration?: number }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        printResult(
          await client.createVote({ room_id: roomId, title, options: flags.options, description: flags.description, duration_secs: flags.duration }),
          Boolean(conn.text),
          (v) => `Created vote ${v.vote_id}: ${v.title}\n${v.options.map((o, i) => `  ${i}. ${o}`).join('\n')}\n  eligible voters: ${v.eligible_voters}`,
        );
      });
    });

  vote
    .command('cast')
    .description('cast a sealed ballot (0-based option index)')
    .argument('<vote_id>', 'the vote')
    .argument('<option>', 'option index, from 0', nonNegativeInt)
    .action(async (voteId: string, option: number, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const reply = await castRejoining(client, voteId, option);
        printResult(reply, Boolean(conn.text), (r) => `Voted on ${r.vote_id}: ${r.votes_cast}/${r.eligible_voters} ballots cast`);
      });
    });

  vote
    .command('status')
    .description('a vote: counts while open, the tally once closed')
    .argument('<vote_id>', 'the vote')
    .action(async (voteId: string, _flags: unknown, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => printResult(await client.getVoteStatus(voteId), Boolean(conn.text)));
    });

  vote
    .command('list')
    .alias('history')
    .description("a room's votes, newest first")
    .argument('<room>', 'room id or exact name')
    .option('--limit <n>', 'how many', nonNegativeInt, 20)
    .action(async (room: string, flags: { limit: number }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => printResult(await client.listVotes(await resolveRoom(client, room), flags.limit), Boolean(conn.text)));
    });
}

/** `cast_vote`; on `not_in_room` joins the vote's room (found with get_vote_status) and casts again. */
async function castRejoining(client: ClawChatClient, voteId: string, option: number) {
  try {
    return await client.castVote(voteId, option);
  } catch (err) {
    if (!(err instanceof ClawChatError) || err.code !== 'not_in_room') throw err;
    const { room_id } = await client.getVoteStatus(voteId);
    await client.joinRoom(room_id);
    return client.castVote(voteId, option);
  }
}
