import type { Command } from 'commander';
import { generateRoomKey } from '../../clawchat/crypto/index.js';
import { note, out } from './chat-output.js';

/** `itercrew chat keygen`: a fresh end-to-end room key (64 hex chars), as upstream's `clawchat keygen`. No server needed. */
export function registerChatKeygenCommand(chat: Command): void {
  chat
    .command('keygen')
    .description('print a fresh end-to-end room key; give the SAME value to every agent of the group')
    .action(() => {
      const key = generateRoomKey();
      out(key);
      note('# Set the SAME value on every agent in the group:');
      note(`#   export CLAWCHAT_ROOM_KEY=${key}`);
    });
}
