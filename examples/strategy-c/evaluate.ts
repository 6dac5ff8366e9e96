#!/usr/bin/env node
/**
 * Strategy C's `evaluate` command (the itercrew target contract): candidate configs as JSON
 * lines on stdin, one response line per request line on stdout, in order (see
 * orchestrator/target/evaluate-protocol.ts and the README).
 *
 *   node dist/examples/strategy-c/evaluate.js [--ignore-param NAME]... [--data-dir DIR]
 *
 * Request lines:
 *   {"id":"a","info":true}
 *   {"id":"b","params":{"sigma":0.002},"windows":{"from":0,"to":50}}
 * Parameters left out take their defaults (seed 000, iteration 55).
 *
 * Exit codes: 0 after answering every line; 64 bad command line; 65 corrupt data file;
 * 66 missing or unreadable data file. Bad request lines never end the process: each gets an
 * error response.
 */
import { writeSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadDataset, type Dataset } from './src/data/dataset.js';
import { defaultDataDir } from './src/data/files.js';
import { DataError } from './src/errors/data-error.js';
import { isParamName, PARAM_NAMES } from './src/params/param-specs.js';
import type { ParamName } from './src/params/strategy-params.js';
import { EvaluateSession } from './src/protocol/evaluate-session.js';

const USAGE = `usage: evaluate [--ignore-param NAME]... [--data-dir DIR]
  Reads evaluate requests (JSON lines) on stdin, answers one JSON line per request on stdout.
  --ignore-param NAME  the model ignores parameter NAME (uses its default); repeatable
  --data-dir DIR       bundled data directory (default: ${defaultDataDir()})`;

function fail(code: number, message: string): never {
  writeSync(2, `strategy-c evaluate: ${message}\n`); // synchronous: nothing is lost to the exit
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      'ignore-param': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(64, `${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}

const ignored = new Set<ParamName>();
for (const name of args['ignore-param'] ?? []) {
  if (!isParamName(name)) fail(64, `--ignore-param: unknown parameter ${JSON.stringify(name)}; Strategy C has: ${PARAM_NAMES.join(', ')}`);
  ignored.add(name);
}

let data: Dataset;
try {
  data = loadDataset(args['data-dir'] ?? defaultDataDir());
} catch (err) {
  if (err instanceof DataError) fail(err.code === 'data_unreadable' ? 66 : 65, `cannot load data: ${err.message}`);
  fail(65, `cannot load data: ${(err as Error).message}`);
}

const session = new EvaluateSession(data, ignored);
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue; // not a request
  // Respect backpressure so a slow reader does not make us buffer every answer in memory.
  if (!process.stdout.write(JSON.stringify(session.answer(line)) + '\n')) await once(process.stdout, 'drain');
}
