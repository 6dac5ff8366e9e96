import type { Schedule } from './schedule.js';
import { TickSchedule } from './tick-schedule.js';

/**
 * The time that names a manual kickoff: `at` cut to the whole second (iteration ids have
 * seconds), moved on by a second while it falls on one of the target's ticks — so a kick never
 * takes a scheduled tick's iteration id (`<target>-tune-<UTC second>`) and is never mistaken for
 * that tick's run. Two kicks within the same second get the same id (one iteration).
 */
export function kickTime(at: Date, schedule: Schedule | null): Date {
  let t = new Date(Math.floor(at.getTime() / 1000) * 1000);
  if (!schedule) return t;
  const ticks = new TickSchedule(schedule);
  try {
    for (let i = 0; i < 60 && ticks.previous(t)?.getTime() === t.getTime(); i++) t = new Date(t.getTime() + 1000);
  } finally {
    ticks.dispose();
  }
  return t;
}
