import { ClawChatServer } from '../clawchat/server/index.js';
import type { Logger } from '../logging/logger.js';
import type { ChatSettings } from '../settings/settings.js';
import { SettingsError } from '../settings/settings-error.js';

/** Where the conductor and its agents chat. */
export interface ChatEndpoint {
  /** Server URL agents connect to (tcp://127.0.0.1:<port> for the embedded server). */
  url: string;
  /** API key to register with. */
  key: string;
  /** The server's election opt-out window, ms. */
  electionOptOutMs: number;
  /** True for the in-process server. */
  embedded: boolean;
  /** Stops the embedded server (no-op for an external one). */
  close(): Promise<void>;
}

/**
 * Opens the chat endpoint the settings ask for.
 * - `embedded` (default): starts itercrew's ClawChat server in-process on a random loopback TCP
 *   port, in memory, with a fresh random master key that only this process and the agents it
 *   spawns know. Upstream's free-tier room and message quotas are lifted (one room per iteration
 *   would otherwise stop an unattended run after 50 iterations).
 * - `external`: a ClawChat server given by URL and key (key from the settings or ITERCREW_CHAT_KEY).
 *
 * @throws SettingsError when an external server has no key.
 */
export async function openChatEndpoint(chat: ChatSettings, logger?: Logger): Promise<ChatEndpoint> {
  if (chat.mode === 'external') {
    const key = chat.key ?? process.env.ITERCREW_CHAT_KEY;
    if (!key) throw new SettingsError(`chat.mode is external (${chat.url}) but no key is set: put chat.key in the settings or export ITERCREW_CHAT_KEY`);
    return { url: chat.url, key, electionOptOutMs: 2_000, embedded: false, close: async () => undefined };
  }
  const server = await ClawChatServer.start({
    tcp: { host: '127.0.0.1', port: 0 },
    db: ':memory:',
    timers: { electionOptOutMs: chat.electionOptOutMs },
    limits: { free: { maxRooms: Number.MAX_SAFE_INTEGER, maxMessagesPerWindow: 1_000_000, maxAgents: 10_000 } },
    logger,
  });
  return {
    url: server.url,
    key: server.masterKey as string,
    electionOptOutMs: chat.electionOptOutMs,
    embedded: true,
    close: () => server.close(),
  };
}
