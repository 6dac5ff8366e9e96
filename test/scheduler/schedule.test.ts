import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../orchestrator/scheduler/duration.js';
import { describeSchedule, scheduleFor, ScheduleSchema, SchedulingSettingsSchema } from '../../orchestrator/scheduler/schedule.js';
import { TickSchedule } from '../../orchestrator/scheduler/tick-schedule.js';
import { kickTime } from '../../orchestrator/scheduler/kick-time.js';
import { resolveRedisUrl } from '../../orchestrator/scheduler/bullmq/redis-settings.js';
import { loadSettings } from '../../orchestrator/settings/settings.js';
import { SettingsError } from '../../orchestrator/settings/settings-error.js';

describe('durations', () => {
  it('reads units, combinations and milliseconds, and writes them back', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration(42)).toBe(42);
    expect(formatDuration(900_000)).toBe('15m');
    expect(formatDuration(5_401_000)).toBe('1h30m1s');
    for (const bad of ['', '15', 'm', '15 minutes', '-1s', '1s junk']) expect(() => parseDuration(bad), bad).toThrow(/not a duration/);
    expect(() => parseDuration(-5)).toThrow(RangeError);
  });
});

describe('schedules', () => {
  it('accepts every and cron, refuses what cannot tick, with the reason', () => {
    expect(ScheduleSchema.parse({ every: '15m' })).toEqual({ every: 900_000 });
    expect(ScheduleSchema.parse({ cron: '0,30 * * * *' })).toEqual({ cron: '0,30 * * * *', timezone: 'UTC' });
    const issues = (value: unknown): string => {
      const r = ScheduleSchema.safeParse(value);
      expect(r.success, JSON.stringify(value)).toBe(false);
      return JSON.stringify(r.error!.issues);
    };
    expect(issues({ every: '500ms' })).toContain('at least 1 s');
    expect(issues({ every: 'soon' })).toContain('not a duration');
    expect(issues({ cron: 'every day' })).toContain('5 fields');
    expect(issues({ cron: '61 * * * *' })).toMatch(/cron|minute|invalid/i);
    expect(issues({ cron: '* * * * *', timezone: 'Mars/Olympus' })).toMatch(/timezone/i);
    expect(issues({ every: '1m', cron: '* * * * *' })).toBeTruthy();
  });

  it('gives every target the default unless it has its own or is off', () => {
    const s = SchedulingSettingsSchema.parse({ default: { every: '10m' }, targets: { a: { cron: '0 * * * *', timezone: 'Europe/Berlin' }, b: 'off' } });
    expect(scheduleFor(s, 'a')).toEqual({ cron: '0 * * * *', timezone: 'Europe/Berlin' });
    expect(scheduleFor(s, 'b')).toBeNull();
    expect(scheduleFor(s, 'c')).toEqual({ every: 600_000 });
    expect(describeSchedule(scheduleFor(s, 'c'))).toBe('every 10m');
    expect(describeSchedule(null)).toBe('off');
    expect(SchedulingSettingsSchema.parse({}).default).toEqual({ every: 900_000 });
    expect(SchedulingSettingsSchema.parse({}).missedAfter).toBe(300_000);
  });
});

