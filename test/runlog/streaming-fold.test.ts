import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventLine, writeSampleLog } from '../../bench/report-sample-log.js';
import { foldIterations, parseRunLogText, readRunLog, RunLog, type RunLogEvent } from '../../orchestrator/runlog/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itercrew-streaming-fold-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunLog.fold folds while it reads', () => {
  it('gives exactly the records of foldIterations over the collected events (every status, reviews, unknown types, a re-run, bad lines)', async () => {
    const { file, iterations } = await writeSampleLog(dir, { iterations: 120, target: 't' });
    // A re-run of iteration 3 after a crash (a second iteration_started for its id), a malformed
    // line, an invalid event and a truncated last line.
    const rerun = iterations[2]!;
    await appendFile(file, `${rerun.events.map((e) => eventLine('t', e)).join('\n')}\nnot json\n{"v":1,"type":"phase_completed"}\n{"v":1,"ts":"2026-`);

    const streamed = await RunLog.forTarget(dir, 't').fold();
    const read = await readRunLog(file);
    expect(read.events.length).toBeGreaterThan(120 * 10);
    expect(read.unknownEvents.length).toBeGreaterThan(0);
    expect(streamed.iterations).toEqual(foldIterations(read.events, read.unknownEvents));
    expect(streamed.skipped).toEqual(read.skipped);
    expect(streamed.skipped.map((s) => s.line)).toHaveLength(3);
    expect(streamed.unknownEvents).toEqual(read.unknownEvents);
    // and the same as parsing the whole text at once
    const text = parseRunLogText(await readFile(file, 'utf8'));
    expect(streamed.iterations).toEqual(foldIterations(text.events, text.unknownEvents));
    const again = streamed.iterations.find((r) => r.iterationId === rerun.iterationId)!;
    expect(again.attempts).toBe(2);
    expect(streamed.iterations).toHaveLength(120);
  });

  it('hands every valid known event to a sink in file order and collects none', async () => {
    const { file } = await writeSampleLog(dir, { iterations: 30, target: 't' });
    const seen: RunLogEvent[] = [];
    const viaSink = await readRunLog(file, (e) => seen.push(e));
    const collected = await readRunLog(file);
    expect(viaSink.events).toEqual([]);
    expect(seen).toEqual(collected.events);
    expect(viaSink.lines).toBe(collected.lines);
  });
});
