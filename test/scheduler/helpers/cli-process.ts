import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { projectRoot } from '../../../orchestrator/paths.js';

/** The compiled CLI (tests run after `npm run build`). */
export const CLI = path.join(projectRoot(), 'dist', 'orchestrator', 'cli', 'main.js');

/** A running `itercrew` process whose standard output is collected line by line. */
export class CliProcess {
  readonly lines: string[] = [];
  private readonly waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  stderr = '';

  constructor(readonly child: ResultPromise) {
    let rest = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      rest += chunk;
      const parts = rest.split('\n');
      rest = parts.pop()!;
      for (const line of parts) this.push(line);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
  }

  /** Starts `itercrew <args>`. */
  static start(args: string[], env: Record<string, string> = {}): CliProcess {
    return new CliProcess(execa(process.execPath, [CLI, ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'info', ...env }, stdin: 'ignore' }));
  }

  /** Resolves with the first line (seen or to come) matching `match`; rejects after `timeoutMs` or when the process exits first. */
  waitForLine(match: RegExp | ((line: string) => boolean), timeoutMs = 30_000): Promise<string> {
    const test = typeof match === 'function' ? match : (l: string) => match.test(l);
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${String(match)} within ${timeoutMs} ms; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr.slice(-3000)}`)), timeoutMs);
      const waiter = { match: test, resolve: (l: string) => (clearTimeout(timer), resolve(l)) };
      this.waiters.push(waiter);
      void this.child.then(() => {
        clearTimeout(timer);
        reject(new Error(`process exited before a line matching ${String(match)}; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr.slice(-3000)}`));
      });
    });
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ exitCode?: number; signal?: string }> {
    this.child.kill(signal);
    const r = await this.child;
    return { exitCode: r.exitCode, signal: r.signal };
  }

  private push(line: string): void {
    this.lines.push(line);
    for (const w of [...this.waiters]) {
      if (w.match(line)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  }
}