describe('tick times', () => {
  it('every: multiples of the interval since the epoch, strictly after the given time', () => {
    const t = new TickSchedule({ every: 900_000 });
    expect(t.next(new Date('2026-02-24T15:14:59.999Z'))?.toISOString()).toBe('2026-02-24T15:15:00.000Z');
    expect(t.next(new Date('2026-02-24T15:15:00.000Z'))?.toISOString()).toBe('2026-02-24T15:30:00.000Z');
    expect(t.previous(new Date('2026-02-24T15:29:00Z'))?.toISOString()).toBe('2026-02-24T15:15:00.000Z');
    expect(t.between(new Date('2026-02-24T15:00:00Z'), new Date('2026-02-24T16:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-02-24T15:15:00.000Z',
      '2026-02-24T15:30:00.000Z',
      '2026-02-24T15:45:00.000Z',
    ]);
    expect(t.between(new Date(0), new Date('2026-01-01T00:00:00Z'), 3)).toHaveLength(3);
  });

  it('cron: croner in the schedule’s time zone, across a DST change', () => {
    const berlin = new TickSchedule({ cron: '0 9 * * *', timezone: 'Europe/Berlin' });
    // 9:00 in Berlin is 08:00Z in winter (CET) and 07:00Z after the change on 29 March 2026 (CEST).
    expect(berlin.next(new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(berlin.next(new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(berlin.previous(new Date('2026-03-29T07:00:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    const seconds = new TickSchedule({ cron: '*/20 * * * * *', timezone: 'UTC' });
    expect(seconds.between(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:01:00Z')).map((d) => d.getUTCSeconds())).toEqual([20, 40]);
    berlin.dispose();
    seconds.dispose();
  });
});

describe('kickoff times', () => {
  it('are whole seconds that never coincide with a scheduled tick', () => {
    const every = { every: 900_000 };
    expect(kickTime(new Date('2026-02-24T15:14:59.700Z'), every).toISOString()).toBe('2026-02-24T15:14:59.000Z');
    expect(kickTime(new Date('2026-02-24T15:15:00.300Z'), every).toISOString()).toBe('2026-02-24T15:15:01.000Z');
    expect(kickTime(new Date('2026-02-24T15:15:00.300Z'), null).toISOString()).toBe('2026-02-24T15:15:00.000Z');
    const everySecondButOne = { cron: '0-58 * * * * *', timezone: 'UTC' };
    expect(kickTime(new Date('2026-02-24T15:15:00.300Z'), everySecondButOne).toISOString()).toBe('2026-02-24T15:15:59.000Z');
  });
});

describe('settings: schedule and redis', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'itercrew-sched-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads schedule and redis from the settings file and names every bad field', async () => {
    const file = path.join(dir, 's.yaml');
    await writeFile(file, 'schedule:\n  default: { every: 2m }\n  targets: { strategy-c: off }\n  missedAfter: 30s\nredis:\n  url: redis://127.0.0.1:6390/2\n  lockDuration: 5s\n');
    const s = loadSettings(file);
    expect(s.schedule).toEqual({ default: { every: 120_000 }, targets: { 'strategy-c': 'off' }, missedAfter: 30_000 });
    expect(s.redis).toMatchObject({ url: 'redis://127.0.0.1:6390/2', prefix: 'itercrew', lockDuration: 5_000, stalledInterval: 30_000, maxStalledCount: 1 });

    await writeFile(file, 'schedule:\n  default: { every: often }\n  targets: { x: { cron: "nope" } }\nredis: { prefix: "a:b" }\n');
    const err = (() => {
      try {
        loadSettings(file);
      } catch (e) {
        return e as SettingsError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(SettingsError);
    expect(err.message).toContain('schedule.default');
    expect(err.message).toContain('schedule.targets.x');
    expect(err.message).toContain('redis.prefix');
  });

  it('takes the Redis URL from the flag, then ITERCREW_REDIS_URL, then the settings', () => {
    const settings = { redis: { url: 'redis://from-settings:1' } };
    expect(resolveRedisUrl('redis://flag:1', settings, { ITERCREW_REDIS_URL: 'redis://env:1' })).toBe('redis://flag:1');
    expect(resolveRedisUrl(undefined, settings, { ITERCREW_REDIS_URL: 'redis://env:1' })).toBe('redis://env:1');
    expect(resolveRedisUrl(undefined, settings, {})).toBe('redis://from-settings:1');
    expect(resolveRedisUrl(undefined, {}, {})).toBeNull();
    expect(() => resolveRedisUrl('http://x', {}, {})).toThrow(/not a Redis URL/);
    expect(() => resolveRedisUrl('::', {}, {})).toThrow(/not a Redis URL/);
  });
});
