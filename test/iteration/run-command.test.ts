import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TargetLock } from '../../orchestrator/control/target-lock.js';
import { distPath } from '../../orchestrator/paths.js';

let runsDir: string;
beforeEach(async () => {
  runsDir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-runcmd-'));
});
afterEach(async () => {
  await rm(runsDir, { recursive: true, force: true });
});

describe('itercrew run (a real process)', () => {
  it('refuses to run while another process holds the target lock, and changes nothing', async () => {
    const attempt = await new TargetLock(runsDir, 'strategy-c').tryAcquire('test');
    expect(attempt.acquired).toBe(true);
    try {
      const r = await execa(process.execPath, [distPath('orchestrator/cli/main.js'), 'run', '--runs-dir', runsDir, '-n', '1'], { reject: false });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/target_busy: strategy-c is busy/);
    } finally {
      if (attempt.acquired) await attempt.lease.release();
    }
  });

  it('prints one row per iteration with status, diff, PnL and commit', async () => {
    const r = await execa(process.execPath, [distPath('orchestrator/cli/main.js'), 'run', '--runs-dir', runsDir, '-n', '1', '--json'], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { n: number; status: string; cumulativePnl: number; pnl: number | null });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.n).toBe(1);
    expect(rows[0]!.cumulativePnl).toBeCloseTo(rows[0]!.pnl ?? 0, 9);
  });
});
