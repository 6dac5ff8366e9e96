import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { Conductor } from '../../orchestrator/iteration/conductor.js';
import { projectRoot } from '../../orchestrator/paths.js';
import { SettingsSchema, type LoadedSettings } from '../../orchestrator/settings/settings.js';
import { loadTarget } from '../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../orchestrator/target/definition/target.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';

/** Election opt-out used by the iteration tests (the real 2 s is checked elsewhere). */
export const TEST_OPT_OUT_MS = 300;

/** A fixture agent program under test/fixtures/agents. */
export function fixtureAgent(name: string): string {
  return path.join(projectRoot(), 'test', 'fixtures', 'agents', `${name}.mjs`);
}

/** A temp runs dir, an embedded ClawChat server and the Strategy C target, for one test. */
export interface Harness {
  runsDir: string;
  target: Target;
  server: ClawChatServer;
  settings(overrides?: Record<string, unknown>): LoadedSettings;
  open(settings: LoadedSettings): Promise<Conductor>;
  cleanup(): Promise<void>;
}

/**
 * Sets up a real run: temp runs dir (the Strategy C workspace repo is created there on open),
 * a real embedded ClawChat server on a loopback port with a short election opt-out, and runtimes
 * `local` (the real local agent) plus `fixture:<name>` for every misbehaving fixture agent.
 */
export async function makeHarness(): Promise<Harness> {
  const runsDir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-it-'));
  const target = await loadTarget(path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml'), { runsDir });
  const server = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, timers: { electionOptOutMs: TEST_OPT_OUT_MS } });
  const conductors: Conductor[] = [];
  const runtimes = {
    local: new LocalRuntime(),
    'fixture:crash': new LocalRuntime({ program: fixtureAgent('crash') }),
    'fixture:silent': new LocalRuntime({ program: fixtureAgent('silent') }),
    'fixture:garbage': new LocalRuntime({ program: fixtureAgent('garbage') }),
  };
  return {
    runsDir,
    target,
    server,
    settings(overrides = {}) {
      const parsed = SettingsSchema.parse({
        runsDir,
        deadlines: { spawnMs: 10_000, proposeMs: 30_000, voteMs: 10_000, decideMs: 10_000, closeMs: 3_000, measureMs: 60_000 },
        ...overrides,
      });
      return { ...parsed, file: null, baseDir: path.join(projectRoot(), 'config'), runsDirAbs: runsDir };
    },
    async open(settings) {
      const c = await Conductor.open({ target, settings, chat: { url: server.url, key: server.masterKey as string }, electionOptOutMs: TEST_OPT_OUT_MS, runtimes, runId: 'test-run' });
      conductors.push(c);
      return c;
    },
    async cleanup() {
      for (const c of conductors) await c.close().catch(() => undefined);
      await server.close();
      await rm(runsDir, { recursive: true, force: true });
    },
  };
}
