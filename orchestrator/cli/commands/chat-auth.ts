import path from 'node:path';
import type { Command } from 'commander';
import { loadOrCreateKeyFile, rotateKeyFile } from '../../clawchat/server/index.js';
import { defaultClawChatDir } from './chat-serve.js';
import { note, out } from './chat-output.js';

/**
 * `itercrew chat auth show-key|rotate-key` (upstream's `clawchat-server auth …`): the server's
 * master key file (64 hex chars, mode 0600; created when missing). A running server keeps the key
 * it started with: restart it after a rotation, and every agent must use the new key.
 */
export function registerChatAuthCommands(chat: Command): void {
  const auth = chat.command('auth').description("the server's master key file");
  const keyFileOption = ['--key-file <path>', 'master key file', path.join(defaultClawChatDir(), 'auth.key')] as const;

  auth
    .command('show-key')
    .description('print the master key (creating the key file if missing)')
    .option(...keyFileOption)
    .action((flags: { keyFile: string }) => {
      out(loadOrCreateKeyFile(flags.keyFile));
    });

  auth
    .command('rotate-key')
    .description('replace the master key with a fresh one and print it (restart the server; agents need the new key)')
    .option(...keyFileOption)
    .action((flags: { keyFile: string }) => {
      out(rotateKeyFile(flags.keyFile));
      note(`rotated ${path.resolve(flags.keyFile)}: restart the server; every agent must use the new key`);
    });
}
