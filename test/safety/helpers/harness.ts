import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClawChatServer } from '../../../orchestrator/clawchat/server/index.js';
import { Conductor } from '../../../orchestrator/iteration/conductor.js';
import { projectRoot } from '../../../orchestrator/paths.js';
import type { RunLogEvent } from '../../../orchestrator/runlog/events/run-log-event.js';
import { SettingsSchema, type LoadedSettings } from '../../../orchestrator/settings/settings.js';
import { loadTarget } from '../../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../../orchestrator/target/definition/target.js';
import type { AgentRuntime } from '../../../workers/runtimes/agent-runtime.js';
import { LocalRuntime } from '../../../workers/runtimes/local.js';

/** Election opt-out of the test chat server (the real 2 s is checked elsewhere). */
export const OPT_OUT_MS = 300;

/** Short deadlines: a silent or finished team never holds a test up for long. */
export const SHORT_DEADLINES = { spawnMs: 10_000, proposeMs: 20_000, voteMs: 8_000, decideMs: 8_000, closeMs: 3_000, measureMs: 60_000 };

/** A test fixture file under test/. */
export function fixture(...parts: string[]): string {
  return path.join(projectRoot(), 'test', ...parts);
}

/** A temp runs dir, a real embedded ClawChat server and a target, for one test. */
export interface SafetyHarness {
  dir: string;
  runsDir: string;
  target: Target;
  server: ClawChatServer;
  /** Settings for a conductor: short deadlines, then `overrides` (e.g. `safety`, `team`). */
  settings(overrides?: Record<string, unknown>): LoadedSettings;
  /** A conductor with runtimes `local`, `scripted` (test/safety/fixtures/scripted-tuner.mjs) and the fixture agents. */
  open(settings: LoadedSettings): Promise<Conductor>;
  /** Reloads the target (after changing its definition file). */
  reload(): Promise<Target>;
  cleanup(): Promise<void>;
}

/** Options of {@link makeSafetyHarness}. */
export interface SafetyHarnessOptions {
  /** Writes the target definition into `dir` and returns its path. Default: config/targets/strategy-c.yaml. */
  target?: (dir: string) => Promise<string>;
  /** Extra runtimes. */
  runtimes?: Record<string, AgentRuntime>;
}

export async function makeSafetyHarness(options: SafetyHarnessOptions = {}): Promise<SafetyHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-safety-'));
  const runsDir = path.join(dir, 'runs');
  const file = options.target ? await options.target(dir) : path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml');
  let target = await loadTarget(file, { runsDir });
  const server = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, timers: { electionOptOutMs: OPT_OUT_MS } });
  const conductors: Conductor[] = [];
  const runtimes: Record<string, AgentRuntime> = {
    local: new LocalRuntime(),
    scripted: new LocalRuntime({ program: fixture('safety', 'fixtures', 'scripted-tuner.mjs') }),
    'fixture:crash': new LocalRuntime({ program: fixture('fixtures', 'agents', 'crash.mjs') }),
    'fixture:silent': new LocalRuntime({ program: fixture('fixtures', 'agents', 'silent.mjs') }),
    ...options.runtimes,
  };
  return {
    dir,
    runsDir,
    get target() {
      return target;
    },
    server,
    settings(overrides = {}) {
      const parsed = SettingsSchema.parse({ runsDir, deadlines: SHORT_DEADLINES, ...overrides });
      return { ...parsed, file: null, baseDir: path.join(projectRoot(), 'config'), runsDirAbs: runsDir };
    },
    async open(settings) {
      const c = await Conductor.open({ target, settings, chat: { url: server.url, key: server.masterKey as string }, electionOptOutMs: OPT_OUT_MS, runtimes, runId: 'safety-test' });
      conductors.push(c);
      return c;
    },
    async reload() {
      target = await loadTarget(file, { runsDir });
      return target;
    },
    async cleanup() {
      for (const c of conductors) await c.close().catch(() => undefined);
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The events of `type` (of one iteration, if given). */
export function ofType<T extends RunLogEvent['type']>(events: readonly RunLogEvent[], type: T, iterationId?: string): Extract<RunLogEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunLogEvent, { type: T }> => e.type === type && (iterationId === undefined || e.iterationId === iterationId));
}
