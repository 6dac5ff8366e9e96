import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { Conductor } from '../../orchestrator/iteration/conductor.js';
import { projectRoot } from '../../orchestrator/paths.js';
import { SettingsSchema, type LoadedSettings } from '../../orchestrator/settings/settings.js';
import { loadTarget } from '../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../orchestrator/target/definition/target.js';
import type { AgentRuntime, AgentSpec } from '../../workers/runtimes/agent-runtime.js';
import { packagedClaudeBinary } from '../../workers/runtimes/claude-code/binary.js';
import { ClaudeCodeRuntime } from '../../workers/runtimes/claude-code/claude-code-runtime.js';
import type { ClaudeCodeRuntimeOptions } from '../../workers/runtimes/claude-code/options.js';
import { LocalRuntime } from '../../workers/runtimes/local.js';
import { ScriptedMessagesApi, type Script } from '../fixtures/claude/messages-api-server.js';

/** The real Claude Code binary (devDependency @anthropic-ai/claude-code-linux-x64, pinned), or null. */
export const CLAUDE = packagedClaudeBinary();

/** The API key the agents send to the scripted API. */
export const SCRIPTED_KEY = 'sk-ant-scripted-test';

/** Election opt-out of the test chat server, ms. */
export const OPT_OUT_MS = 300;

/**
 * A sandbox for the real binary: temp runs dir and HOME (Claude Code writes ~/.claude there, never
 * in the developer's home), a real chat server, the Strategy C target (or the one
 * {@link RealHarnessOptions.target} writes), and the scripted Messages API.
 */
export interface RealHarness {
  dir: string;
  home: string;
  target: Target;
  server: ClawChatServer;
  api: ScriptedMessagesApi;
  /** A claude-code runtime against the scripted API (the environment: isolated HOME, scripted key and URL). */
  runtime(options?: ClaudeCodeRuntimeOptions): ClaudeCodeRuntime;
  /** Settings for a conductor with `team` and short deadlines. */
  settings(overrides?: Record<string, unknown>): LoadedSettings;
  /** A conductor with runtimes `claude-code` (real binary) and `local`. */
  open(settings: LoadedSettings, runtime?: ClaudeCodeRuntime): Promise<Conductor>;
  /** A spec for a single agent in a fresh room of the chat server (no conductor): failure-path tests. */
  loneSpec(name: string): Promise<AgentSpec>;
  cleanup(): Promise<void>;
}

/** Options of {@link makeRealHarness}. */
export interface RealHarnessOptions {
  /** Writes a target definition into the harness's folder and returns its path. Default: config/targets/strategy-c.yaml. */
  target?: (dir: string) => Promise<string>;
  /** More runtimes for the conductor (e.g. a scripted tuner to build a history). */
  runtimes?: Record<string, AgentRuntime>;
}

export async function makeRealHarness(script: Script, options: RealHarnessOptions = {}): Promise<RealHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-claude-'));
  const home = path.join(dir, 'home');
  await mkdir(home);
  const target = await loadTarget(options.target ? await options.target(dir) : path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml'), { runsDir: dir });
  const server = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, timers: { electionOptOutMs: OPT_OUT_MS } });
  const api = await ScriptedMessagesApi.start(script);
  const conductors: Conductor[] = [];
  const clients: ClawChatClient[] = [];
  const baseEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: os.tmpdir(), LANG: 'C.UTF-8' };
  const h: RealHarness = {
    dir,
    home,
    target,
    server,
    api,
    runtime(options = {}) {
      return new ClaudeCodeRuntime({
        binary: CLAUDE ?? 'claude',
        baseEnv,
        apiKey: SCRIPTED_KEY,
        baseUrl: api.url,
        maxRetries: 0,
        idleTimeoutMs: 60_000,
        lingerMs: 5_000,
        ...options,
      });
    },
    settings(overrides = {}) {
      const parsed = SettingsSchema.parse({
        runsDir: dir,
        deadlines: { spawnMs: 30_000, proposeMs: 60_000, voteMs: 20_000, decideMs: 20_000, closeMs: 10_000, measureMs: 60_000 },
        ...overrides,
      });
      return { ...parsed, file: null, baseDir: path.join(projectRoot(), 'config'), runsDirAbs: dir };
    },
    async open(settings, runtime) {
      const c = await Conductor.open({
        target,
        settings,
        chat: { url: server.url, key: server.masterKey as string },
        electionOptOutMs: OPT_OUT_MS,
        runtimes: { 'claude-code': runtime ?? h.runtime(), local: new LocalRuntime(), ...options.runtimes },
        runId: 'claude-test-run',
      });
      conductors.push(c);
      return c;
    },
    async loneSpec(name) {
      const c = await ClawChatClient.connect({ url: server.url, key: server.masterKey as string, name: 'owner' });
      clients.push(c);
      const room = await c.createRoom({ name: `lone-${name}-${Date.now()}` });
      await c.joinRoom(room.room_id);
      const logDir = path.join(dir, 'logs', name);
      await mkdir(logDir, { recursive: true });
      return {
        agentId: `lone.${name}`,
        name,
        role: 'tuner',
        seed: 1,
        iterationId: 'lone',
        chat: { url: server.url, key: server.masterKey as string, roomId: room.room_id },
        target: { file: target.definitionFile, runsDir: dir },
        logDir,
        prompt: { text: `You are ${name}.`, system: 'Test agent.' },
      };
    },
    async cleanup() {
      for (const c of conductors) await c.close().catch(() => undefined);
      for (const c of clients) await c.close().catch(() => undefined);
      await api.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}
