import { describe, expect, it } from 'vitest';
import { InProcessScheduler } from '../../orchestrator/scheduler/in-process-scheduler.js';

/** Collects ticks; resolves `reached` once `n` ticks came. */
function collector(n: number) {
  const ticks: Array<{ target: string; tick: Date; firedAt: number }> = [];
  let resolve!: () => void;
  const reached = new Promise<void>((r) => (resolve = r));
  return {
    ticks,
    reached,
    onTick: (target: string, tick: Date) => {
      ticks.push({ target, tick, firedAt: Date.now() });
      if (ticks.length === n) resolve();
    },
  };
}

describe('the in-process scheduler', () => {
  it('fires each target at its own ticks: aligned, consecutive, never early', async () => {
    const c = collector(6);
    const armed: Array<{ target: string; next: Date | null }> = [];
    const s = new InProcessScheduler({
      entries: [
        { target: 'a', schedule: { every: 1_000 } },
        { target: 'b', schedule: { cron: '* * * * * *', timezone: 'UTC' } },
      ],
      onTick: c.onTick,
      onArmed: (target, next) => armed.push({ target, next }),
    });
    s.start();
    expect(s.nextTick('a')!.getTime() % 1_000).toBe(0);
    await c.reached;
    await s.stop();
    for (const t of c.ticks) {
      expect(t.tick.getTime() % 1_000).toBe(0);
      expect(t.firedAt).toBeGreaterThanOrEqual(t.tick.getTime());
      expect(t.firedAt - t.tick.getTime()).toBeLessThan(500);
    }
    for (const target of ['a', 'b']) {
      const mine = c.ticks.filter((t) => t.target === target).map((t) => t.tick.getTime());
      expect(mine.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < mine.length; i++) expect(mine[i]! - mine[i - 1]!).toBe(1_000);
    }
    expect(armed.filter((a) => a.target === 'a').length).toBeGreaterThanOrEqual(3);
  });

  it('does not backfill: after the process was stuck for several ticks only one late tick fires', async () => {
    const c = collector(3);
    const s = new InProcessScheduler({ entries: [{ target: 'a', schedule: { every: 1_000 } }], onTick: c.onTick });
    s.start();
    const first = s.nextTick('a')!.getTime();
    const stuckUntil = first + 2_600;
    while (Date.now() < stuckUntil) {
      // the event loop is blocked: ticks first, first+1s and first+2s pass unseen
    }
    await c.reached;
    await s.stop();
    const times = c.ticks.map((t) => t.tick.getTime());
    expect(times[0]).toBe(first); // the one late tick
    expect(c.ticks[0]!.firedAt - first).toBeGreaterThanOrEqual(2_600);
    expect(times[1]).toBe(first + 3_000); // then the next tick after the wake-up: first+1s and first+2s are never run
    expect(times[2]).toBe(first + 4_000);
  });

  it('stop() waits for tick handlers that are still running and fires no more ticks', async () => {
    let finished = false;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let count = 0;
    const s = new InProcessScheduler({
      entries: [{ target: 'a', schedule: { every: 1_000 } }],
      onTick: async () => {
        count++;
        started();
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
    });
    s.start();
    await running;
    await s.stop();
    expect(finished).toBe(true);
    expect(count).toBe(1);
    expect(s.nextTick('a')).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(count).toBe(1);
  });
});
