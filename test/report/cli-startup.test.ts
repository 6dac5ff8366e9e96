import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distPath } from '../../orchestrator/paths.js';
import { writeSampleRun, type SampleRun } from './helpers/sample-run.js';

// The CLI loads only the named command's modules. A module-resolution hook (node:module
// register) records every module the real CLI process loads, in a file per run.
let dir: string;
let run: SampleRun;
let registerFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-cli-startup-'));
  run = await writeSampleRun(path.join(dir, 'runs'), { iterations: 5 });
  const hooks = path.join(dir, 'hooks.mjs');
  await writeFile(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, r.url + '\\n');
  return r;
}
`,
  );
  registerFile = path.join(dir, 'register.mjs');
  await writeFile(registerFile, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the built CLI with `args`; returns its exit code and the URLs of the modules it loaded. */
async function loaded(name: string, ...args: string[]): Promise<{ exitCode: number | undefined; stdout: string; modules: string[] }> {
  const log = path.join(dir, `${name}.log`);
  const r = await execa(process.execPath, ['--import', pathToFileURL(registerFile).href, distPath('orchestrator/cli/main.js'), ...args], {
    reject: false,
    env: { ITERCREW_LOG_LEVEL: 'warn', LOADED_LOG: log },
  });
  const modules = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { exitCode: r.exitCode, stdout: r.stdout, modules };
}

const heavy = ['/node_modules/bullmq/', '/node_modules/execa/', '/node_modules/@modelcontextprotocol/', '/node_modules/ioredis/', '/orchestrator/iteration/conductor.js', '/orchestrator/clawchat/server/'];

describe('itercrew start-up loads only the command it runs', () => {
  it('`itercrew report` writes the report without loading BullMQ, execa, the MCP SDK, the pipeline or the chat server', async () => {
    const r = await loaded('report', 'report', '--runs-dir', run.runsDir, '--target', run.target);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('report.html');
    expect(r.modules.some((m) => m.endsWith('/orchestrator/report/write-report.js'))).toBe(true);
    for (const h of heavy) expect(r.modules.filter((m) => m.includes(h)), h).toEqual([]);
  });

  it('`itercrew --help` still loads and lists every command (so the hook sees heavy modules when they are loaded)', async () => {
    const r = await loaded('help', '--help');
    expect(r.exitCode).toBe(0);
    for (const name of ['run', 'log', 'show', 'report', 'chat', 'mcp', 'start', 'worker', 'kick', 'pause', 'resume', 'status']) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.modules.some((m) => m.includes('/node_modules/bullmq/'))).toBe(true);
  });
});
