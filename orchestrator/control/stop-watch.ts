import { pauseState, type PauseInfo, type PauseSource, PAUSE_SOURCES } from './pause-state.js';

/** Options of {@link watchForStop}. */
export interface StopWatchOptions {
  runsDir: string;
  target: string;
  /** How often to look, ms. Default 200 (a running iteration then winds down well within a second). */
  intervalMs?: number;
  /** The pause sources. Default PAUSE_SOURCES. */
  sources?: readonly PauseSource[];
  /** Called once, with what stopped it. */
  onStop: (pause: PauseInfo) => void;
}

/** A running stop watch: {@link StopWatch.dispose} ends it. */
export interface StopWatch {
  /** The pause that was in force when the watch started (it does not stop the iteration: a deliberate kick during a pause), or null. */
  readonly initial: Promise<PauseInfo | null>;
  dispose(): void;
}

/**
 * Watches a target's pause sources while one of its iterations runs, and calls `onStop` when the
 * iteration must wind down: the kill switch is on (whenever it was set), or a pause started after
 * the watch did (`itercrew pause`, the self-pause after failures). A pause already in force when
 * the iteration started (a manual kick during a pause) does not stop it. Polls every `intervalMs`;
 * an unreadable control file is ignored until it can be read.
 */
export function watchForStop(options: StopWatchOptions): StopWatch {
  const sources = options.sources ?? PAUSE_SOURCES;
  const intervalMs = options.intervalMs ?? 200;
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  const read = (): Promise<PauseInfo | null> => pauseState(options.runsDir, options.target, sources).catch(() => null);
  const initial = read();
  const same = (a: PauseInfo, b: PauseInfo | null): boolean => b !== null && a.source === b.source && a.since === b.since;
  const tick = async (): Promise<void> => {
    const before = await initial;
    if (disposed) return;
    const now = await read();
    if (disposed) return;
    if (now && (now.source === 'kill_switch' || !same(now, before))) {
      disposed = true;
      options.onStop(now);
      return;
    }
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref?.();
  };
  timer = setTimeout(() => void tick(), 0);
  timer.unref?.();
  return {
    initial,
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}

/** Text of a stop for reasons: `paused by alice@host (maintenance)`, `kill switch (flag file …: reason)`. */
export function describeStop(p: PauseInfo): string {
  if (p.source === 'kill_switch') return `kill switch on (${p.by}${p.reason ? `: ${p.reason}` : ''})`;
  return `${p.source === 'pause' ? 'paused' : `paused (${p.source})`} by ${p.by}${p.reason ? ` (${p.reason})` : ''}`;
}
