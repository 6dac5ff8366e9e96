import type { LoadedSettings } from '../../orchestrator/settings/settings.js';
import type { AgentRuntime } from './agent-runtime.js';
import { ClaudeCodeRuntime } from './claude-code/claude-code-runtime.js';
import { CommandRuntime } from './command/command-runtime.js';
import { ClaudeCodeSettingsSchema } from './claude-code/settings.js';
import { LocalRuntime } from './local.js';

/**
 * An agent's wall-clock cap when the settings give none: the iteration's own agent-facing
 * deadlines (spawn, propose, vote, election opt-out, decide, close) plus 60 s, and never more
 * than the shortest `every` interval of the schedule (cron schedules are not bounded here), so a
 * stuck agent is killed within one iteration and never outlives the next tick. At least 30 s.
 */
export function defaultWallClockMs(settings: Pick<LoadedSettings, 'deadlines'> & Partial<Pick<LoadedSettings, 'schedule'>>, electionOptOutMs = 2_000): number {
  const d = settings.deadlines;
  const deadlines = d.spawnMs + d.proposeMs + d.voteMs + electionOptOutMs + d.decideMs + d.closeMs + 60_000;
  const sched = settings.schedule;
  const intervals = sched ? [sched.default, ...Object.values(sched.targets)].flatMap((x) => (x !== 'off' && 'every' in x ? [x.every] : [])) : [];
  return Math.max(30_000, Math.min(deadlines, ...intervals));
}

/**
 * The runtimes a conductor uses unless told otherwise, by the names the settings' team slots use:
 * `local`, `claude-code` (settings.claudeCode: binary, credentials, supervision) and `command`
 * (same supervision; the slot's `command` template).
 */
export function defaultRuntimes(settings: Pick<LoadedSettings, 'deadlines' | 'claudeCode'> & Partial<Pick<LoadedSettings, 'schedule'>>, electionOptOutMs?: number): Record<string, AgentRuntime> {
  const cc = settings.claudeCode ?? ClaudeCodeSettingsSchema.parse({}); // settings built by hand may lack the section
  const wallClockMs = cc.wallClockMs ?? defaultWallClockMs(settings, electionOptOutMs);
  return {
    local: new LocalRuntime(),
    'claude-code': new ClaudeCodeRuntime({ ...cc, wallClockMs }),
    command: new CommandRuntime({ idleTimeoutMs: cc.idleTimeoutMs, wallClockMs, lingerMs: cc.lingerMs, mcpToolTimeoutMs: cc.mcpToolTimeoutMs, chatWaitMaxMs: cc.chatWaitMaxMs }),
  };
}
