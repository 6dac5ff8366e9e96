/** Options of {@link onShutdownSignals}. */
export interface ShutdownOptions {
  /** After the first signal, exit with code 1 if shutting down takes longer than this (ms). Default 20 000. */
  forceExitMs?: number;
  /** Where to say what happens. Default standard error. */
  write?: (line: string) => void;
}

/**
 * Graceful shutdown of a long-running command on SIGINT/SIGTERM, in bounded time: the first
 * signal calls `stop` (which aborts the running iterations — agents killed, config restored, run
 * log closed — and closes everything); if that has not finished within `forceExitMs` the process
 * exits with code 1; a second signal exits at once (130).
 *
 * @returns a function that removes the handlers.
 */
export function onShutdownSignals(stop: (signal: NodeJS.Signals) => Promise<void>, options: ShutdownOptions = {}): () => void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const forceExitMs = options.forceExitMs ?? 20_000;
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      write(`itercrew: ${signal} again: exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    write(`itercrew: ${signal}: stopping (running iterations are aborted cleanly; again to force)…\n`);
    const force = setTimeout(() => {
      write(`itercrew: still stopping after ${forceExitMs} ms: exiting\n`);
      process.exit(1);
    }, forceExitMs);
    force.unref();
    stop(signal).then(
      () => clearTimeout(force),
      (err: unknown) => {
        clearTimeout(force);
        write(`itercrew: error while stopping: ${(err as Error)?.message ?? String(err)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
