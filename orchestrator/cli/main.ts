#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `itercrew` executable. This file is the table of contents of the CLI: each command lives
 * in its own file under ./commands and registers itself on the program given to it.
 *
 * Start-up: the command files are loaded on demand. When the first argument names a command,
 * only that command's file (and what it imports) is loaded, so `itercrew report` or
 * `itercrew chat send` never load BullMQ, the iteration pipeline or the MCP SDK. Anything else
 * (no command, `help`, `--help`, `--version`, a misspelt command) loads every command, so help
 * lists all of them and commander can suggest the closest name.
 */
import { Command } from 'commander';
import { readPackageVersion } from './version.js';
import { runCli } from './run-cli.js';

/** Registers one command (or a group) on the program. */
type Register = (program: Command) => void;

// Commands, one file each, in help order. Add new ones here: the top-level name, and the loaders
// of the files that register it (`chat` has two: the client commands and `chat serve`).
const COMMANDS: ReadonlyArray<readonly [name: string, loaders: ReadonlyArray<() => Promise<Register>>]> = [
  ['run', [async () => (await import('./commands/run.js')).registerRunCommand]],
  ['log', [async () => (await import('./commands/log.js')).registerLogCommand]],
  ['show', [async () => (await import('./commands/show.js')).registerShowCommand]],
  ['report', [async () => (await import('./commands/report.js')).registerReportCommand]],
  [
    'chat',
    [async () => (await import('./commands/chat-serve.js')).registerChatServeCommand, async () => (await import('./commands/chat.js')).registerChatCommands],
  ],
  ['mcp', [async () => (await import('./commands/mcp.js')).registerMcpCommand]],
  ['start', [async () => (await import('./commands/start.js')).registerStartCommand]],
  ['worker', [async () => (await import('./commands/worker.js')).registerWorkerCommand]],
  ['kick', [async () => (await import('./commands/kick.js')).registerKickCommand]],
  ['pause', [async () => (await import('./commands/pause.js')).registerPauseCommand]],
  ['resume', [async () => (await import('./commands/resume.js')).registerResumeCommand]],
  ['status', [async () => (await import('./commands/status.js')).registerStatusCommand]],
];

const program = new Command()
  .name('itercrew')
  .description('Agent-team orchestrator and autonomous parameter iterator')
  .version(readPackageVersion());

const named = COMMANDS.find(([name]) => name === process.argv[2]);
const loaders = named ? named[1] : COMMANDS.flatMap(([, l]) => l);
const registrations = await Promise.all(loaders.map((load) => load()));
for (const register of registrations) register(program);

await runCli(program, process.argv);
