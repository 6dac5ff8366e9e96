import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { distPath } from '../../orchestrator/paths.js';
import { RawAgent } from './helpers/raw-agent.js';

/** `itercrew chat serve` as a real process (compiled CLI; `npm test` builds first). */
describe('itercrew chat serve', () => {
  const dirs: string[] = [];
  const procs: ResultPromise[] = [];
  afterEach(() => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const serve = (args: string[]) => {
    const proc = execa('node', [distPath('orchestrator/cli/main.js'), 'chat', 'serve', ...args], { reject: false, env: { ITERCREW_LOG_LEVEL: 'warn' } });
    procs.push(proc);
    return proc;
  };
  const listening = (proc: ResultPromise): Promise<Record<string, string>> =>
    new Promise((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('db ')) {
          resolve(Object.fromEntries(out.split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/, 2) as [string, string])));
        }
      });
      void proc.then((r) => reject(new Error(`server exited: ${r.stderr}`)));
    });

  it('serves with a generated 0600 key file and the rate-limit flags, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-cli-'));
    dirs.push(dir);
    const keyFile = path.join(dir, 'private', 'auth.key');
    const proc = serve(['--tcp', '127.0.0.1:0', '--socket', path.join(dir, 'c.sock'), '--db', path.join(dir, 'chat.db'), '--key-file', keyFile, '--max-agents', '1']);
    const addr = await listening(proc);
    expect(addr.tcp).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(addr.socket).toBe(`unix://${path.join(dir, 'c.sock')}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const a = await RawAgent.register(addr.tcp, key, 'cli-agent');
    const b = await RawAgent.connect(addr.socket);
    expect((await b.request('register', { key, name: 'second' })).payload.code).toBe('rate_limit_agents');
    await a.close();
    proc.kill('SIGTERM');
    const result = await proc;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('ClawChat server stopped');
  });

  it('runs without auth and exposes /ws with --http', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawchat-cli-'));
    dirs.push(dir);
    const proc = serve(['--no-tcp', '--no-socket', '--http', '127.0.0.1:0', '--no-auth', '--db', path.join(dir, 'chat.db')]);
    const addr = await listening(proc);
    expect(addr.tcp).toBeUndefined();
    expect(addr.auth).toBe('off');
    const a = await RawAgent.register(addr.ws, 'any-key-at-all', 'ws-agent');
    expect((await a.request('ping', {})).type).toBe('pong');
    await a.close();
    proc.kill('SIGTERM');
    expect((await proc).exitCode).toBe(0);
  });

  it('rejects a malformed address with a usage error', async () => {
    const result = await serve(['--tcp', 'nonsense', '--no-socket', '--db', ':memory:']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/--tcp.*expected host:port, got "nonsense"/);
  });
});
