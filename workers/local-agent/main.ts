#!/usr/bin/env node
/**
 * The local (LLM-free) agent program, one OS process per agent, started by the `local` runtime.
 * It connects with a stable ClawChat identity and joins its iteration room first (with only the
 * chat client loaded, so the team assembles quickly), then loads its role (tuner.ts, or
 * reviewer.ts in review iterations) and plays it. Exits 0 when the conductor posts the result; 1 on any error (the reason is the last line
 * on standard error, which the runtime saves).
 */
import './zod-jitless.js'; // first: before any schema is built
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { readLocalAgentConfig } from './config.js';

const abort = new AbortController();
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    abort.abort(new Error(`received ${sig}`));
    setTimeout(() => process.exit(143), 200).unref();
  });
}

async function main(): Promise<void> {
  const config = readLocalAgentConfig();
  const client = await ClawChatClient.connect({ url: config.chat.url, key: config.chat.key, name: config.name, agentId: config.agentId });
  try {
    await client.joinRoom(config.chat.roomId);
    const { createLogger } = await import('../../orchestrator/logging/logger.js');
    const logger = createLogger({ name: 'local-agent', pretty: false }).child({ agent: config.name });
    if (config.role === 'reviewer') {
      const { runReviewer } = await import('./reviewer.js');
      await runReviewer({ client, config, logger });
    } else {
      const { runTuner } = await import('./tuner.js');
      await runTuner({ client, config, logger, signal: abort.signal });
    }
  } finally {
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), name: 'local-agent', msg: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack })}\n`);
    process.exit(1);
  },
);
