import path from 'node:path';
import type { Command } from 'commander';
import { ItercrewError } from '../errors/index.js';
import { loadTargets } from '../runner/load-targets.js';
import { DEFAULT_REDIS_SETTINGS, resolveRedisUrl, type RedisSettings } from '../scheduler/bullmq/redis-settings.js';
import { SchedulerError } from '../scheduler/errors/index.js';
import { loadSettings, type LoadedSettings } from '../settings/settings.js';
import type { Target } from '../target/definition/target.js';

/** Flags shared by `start`, `worker`, `kick`, `pause`, `resume` and `status`. */
export interface ControlCommandOptions {
  /** Settings file; default config/itercrew.yaml. */
  settings?: string;
  /** Runs directory (overrides settings.runsDir). */
  runsDir?: string;
  /** Target names or definition files; default every target in the settings. */
  target?: string[];
  /** Redis URL (BullMQ mode); default ITERCREW_REDIS_URL, then settings.redis.url. */
  redis?: string;
  /** External ClawChat server URL (overrides settings.chat). */
  chatUrl?: string;
  /** Its key; default settings.chat.key or ITERCREW_CHAT_KEY. */
  chatKey?: string;
}

/** What a control command works with. */
export interface ControlContext {
  settings: LoadedSettings;
  /** The targets chosen with `--target` (default: every configured one). */
  targets: Target[];
  /** Every target in the settings (BullMQ reconcile keeps exactly these schedulers). */
  configured: Target[];
  /** The Redis URL, or null in the embedded mode. */
  redisUrl: string | null;
  /** BullMQ settings (defaults when the settings have no `redis`). */
  redis: RedisSettings;
}

/** commander helper: collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Loads settings (with `--runs-dir` and `--chat-url/--chat-key` applied), the targets (a `--target`
 * value is a configured target's name or a definition file) and the Redis URL.
 *
 * @throws SettingsError, TargetConfigError, SchedulerError `redis_unavailable` (bad URL),
 *   ItercrewError `usage` for an unknown target name.
 */
export async function loadControlContext(opts: ControlCommandOptions): Promise<ControlContext> {
  const loaded = loadSettings(opts.settings);
  let settings: LoadedSettings = opts.runsDir ? { ...loaded, runsDir: opts.runsDir, runsDirAbs: path.resolve(opts.runsDir) } : loaded;
  if (opts.chatUrl) settings = { ...settings, chat: { mode: 'external', url: opts.chatUrl, key: opts.chatKey ?? (settings.chat.mode === 'external' ? settings.chat.key : undefined) } };
  else if (opts.chatKey && settings.chat.mode === 'external') settings = { ...settings, chat: { ...settings.chat, key: opts.chatKey } };
  const configured = await loadTargets(settings);
  const wanted = opts.target ?? [];
  const targets: Target[] = [];
  const files: string[] = [];
  for (const t of wanted) {
    const byName = configured.find((c) => c.name === t);
    if (byName) targets.push(byName);
    else if (/[/\\.]/.test(t)) files.push(t);
    else throw new ItercrewError('usage', `unknown target ${JSON.stringify(t)}: configured targets are ${configured.map((c) => c.name).join(', ')} (or give a definition file)`);
  }
  if (files.length > 0) targets.push(...(await loadTargets(settings, files)));
  return {
    settings,
    targets: wanted.length > 0 ? targets : configured,
    configured,
    redisUrl: resolveRedisUrl(opts.redis, settings),
    redis: { ...DEFAULT_REDIS_SETTINGS, ...settings.redis },
  };
}

/**
 * BullMQ mode needs an external ClawChat server (a ClawChat server or `itercrew chat serve`) that
 * every worker's agents can reach.
 *
 * @throws SchedulerError `chat_not_external` when the settings say `embedded`.
 */
export function requireExternalChat(settings: LoadedSettings): void {
  if (settings.chat.mode !== 'external')
    throw new SchedulerError(
      'chat_not_external',
      'with Redis the chat server is external: run `itercrew chat serve` (or a ClawChat server) and give it with --chat-url/--chat-key or chat: { mode: external, url, key } in the settings',
    );
}

/** Adds the shared flags to a control command: settings, runs dir, targets, and optionally Redis and chat. */
export function addControlOptions(cmd: Command, with_: { redis?: boolean; chat?: boolean } = {}): Command {
  cmd
    .option('-t, --target <name|file>', 'a target, by name or definition file; repeat for more (default: every target in the settings)', collect)
    .option('-s, --settings <file>', 'settings file (default: config/itercrew.yaml)')
    .option('--runs-dir <dir>', 'where runs are (default: settings.runsDir, ./runs)');
  if (with_.redis) cmd.option('--redis <url>', 'Redis URL for BullMQ mode (default: $ITERCREW_REDIS_URL, then settings.redis.url; none: embedded)');
  if (with_.chat) cmd.option('--chat-url <url>', 'external ClawChat server (overrides settings.chat)').option('--chat-key <key>', 'its API key (default: settings.chat.key or $ITERCREW_CHAT_KEY)');
  return cmd;
}
