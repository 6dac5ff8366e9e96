/**
 * How fast a running iteration winds down (issue 7's figure: `itercrew pause` and a flag file
 * "make a running one wind down within one second").
 *
 * Each run starts a tune iteration of a small target whose agents are real processes that join
 * the room and then say nothing (test/fixtures/agents/silent.mjs), so the iteration sits in its
 * propose phase with live agents — then stops it, and measures the time until the iteration is
 * finished in the run log (`iteration_finished` written) **and** every agent process group is
 * gone, polled every 5 ms:
 *
 * - `flag file`: from creating `<runsDir>/STOP`;
 * - `itercrew pause, from the command`: from starting `itercrew pause` as a process (includes the
 *   CLI's own start-up);
 * - `itercrew pause, from paused.json`: the same runs, from the pause's `since` time (when the
 *   command wrote its pause), i.e. the product's reaction alone.
 *
 * The conductor runs in this process with the product defaults (stop watch every 200 ms, the
 * embedded chat server). Prints each run, then p50 and max per measure against the goal ≤ 1000 ms.
 *
 * Run: `npm run build && node dist/bench/kill-switch.js [runs=10]`.
 */
import { readFile, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { controlPaths } from '../orchestrator/control/control-paths.js';
import { resumeTarget } from '../orchestrator/control/pause-state.js';
import { Conductor } from '../orchestrator/iteration/conductor.js';
import type { IterationResult } from '../orchestrator/iteration/iteration-result.js';
import { projectRoot } from '../orchestrator/paths.js';
import { openChatEndpoint } from '../orchestrator/runner/chat-endpoint.js';
import { runPaths } from '../orchestrator/runlog/run-paths.js';
import { SettingsSchema } from '../orchestrator/settings/settings.js';
import { loadTarget } from '../orchestrator/target/definition/load-target.js';
import { LocalRuntime } from '../workers/runtimes/local.js';
import { processGroupAlive } from '../workers/runtimes/process-group.js';

const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${process.argv[2]}`);
const GOAL_MS = 1_000;
const root = projectRoot();
const cli = path.join(root, 'dist', 'orchestrator', 'cli', 'main.js');
const work = await mkdtemp(path.join(os.tmpdir(), 'itercrew-bench-kill-'));
const runsDir = path.join(work, 'runs');

// A small target (the test suite's fake evaluate command) and a team of two silent agents.
await mkdir(path.join(work, 'targets'), { recursive: true });
await writeFile(path.join(work, 'targets', 'fake.seed.json'), JSON.stringify({ a: 1, b: 0.5 }) + '\n');
const targetFile = path.join(work, 'targets', 'fake.yaml');
await writeFile(
  targetFile,
  stringify({
    name: 'fake',
    repo: 'workspace',
    configFile: 'params.json',
    space: { a: { type: 'float', min: 0, max: 2, step: 0.1 }, b: { type: 'float', min: 0, max: 1, step: 0.1 } },
    evaluate: { command: ['${NODE}', path.join(root, 'test/fixtures/fake-evaluate.mjs'), 'good'], timeoutMs: 30_000 },
    walkForward: { segmentWindows: 1, inSampleWindows: 4, startWindow: 4 },
    seed: { configFile: 'fake.seed.json' },
  }),
);
const settingsFile = path.join(work, 'itercrew.yaml');
await writeFile(settingsFile, stringify({ runsDir, targets: [targetFile] }));
const target = await loadTarget(targetFile, { runsDir });
const team = [
  { role: 'tuner', runtime: 'silent', name: 'silent-1' },
  { role: 'tuner', runtime: 'silent', name: 'silent-2' },
];
const parsed = SettingsSchema.parse({ runsDir, team, deadlines: { spawnMs: 20_000, proposeMs: 120_000, closeMs: 2_000 } });
const settings = { ...parsed, file: null, baseDir: work, runsDirAbs: runsDir };
const chat = await openChatEndpoint(settings.chat);
const silent = new LocalRuntime({ program: path.join(root, 'test/fixtures/agents/silent.mjs') });
const conductor = await Conductor.open({ target, settings, chat, electionOptOutMs: chat.electionOptOutMs, runtimes: { silent }, runId: 'bench-kill-switch' });
const eventsFile = runPaths(runsDir, 'fake').eventsFile;

interface Line {
  type: string;
  iterationId?: string;
  pid?: number | null;
  agent?: { agentId: string };
}
async function lines(): Promise<Line[]> {
  const text = await readFile(eventsFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

/** Starts an iteration and resolves once every agent is spawned and the propose phase runs (agents alive, silent). */
async function startIteration(): Promise<{ done: Promise<IterationResult>; iterationId: string; pids: number[] }> {
  let iterationId = '';
  let started!: Promise<IterationResult>;
  const proposing = new Promise<void>((resolve) => {
    const done = conductor.runIteration({
      onPhase: (phase, id) => {
        iterationId = id;
        if (phase === 'propose') resolve();
      },
    });
    started = done;
  });
  await Promise.race([proposing, sleep(60_000).then(() => Promise.reject(new Error('the iteration never reached its propose phase')))]);
  const pids = (await lines()).filter((e) => e.type === 'agent_spawned' && e.iterationId === iterationId).map((e) => e.pid as number);
  if (pids.length !== team.length || !pids.every((p) => processGroupAlive(p))) throw new Error(`expected ${team.length} live agents, found pids ${pids.join(', ')}`);
  return { done: started, iterationId, pids };
}

/** Polls until `iterationId` is finished in the run log and every agent process group is gone; returns that time (ms since the epoch). */
async function woundDown(iterationId: string, pids: number[]): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const finished = (await lines()).some((e) => e.type === 'iteration_finished' && e.iterationId === iterationId);
    if (finished && pids.every((p) => !processGroupAlive(p))) return Date.now();
    if (Date.now() > deadline) throw new Error(`${iterationId} did not wind down within 30 s`);
    await sleep(5);
  }
}

const flagMs: number[] = [];
const pauseCmdMs: number[] = [];
const pauseFileMs: number[] = [];
const flag = path.join(runsDir, 'STOP');
try {
  for (let i = 0; i < runs; i++) {
    // Flag file.
    {
      const { done, iterationId, pids } = await startIteration();
      await sleep(300); // let the stop watch settle into its polling rhythm, as in a long iteration
      const t0 = Date.now();
      await writeFile(flag, 'bench\n');
      const t1 = await woundDown(iterationId, pids);
      const r = await done;
      if (!r.reason.startsWith('aborted: kill switch on')) throw new Error(`${iterationId}: unexpected end ${r.status}: ${r.reason}`);
      flagMs.push(t1 - t0);
      await rm(flag);
    }
    // itercrew pause.
    {
      const { done, iterationId, pids } = await startIteration();
      await sleep(300);
      const t0 = Date.now();
      const cmd = await execa(process.execPath, [cli, 'pause', '-s', settingsFile, '--reason', 'bench'], { reject: false });
      if (cmd.exitCode !== 0) throw new Error(`itercrew pause failed: ${cmd.stderr}`);
      const t1 = await woundDown(iterationId, pids);
      const pause = JSON.parse(await readFile(controlPaths(runsDir, 'fake').pausedFile, 'utf8')) as { since: string };
      const r = await done;
      if (!r.reason.startsWith('aborted: paused by')) throw new Error(`${iterationId}: unexpected end ${r.status}: ${r.reason}`);
      pauseCmdMs.push(t1 - t0);
      pauseFileMs.push(t1 - Date.parse(pause.since));
      await resumeTarget(runsDir, 'fake');
    }
    process.stdout.write(`run ${i + 1}: flag file ${flagMs.at(-1)} ms · itercrew pause ${pauseCmdMs.at(-1)} ms from the command, ${pauseFileMs.at(-1)} ms from paused.json\n`);
  }
} finally {
  await conductor.close();
  await chat.close();
  await rm(work, { recursive: true, force: true });
}

function summary(name: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const p50 = s[Math.floor((s.length - 1) / 2)]!;
  const max = s.at(-1)!;
  return `${name.padEnd(34)} p50 ${String(p50).padStart(5)} ms   max ${String(max).padStart(5)} ms   (goal ≤ ${GOAL_MS} ms: ${max <= GOAL_MS ? 'pass' : p50 <= GOAL_MS ? 'p50 pass, max FAIL' : 'FAIL'})`;
}
process.stdout.write(`\ntime from stop to "iteration finished in the run log and every agent process gone", ${runs} runs each, 2 silent agents, stop watch every ${settings.safety.stopPollMs} ms:\n`);
process.stdout.write(summary('flag file (<runsDir>/STOP)', flagMs) + '\n');
process.stdout.write(summary('itercrew pause, from the command', pauseCmdMs) + '\n');
process.stdout.write(summary('itercrew pause, from paused.json', pauseFileMs) + '\n');
