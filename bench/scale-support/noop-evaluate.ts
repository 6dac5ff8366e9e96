#!/usr/bin/env node
/**
 * The evaluate command of the benchmarks' no-op target: answers an info request with a million
 * windows and every candidate with zero PnL, at once, in the JSON-lines protocol of
 * orchestrator/target/evaluate-protocol.ts. What remains of a measurement is one process start.
 */
import { createInterface } from 'node:readline';

const out: string[] = [];
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (line.trim() === '') return;
  let id: string | null = null;
  try {
    const req = JSON.parse(line) as { id?: unknown; info?: unknown; windows?: { from: number; to: number } };
    id = typeof req.id === 'string' ? req.id : null;
    if (req.info === true) out.push(JSON.stringify({ id, ok: true, info: { windows: 1_000_000, windowSeconds: 300, defaults: { a: 1 } } }));
    else {
      const n = Math.max(0, (req.windows?.to ?? 0) - (req.windows?.from ?? 0));
      out.push(JSON.stringify({ id, ok: true, metrics: { pnl: 0, windows: n, perWindow: new Array(n).fill(0), trades: 0 } }));
    }
  } catch {
    out.push(JSON.stringify({ id, ok: false, error: { code: 'bad_request', message: 'not JSON' } }));
  }
});
rl.on('close', () => process.stdout.write(out.map((l) => l + '\n').join('')));
