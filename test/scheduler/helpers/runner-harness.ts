import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClawChatServer } from '../../../orchestrator/clawchat/server/index.js';
import { TargetRunner } from '../../../orchestrator/control/target-runner.js';
import { projectRoot } from '../../../orchestrator/paths.js';
import { SettingsSchema, type LoadedSettings } from '../../../orchestrator/settings/settings.js';
import { loadTarget } from '../../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../../orchestrator/target/definition/target.js';
import { LocalRuntime } from '../../../workers/runtimes/local.js';
import { writeFakeTarget, type FakeTargetOptions } from './fake-target.js';
import { TEST_DEADLINES } from './settings-file.js';

/** The election opt-out of the harness's chat server, ms. */
export const OPT_OUT_MS = 300;

/** A temp runs dir, the fake target, a real chat server on loopback, and runners for it. */
export interface RunnerHarness {
  dir: string;
  runsDir: string;
  target: Target;
  server: ClawChatServer;
  settings(overrides?: Record<string, unknown>): LoadedSettings;
  runner(settings?: LoadedSettings, runId?: string): TargetRunner;
  cleanup(): Promise<void>;
}

/**
 * Runtimes: `local` (the real local agent) and `fixture:silent` (joins the room and says nothing:
 * its iteration lasts until the propose deadline, then fails — a long iteration of known length).
 */
export async function makeRunnerHarness(targetOptions: FakeTargetOptions = {}): Promise<RunnerHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itercrew-runner-'));
  const runsDir = path.join(dir, 'runs');
  const target = await loadTarget(await writeFakeTarget(path.join(dir, 'targets'), targetOptions), { runsDir });
  const server = await ClawChatServer.start({
    tcp: { host: '127.0.0.1', port: 0 },
    timers: { electionOptOutMs: OPT_OUT_MS },
    limits: { free: { maxRooms: 1_000_000, maxMessagesPerWindow: 1_000_000, maxAgents: 10_000 } },
  });
  const runners: TargetRunner[] = [];
  const runtimes = {
    local: new LocalRuntime(),
    'fixture:silent': new LocalRuntime({ program: path.join(projectRoot(), 'test/fixtures/agents/silent.mjs') }),
  };
  const h: RunnerHarness = {
    dir,
    runsDir,
    target,
    server,
    settings(overrides = {}) {
      const parsed = SettingsSchema.parse({ runsDir, team: [{ role: 'tuner', runtime: 'local', heuristic: 'coordinate' }], deadlines: TEST_DEADLINES, ...overrides });
      return { ...parsed, file: null, baseDir: dir, runsDirAbs: runsDir };
    },
    runner(settings = h.settings(), runId = 'test-run') {
      const r = new TargetRunner({ target, settings, chat: { url: server.url, key: server.masterKey as string, electionOptOutMs: OPT_OUT_MS }, runId, runtimes });
      runners.push(r);
      return r;
    },
    async cleanup() {
      for (const r of runners) await r.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A team of silent agents: the iteration lasts `proposeMs` (+ spawn and close) and fails with no proposal. */
export function silentTeam(proposeMs: number): Record<string, unknown> {
  return { team: [{ role: 'tuner', runtime: 'fixture:silent' }], deadlines: { ...TEST_DEADLINES, proposeMs, closeMs: 200 } };
}
