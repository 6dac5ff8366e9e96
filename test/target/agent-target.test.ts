import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distPath, projectRoot } from '../../orchestrator/paths.js';
import { loadTarget, TargetConfigError } from '../../orchestrator/target/index.js';
import { loadAgentTarget } from '../../workers/local-agent/agent-target.js';
import { LOCAL_AGENT_BUNDLE_DIR } from '../../workers/local-agent/bundle-location.js';
import { defaultLocalAgentProgram } from '../../workers/runtimes/local.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-agent-target-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const strategyC = () => path.join(projectRoot(), 'config/targets/strategy-c.yaml');

describe("a local agent's target", () => {
  it('from the definition the conductor passed resolves exactly as loading the file does', async () => {
    const runsDir = path.join(dir, 'runs');
    const fromFile = await loadTarget(strategyC(), { runsDir });
    const inMemory = await loadAgentTarget({ file: strategyC(), runsDir, definition: JSON.parse(JSON.stringify(fromFile.definition)) });
    // Everything but the compiled invariants (functions) compares as data; the invariants by name and expression.
    const plain = (t: typeof fromFile) => ({ ...t, space: { params: t.space.params, invariants: t.space.invariants.map((i) => [i.name, i.expr]) } });
    expect(plain(inMemory)).toEqual(plain(fromFile));
    expect(inMemory.space.invariants.length).toBeGreaterThan(0);
  });

  it('without a definition loads the file; a bad definition is a TargetConfigError naming the field', async () => {
    const runsDir = path.join(dir, 'runs');
    expect((await loadAgentTarget({ file: strategyC(), runsDir })).name).toBe('strategy-c');
    const fromFile = await loadTarget(strategyC(), { runsDir });
    const bad = { ...(fromFile.definition as Record<string, unknown>), evaluate: { command: [] } };
    const error = await loadAgentTarget({ file: strategyC(), runsDir, definition: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetConfigError);
    expect((error as TargetConfigError).issues.map((i) => i.path)).toContain('evaluate.command');
  });
});

describe('the local agent program', () => {
  it('is the bundle `npm run build` writes, with the role and the YAML parser split out of the start-up file', async () => {
    expect(defaultLocalAgentProgram()).toBe(distPath(`${LOCAL_AGENT_BUNDLE_DIR}/main.js`));
    expect(existsSync(defaultLocalAgentProgram())).toBe(true);
    const { readFile } = await import('node:fs/promises');
    const main = await readFile(defaultLocalAgentProgram(), 'utf8');
    // What an agent compiles before it joins its room: the client, not the tuner, pino, ws or yaml.
    expect(main).toContain('ClawChatClient');
    expect(main).not.toMatch(/^\/\/ node_modules\/(yaml|pino|ws|execa)\//m);
    expect(main).toMatch(/import\("\.\/chunks\/tuner-[A-Z0-9]+\.js"\)/);
  });
});
