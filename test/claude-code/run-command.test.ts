import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { distPath, projectRoot } from '../../orchestrator/paths.js';
import { loadSettings } from '../../orchestrator/settings/settings.js';
import { ScriptedMessagesApi } from '../fixtures/claude/messages-api-server.js';
import { tunerBrain } from '../fixtures/claude/tuner-brain.js';
import { CLAUDE } from './real-harness.js';

let dir: string | null = null;
let api: ScriptedMessagesApi | null = null;
afterEach(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
  api = null;
});

describe('settings for Claude Code agents', () => {
  it('parses per-slot options, the claudeCode section and budget caps; refuses bad ones with the field path', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-settings-'));
    const file = path.join(dir, 'itercrew.yaml');
    await writeFile(
      file,
      [
        'team:',
        '  - { role: tuner, runtime: claude-code, model: claude-sonnet-4-5, maxTurns: 30, maxBudgetUsd: 0.5, allowedTools: [Read, Grep] }',
        '  - { role: tuner, runtime: command, command: { template: script, argv: [./my-agent.sh] } }',
        'claudeCode: { idleTimeoutMs: 90000, oauthToken: tok }',
        'budget: { perIterationUsd: 2, perDayUsd: 20 }',
        'promptsDir: my-prompts',
      ].join('\n'),
    );
    const s = loadSettings(file, dir);
    expect(s.team[0]).toMatchObject({ runtime: 'claude-code', model: 'claude-sonnet-4-5', maxTurns: 30, maxBudgetUsd: 0.5, allowedTools: ['Read', 'Grep'] });
    expect(s.team[1]!.command).toEqual({ template: 'script', argv: ['./my-agent.sh'] });
    expect(s.claudeCode).toMatchObject({ idleTimeoutMs: 90_000, oauthToken: 'tok', lingerMs: 10_000, maxRetries: 2, mcpToolTimeoutMs: 90_000, chatWaitMaxMs: 60_000 });
    expect(s.budget).toEqual({ perIterationUsd: 2, perDayUsd: 20 });
    await writeFile(file, 'team:\n  - { runtime: command, command: { template: script } }\n  - { runtime: claude-code, maxBudgetUsd: -1, allowedTools: ["Bash(rm -rf *)"] }\n');
    expect(() => loadSettings(file, dir!)).toThrow(/team\.0\.command: the script template needs argv[\s\S]*team\.1\.maxBudgetUsd[\s\S]*team\.1\.allowedTools\.0: a built-in tool name/);
  });
});

describe.skipIf(!CLAUDE)('itercrew run with a team of Claude Code agents (real binary, scripted API)', () => {
  it('runs an iteration from a settings file: the default runtimes include claude-code', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-run-claude-'));
    const home = path.join(dir, 'home');
    await mkdir(home);
    api = await ScriptedMessagesApi.start(
      tunerBrain({ 'tuner-1': { changes: { half_spread_base: 0.03 } }, 'tuner-2': { changes: { half_spread_base: 0.03 } } }),
    );
    const settings = path.join(dir, 'itercrew.yaml');
    await writeFile(
      settings,
      [
        `runsDir: ${path.join(dir, 'runs')}`,
        `targets: [${path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml')}]`,
        'team:',
        '  - { role: tuner, runtime: claude-code, model: claude-sonnet-4-5 }',
        '  - { role: tuner, runtime: claude-code, model: claude-sonnet-4-5 }',
        `claudeCode: { binary: ${CLAUDE}, apiKey: sk-ant-from-settings, baseUrl: ${api.url}, maxRetries: 0 }`,
        'deadlines: { spawnMs: 30000, proposeMs: 60000, voteMs: 20000, decideMs: 20000, closeMs: 10000 }',
        'chat: { mode: embedded, electionOptOutMs: 300 }',
      ].join('\n'),
    );
    const r = await execa(process.execPath, [distPath('orchestrator/cli/main.js'), 'run', '--settings', settings, '--iterations', '1', '--json'], {
      env: { HOME: home, PATH: process.env.PATH, ANTHROPIC_API_KEY: '' },
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(row).toMatchObject({ n: 1, status: 'applied', diff: 'half_spread_base: 0.025 → 0.03', decision: { option: 1, fallback: false } });
    expect(new Set(api.requests.map((q) => q.credential))).toEqual(new Set(['sk-ant-from-settings']));
    const events = (await readFile(path.join(dir, 'runs', 'strategy-c', 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const exits = events.filter((e) => e.type === 'agent_exited');
    expect(exits).toHaveLength(2);
    for (const e of exits) expect(e).toMatchObject({ exitCode: 0, reason: 'finished', outcome: 'exited' });
  });
});

describe('default runtimes', () => {
  it('local, claude-code and command; the wall-clock cap follows the deadlines and never exceeds the shortest schedule interval', async () => {
    const { defaultRuntimes, defaultWallClockMs } = await import('../../workers/runtimes/default-runtimes.js');
    const { SettingsSchema } = await import('../../orchestrator/settings/settings.js');
    const s = SettingsSchema.parse({});
    expect(Object.keys(defaultRuntimes(s)).sort()).toEqual(['claude-code', 'command', 'local']);
    // 15 + 60 + 20 + 2 (opt-out) + 20 + 5 s, plus 60 s; the default schedule ticks every 15 min
    expect(defaultWallClockMs(s)).toBe(182_000);
    expect(defaultWallClockMs(SettingsSchema.parse({ schedule: { default: { every: '2m' } } }))).toBe(120_000);
    expect(defaultWallClockMs(SettingsSchema.parse({ schedule: { default: { cron: '*/1 * * * *' }, targets: { x: { every: '10s' } } } }))).toBe(30_000);
  });
});
