import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { distPath, projectRoot } from '../../orchestrator/paths.js';

/**
 * `itercrew run` against an external ClawChat server (settings `chat.mode: external`) reached
 * through a ws:// and a unix:// URL: the conductor and its local agents (separate processes)
 * all connect with that URL. The server is the embedded one started here, with auth.
 */
describe('itercrew run with an external ClawChat server over ws:// and unix://', () => {
  let server: ClawChatServer;
  let dir: string;
  const key = 'external-run-key';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'itercrew-external-'));
    server = await ClawChatServer.start({ auth: { key }, tcp: false, socket: path.join(dir, 'chat.sock'), http: { port: 0 }, limits: { free: { maxRooms: 1_000 } } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (name: string, url: string) => {
    const settings = path.join(dir, `${name}.yaml`);
    writeFileSync(
      settings,
      [
        `runsDir: ${JSON.stringify(path.join(dir, `runs-${name}`))}`,
        `targets: [${JSON.stringify(path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml'))}]`,
        'chat:',
        '  mode: external',
        `  url: ${JSON.stringify(url)}`,
      ].join('\n'),
    );
    return execa('node', [distPath('orchestrator/cli/main.js'), 'run', '--settings', settings, '--iterations', '1', '--json'], {
      reject: false,
      env: { ITERCREW_CHAT_KEY: key, ITERCREW_LOG_LEVEL: 'error' },
      timeout: 180_000,
    });
  };

  it('runs an iteration whose agents coordinate through the external server', async () => {
    // One after the other: both use the target's room `itercrew.strategy-c` on the same server.
    const ws = await run('ws', server.address.http!.wsUrl);
    const unix = await run('unix', server.address.socket!.url);
    for (const [name, r] of [['ws', ws], ['unix', unix]] as const) {
      expect(r.exitCode, `${name}: ${r.stderr}`).toBe(0);
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      expect(['applied', 'no_change'], `${name}: ${JSON.stringify(result)}`).toContain(result.status);
      expect(result.decision).toBeTruthy();
    }
  });
});
