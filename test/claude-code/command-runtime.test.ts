import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../orchestrator/paths.js';
import { CommandRuntime } from '../../workers/runtimes/command/command-runtime.js';
import { makeSandbox, type AgentSandbox } from './helpers.js';

const FAKE_CLI = path.join(projectRoot(), 'test', 'fixtures', 'claude', 'fake-agent-cli.mjs');

let sb: AgentSandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(async () => {
  await sb.cleanup();
});

function runtime(mode: string, record?: string): CommandRuntime {
  return new CommandRuntime({ binaries: { codex: FAKE_CLI, gemini: FAKE_CLI }, env: { FAKE_CLI_MODE: mode, ...(record ? { FAKE_CLI_RECORD: record } : {}) } });
}
const read = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('command runtime (fake agent CLIs)', () => {
  it('codex: exec --json, read-only sandbox, itercrew MCP server as -c overrides, prompt on stdin; usage from turn.completed', async () => {
    const record = path.join(sb.dir, 'codex.json');
    const agent = await runtime('codex-ok', record).spawn(sb.spec({ options: { command: { template: 'codex' }, model: 'gpt-5-codex' } }));
    const exit = await agent.exited;
    expect(exit).toMatchObject({ outcome: 'exited', exitCode: 0, reason: null });
    expect(exit.usage).toEqual({ turns: 2, inputTokens: 1500, outputTokens: 75, cacheReadTokens: 200 });
    const r = await read(record);
    expect(r.argv.slice(0, 5)).toEqual(['exec', '--json', '--sandbox', 'read-only', '--skip-git-repo-check']);
    expect(r.argv).toContain('-m');
    expect(r.argv.at(-1)).toBe('-');
    const command = r.argv.find((a: string) => a.startsWith('mcp_servers.itercrew.command='));
    expect(command).toBe(`mcp_servers.itercrew.command=${JSON.stringify(process.execPath)}`);
    expect(r.argv.find((a: string) => a.startsWith('mcp_servers.itercrew.args='))).toMatch(/orchestrator\/mcp\/main\.js", "--config", ".*agent\.json"\]$/);
    expect(r.stdin).toBe('You are tuner-1.\n\nPropose one change.');
    expect(r.files).toContain('config.toml'); // cwd is the worktree of the target
    const transcript = (await readFile(path.join(sb.logDir, 'tuner-1.command.jsonl'), 'utf8')).trim().split('\n');
    expect(transcript).toHaveLength(5);
  });

  it('codex turn.failed and gemini result errors are failed agents with the CLI’s reason', async () => {
    const codex = await (await runtime('codex-failed').spawn(sb.spec({ options: { command: { template: 'codex' } } }))).exited;
    expect(codex).toMatchObject({ exitCode: 1, reason: 'stream disconnected before completion' });
    const gemini = await (await runtime('gemini-error').spawn(sb.spec({ name: 'tuner-2', options: { command: { template: 'gemini' } } }))).exited;
    expect(gemini).toMatchObject({ exitCode: 1, reason: 'quota exceeded' });
  });

  it('gemini: -p -o stream-json, itercrew trusted in the workspace settings; usage from the result stats', async () => {
    const record = path.join(sb.dir, 'gemini.json');
    const exit = await (await runtime('gemini-ok', record).spawn(sb.spec({ options: { command: { template: 'gemini' } } }))).exited;
    expect(exit.usage).toEqual({ turns: 1, inputTokens: 1200, outputTokens: 100, cacheReadTokens: 0 });
    const r = await read(record);
    expect(r.argv.slice(2)).toEqual(['-o', 'stream-json', '--allowed-mcp-server-names', 'itercrew']);
    expect(r.gemini.mcpServers.itercrew).toMatchObject({ command: process.execPath, trust: true });
  });

  it('a user script: argv as given, prompt on stdin, MCP config in the environment; any known event format or none', async () => {
    const record = path.join(sb.dir, 'script.json');
    const script = { template: 'script' as const, argv: [process.execPath, FAKE_CLI] };
    const exit = await (await runtime('claude-ok', record).spawn(sb.spec({ options: { command: script } }))).exited;
    expect(exit.usage).toMatchObject({ turns: 3, costUsd: 0.02, inputTokens: 900 });
    const r = await read(record);
    expect(r.env.ITERCREW_MCP_CONFIG).toMatch(/itercrew-agent-tuner-1-[^/]+\/mcp\.json$/);
    expect(existsSync(r.env.ITERCREW_MCP_CONFIG)).toBe(false); // the private folder is removed after the exit
    expect(JSON.parse(r.env.ITERCREW_MCP_COMMAND).args).toContain('--config');
    expect(r.env.ITERCREW_SYSTEM_PROMPT).toBe('You are tuner-1.');
    expect(r.stdin).toBe('Propose one change.');
    const plain = await (await new CommandRuntime({ env: { FAKE_CLI_MODE: 'plain', FAKE_CLI_EXIT: '4' } }).spawn(sb.spec({ name: 'tuner-2', options: { command: script } }))).exited;
    expect(plain).toMatchObject({ exitCode: 4, reason: 'exited without a final event', usage: undefined });
  });

  it('a slot without a template, or a script without argv, is spawn_failed with the reason', async () => {
    const none = await (await runtime('plain').spawn(sb.spec())).exited;
    expect(none).toMatchObject({ outcome: 'spawn_failed', reason: expect.stringMatching(/no `command: \{template/) });
    const noArgv = await (await runtime('plain').spawn(sb.spec({ options: { command: { template: 'script' } } }))).exited;
    expect(noArgv).toMatchObject({ outcome: 'spawn_failed', reason: 'the script template needs argv (the program and its arguments)' });
  });
});
