import { Cron } from 'croner';
import { z } from 'zod';
import { DurationSchema, formatDuration } from './duration.js';

/**
 * When a target ticks: either every fixed interval, aligned to multiples of the interval since
 * the Unix epoch (UTC) — `every: 15m` ticks at :00, :15, :30, :45 — or by a cron pattern
 * (5 fields, or 6 with seconds first; croner's and BullMQ's syntax) in a time zone.
 */
export const ScheduleSchema = z.union([
  z.strictObject({
    /** Interval between ticks: `"15m"`, `"1h"`, `"30s"` or milliseconds. At least 1 s. */
    every: DurationSchema.refine((ms) => ms >= 1_000, 'ticks must be at least 1 s apart'),
  }),
  z
    .strictObject({
      /** Cron pattern, e.g. `"0,15,30,45 * * * *"` or `"0 0 9-17 * * 1-5"` (seconds first). */
      cron: z.string().min(1),
      /** IANA time zone of the pattern, e.g. `Europe/Berlin`. Default UTC. */
      timezone: z.string().min(1).default('UTC'),
    })
    .superRefine((s, ctx) => {
      const fields = s.cron.trim().split(/\s+/).length;
      if (fields !== 5 && fields !== 6) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: `a cron pattern has 5 fields (or 6 with seconds first), got ${fields}: ${JSON.stringify(s.cron)}` });
        return;
      }
      try {
        const probe = new Cron(s.cron, { paused: true, timezone: s.timezone });
        const next = probe.nextRun();
        probe.stop();
        if (!next) ctx.addIssue({ code: 'custom', path: ['cron'], message: `cron pattern ${JSON.stringify(s.cron)} never fires` });
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: (err as Error).message });
      }
    }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

/** The default schedule: every 15 minutes. */
export const DEFAULT_SCHEDULE: Schedule = { every: 15 * 60_000 };

/**
 * `schedule` in the settings: when each target ticks under `itercrew start` (in-process or
 * BullMQ job schedulers), and how late a tick may still start.
 *
 * ```yaml
 * schedule:
 *   default: { every: 15m }
 *   targets:
 *     strategy-c: { cron: "0,30 * * * *", timezone: UTC }
 *     other-bot: off
 *   missedAfter: 5m
 * ```
 */
export const SchedulingSettingsSchema = z.strictObject({
  /** Schedule of every target not named in `targets`. Default every 15 minutes. */
  default: ScheduleSchema.default(DEFAULT_SCHEDULE),
  /** Per target name: its own schedule, or `off` (no ticks; manual kicks still work). Default none. */
  targets: z.record(z.string(), z.union([ScheduleSchema, z.literal('off')])).default({}),
  /**
   * A tick whose iteration cannot start within this long after the tick time (itercrew or Redis
   * was down, or every worker was busy) is a missed tick: it is not run — no backfill — and is
   * logged. A tick that came while the target's previous iteration was running is recorded in
   * the run log as `skipped` instead. `"5m"` or milliseconds. Default 5 minutes.
   */
  missedAfter: DurationSchema.default(5 * 60_000),
});
export type SchedulingSettings = z.infer<typeof SchedulingSettingsSchema>;

/** Scheduling defaults: every target every 15 minutes, missed after 5 minutes. */
export const DEFAULT_SCHEDULING: SchedulingSettings = { default: DEFAULT_SCHEDULE, targets: {}, missedAfter: 5 * 60_000 };

/** The schedule of `target`, or null when it is `off`. */
export function scheduleFor(settings: SchedulingSettings, target: string): Schedule | null {
  const own = settings.targets[target];
  if (own === 'off') return null;
  return own ?? settings.default;
}

/** People's text for a schedule: `every 15m` or `cron 0,30 * * * * (UTC)`. */
export function describeSchedule(schedule: Schedule | null): string {
  if (!schedule) return 'off';
  return 'every' in schedule ? `every ${formatDuration(schedule.every)}` : `cron ${schedule.cron} (${schedule.timezone})`;
}
