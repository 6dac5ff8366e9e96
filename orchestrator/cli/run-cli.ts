import type { Command } from 'commander';
import { ItercrewError } from '../errors/index.js';

/**
 * Parses argv and runs the chosen command. An {@link ItercrewError} is printed as
 * `itercrew: <code>: <message>` on standard error with exit code 1; a usage error (unknown option,
 * missing argument) is printed by commander with commander's exit code (1; 0 for --help and
 * --version); any other error is printed with its stack, exit code 1.
 *
 * @param program the configured commander program.
 * @param argv process.argv.
 */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  program.configureOutput({ outputError: (str, write) => write(str) });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode ?? 1;
      return;
    }
    if (err instanceof ItercrewError) {
      process.stderr.write(`itercrew: ${err.code}: ${err.message}\n`);
    } else {
      process.stderr.write(`itercrew: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  }
}
