import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawChatClient } from '../../orchestrator/clawchat/client/index.js';
import { decryptContent, isCiphertext } from '../../orchestrator/clawchat/crypto/index.js';
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';
import { projectRoot } from '../../orchestrator/paths.js';
import { RawAgent } from './helpers/raw-agent.js';

/**
 * Upstream ClawChat's stdlib-only Python client (github.com/cbd/clawchat,
 * examples/python/clawchat.py), unchanged, against the embedded server: register over TCP and
 * WebSocket, rooms, send, wait (wait_for_event), history, votes, election, decision, presence and
 * end-to-end encryption interoperating with itercrew's client.
 *
 * The client is not shipped with itercrew: set CLAWCHAT_PY_CLIENT to the path of a copy of
 * clawchat.py to run this test (python3 must be on PATH; the E2E part also needs the
 * `cryptography` package, as upstream). Without the variable the test is skipped.
 */
const clientFile = process.env.CLAWCHAT_PY_CLIENT;
const available = Boolean(clientFile && existsSync(clientFile));

describe.skipIf(!available)('upstream Python client against the embedded server', () => {
  let server: ClawChatServer;
  const key = 'python-interop-key';
  const roomKey = 'shared between node and python';

  beforeAll(async () => {
    server = await ClawChatServer.start({ auth: { key }, http: { port: 0 }, timers: { electionOptOutMs: 300 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('works unchanged: TCP and ws://, rooms, send/wait/history, votes, election, decision, E2E with itercrew', async () => {
    const node = await ClawChatClient.connect({ url: server.url, key, name: 'node', roomKey });
    const vault = await node.createRoom({ name: 'py-vault', encrypted: true });
    await node.joinRoom(vault.room_id);
    await node.sendMessage({ room_id: vault.room_id, content: 'from node, encrypted' });

    const { port } = server.address.tcp!;
    const driver = path.join(projectRoot(), 'test', 'clawchat', 'helpers', 'upstream_python_driver.py');
    const run = await execa('python3', [driver, path.dirname(path.resolve(clientFile!)), '127.0.0.1', String(port), server.address.http!.wsUrl, key, vault.room_id, roomKey], {
      reject: false,
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.ids).toHaveLength(2);
    expect(out.room).toEqual({ visibility: 'private', has_owner_key: false });
    expect(out.listed).toBe(true);
    expect(out.info_agents).toEqual(['py-a', 'py-b']);
    expect(out.turn_holder_is_a).toBe(true);
    expect(out.room_agents).toEqual(['py-a', 'py-b']);
    expect(out.sent_seq).toBe(1);
    expect(out.received).toBe('hello from python');
    expect(out.received_by_a).toBe('reply over ws');
    expect(out.history).toEqual(['hello from python', 'reply over ws']);
    expect(out.presence).toEqual({ status: 'working' });
    expect(out.double_vote).toBe('already_voted');
    expect(out.tally).toEqual([2, 0]);
    expect(out.vote_status).toBe('closed');
    expect(out.votes_listed).toBe(1);
    expect(out.leader_is_a).toBe(true);
    expect(out.decision_seen_by_b).toBe('go with x');
    expect(out.not_leader).toBe('not_leader');
    if (out.e2e_history !== null) {
      expect(out.e2e_history).toEqual(['from node, encrypted']);
      expect(out.plaintext_refused).toBe('plaintext_in_encrypted_room');
      const history = await node.getHistory({ room_id: vault.room_id });
      expect(history.messages.map((m) => m.content)).toEqual(['from node, encrypted', 'from python, encrypted']);
      const raw = await RawAgent.register(server.url, key, 'auditor');
      const stored = (await raw.request('get_history', { room_id: vault.room_id })).payload.messages as Array<{ content: string }>;
      expect(stored.every((m) => isCiphertext(m.content))).toBe(true);
      expect(decryptContent(roomKey, vault.room_id, stored[1].content)).toBe('from python, encrypted');
      await raw.close();
    }
    await node.close();
  });
});
