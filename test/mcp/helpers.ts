import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import type { ChatMessage } from '../../orchestrator/clawchat/protocol/index.js';
import type { BriefMetadata } from '../../orchestrator/iteration/room-messages.js';
import type { McpAgentConfigInput } from '../../orchestrator/mcp/agent-config.js';
import { distPath, projectRoot } from '../../orchestrator/paths.js';
import { readParams } from '../../orchestrator/target/config-file/config-file.js';
import { loadTarget } from '../../orchestrator/target/definition/load-target.js';
import type { Target } from '../../orchestrator/target/definition/target.js';
import { ensureWorkspaceRepo } from '../../orchestrator/target/git/workspace.js';

/** Election opt-out of the test chat server, ms. */
export const OPT_OUT_MS = 200;

/** A chat server, the Strategy C target, a room with a brief posted by a hand-driven conductor. */
export interface McpRoom {
  dir: string;
  server: ClawChatServer;
  target: Target;
  conductor: ClawChatClient;
  roomId: string;
  brief: BriefMetadata;
  briefMessage: ChatMessage;
  /** Writes an agent config file and returns its path. */
  agentConfig(name: string, overrides?: Partial<McpAgentConfigInput>): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeRoom(): Promise<McpRoom> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'itercrew-mcp-'));
  const target = await loadTarget(path.join(projectRoot(), 'config', 'targets', 'strategy-c.yaml'), { runsDir: dir });
  await ensureWorkspaceRepo(target);
  const server = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, timers: { electionOptOutMs: OPT_OUT_MS } });
  const key = server.masterKey as string;
  const conductor = await ClawChatClient.connect({ url: server.url, key, name: 'conductor', agentId: 'itercrew-conductor.test' });
  const room = await conductor.createRoom({ name: 'strategy-c-tune-000001.abc' });
  await conductor.joinRoom(room.room_id);
  const params = await readParams(target.configPath, target.paramsKeys);
  const space = Object.fromEntries(Object.entries(target.space.params).filter(([, s]) => s.tunable).map(([n, s]) => [n, { ...s, tunable: undefined }]));
  const soon = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const brief: BriefMetadata = {
    kind: 'brief',
    iterationId: 'strategy-c-tune-000001',
    n: 1,
    iterationKind: 'tune',
    target: target.name,
    params,
    commit: '0000000000000000000000000000000000000000',
    space: space as BriefMetadata['space'],
    invariants: target.space.invariants.map((i) => ({ name: i.name, expr: i.expr })),
    inSample: { from: 40, to: 48 },
    objective: { metric: 'pnl', direction: 'maximise' },
    history: [],
    deadlines: { propose: soon(60), vote: soon(90), decide: soon(120) },
    maxChangedParams: 2,
  };
  const briefMessage = await conductor.sendMessage({ room_id: room.room_id, content: 'Brief for strategy-c iteration 1.', metadata: brief });
  return {
    dir,
    server,
    target,
    conductor,
    roomId: room.room_id,
    brief,
    briefMessage,
    async agentConfig(name, overrides = {}) {
      const file = path.join(dir, `${name}.agent.json`);
      const config: McpAgentConfigInput = {
        agentId: `strategy-c-tune-000001.${name}`,
        name,
        role: 'tuner',
        iterationId: 'strategy-c-tune-000001',
        chat: { url: server.url, key, roomId: room.room_id },
        target: { file: target.definitionFile, runsDir: dir },
        chatWaitMaxMs: 5_000,
        logFile: path.join(dir, `${name}.mcp.log`),
        ...overrides,
      };
      await writeFile(file, JSON.stringify(config), { mode: 0o600 });
      return file;
    },
    async cleanup() {
      await conductor.close().catch(() => undefined);
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An MCP client connected to a real `itercrew mcp` process (the compiled lean entry) over stdio. */
export async function connectMcp(configFile: string, entry: 'main' | 'cli' = 'main'): Promise<{ client: Client; transport: StdioClientTransport; close(): Promise<void> }> {
  const args = entry === 'main' ? [distPath('orchestrator/mcp/main.js'), '--config', configFile] : [distPath('orchestrator/cli/main.js'), 'mcp', '--config', configFile];
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe' });
  const client = new Client({ name: 'itercrew-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

/** Calls a tool; returns `{error, text, json}` (json parsed when the text is JSON). */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ error: boolean; text: string; json: any }> {
  const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text?: string }> };
  const text = r.content.map((c) => c.text ?? '').join('');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { error: Boolean(r.isError), text, json };
}
