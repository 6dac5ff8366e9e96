import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../orchestrator/paths.js';
import { outcomeFromResult, usageFromResult } from '../../workers/runtimes/claude-code/outcome.js';
import { parseStreamLine, type StreamLine } from '../../workers/runtimes/claude-code/stream-json/parse-line.js';

/** Lines of a real Claude Code 2.1.330 capture (test/fixtures/claude/stream-json). */
function capture(name: string): StreamLine[] {
  const text = readFileSync(path.join(projectRoot(), 'test', 'fixtures', 'claude', 'stream-json', `${name}.jsonl`), 'utf8');
  return text.trim().split('\n').map(parseStreamLine);
}
const only = <K extends StreamLine['kind']>(lines: StreamLine[], kind: K) => lines.filter((l): l is Extract<StreamLine, { kind: K }> => l.kind === kind);

describe('stream-json parsing of real Claude Code 2.1.330 output', () => {
  it('every captured line parses; init first, result last', () => {
    for (const name of ['success', 'overloaded-529', 'rate-limited-429', 'auth-401', 'no-credentials', 'max-turns', 'budget-exhausted', 'mcp-failed', 'permission-denied']) {
      const lines = capture(name);
      expect(only(lines, 'invalid'), name).toEqual([]);
      expect(lines[0]!.kind, name).toBe('init');
      expect(lines.at(-1)!.kind, name).toBe('result');
    }
  });

  it('success: MCP server connected, tool call and result, usage for the run log', () => {
    const lines = capture('success');
    const init = only(lines, 'init')[0]!.value;
    expect(init.mcp_servers).toEqual([expect.objectContaining({ name: 'itercrew', status: 'connected' })]);
    expect(init.permissionMode).toBe('dontAsk');
    const toolUse = only(lines, 'assistant').flatMap((l) => l.value.message.content).find((b) => b.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'mcp__itercrew__echo' });
    const result = only(lines, 'result')[0]!.value;
    expect(outcomeFromResult(result)).toEqual({ ok: true, category: 'completed', reason: null });
    const usage = usageFromResult(result);
    expect(usage.turns).toBe(2);
    expect(usage.costUsd).toBeGreaterThan(0);
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.apiDurationMs).toBeGreaterThanOrEqual(0);
  });

  it('API failures arrive as subtype "success" with is_error: the outcome follows terminal_reason and the status', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['overloaded-529', 'overloaded', /^API overloaded \(529\): API Error: 529/],
      ['rate-limited-429', 'rate_limited', /^API rate limited \(429\)/],
      ['auth-401', 'auth', /^API authentication failed \(401\): Invalid API key/],
      ['no-credentials', 'no_credentials', /^no credentials: Not logged in/],
    ];
    for (const [name, category, reason] of cases) {
      const result = only(capture(name), 'result')[0]!.value;
      expect(result.subtype, name).toBe('success');
      expect(result.is_error, name).toBe(true);
      const outcome = outcomeFromResult(result);
      expect(outcome.ok, name).toBe(false);
      expect(outcome.category, name).toBe(category);
      expect(outcome.reason, name).toMatch(reason);
    }
    expect(only(capture('overloaded-529'), 'api_retry')[0]!.value).toMatchObject({ error_status: 529, attempt: 1 });
    expect(only(capture('no-credentials'), 'init')[0]!.value.apiKeySource).toBe('none');
  });

  it('max turns and budget', () => {
    expect(outcomeFromResult(only(capture('max-turns'), 'result')[0]!.value)).toMatchObject({ category: 'max_turns', reason: 'max turns reached: Reached maximum number of turns (2)' });
    expect(outcomeFromResult(only(capture('budget-exhausted'), 'result')[0]!.value)).toMatchObject({ category: 'budget_exhausted', reason: 'budget exceeded: Reached maximum budget ($0.02)' });
  });

  it('a failed MCP server shows in init; permission denials in their own lines and the result', () => {
    expect(only(capture('mcp-failed'), 'init')[0]!.value.mcp_servers).toEqual([expect.objectContaining({ name: 'itercrew', status: 'failed' })]);
    const lines = capture('permission-denied');
    expect(only(lines, 'permission_denied')[0]!.value.tool_name).toBe('Bash');
    expect(only(lines, 'result')[0]!.value.permission_denials.map((d) => d.tool_name)).toEqual(['Bash']);
  });

  it('garbage never throws', () => {
    expect(parseStreamLine('not json')).toMatchObject({ kind: 'invalid' });
    expect(parseStreamLine('[1]')).toMatchObject({ kind: 'invalid', error: 'not a JSON object' });
    expect(parseStreamLine('{"type":"result","is_error":"no"}')).toMatchObject({ kind: 'invalid', error: expect.stringMatching(/^result line: /) });
    expect(parseStreamLine('{"type":"stream_event"}')).toEqual({ kind: 'other', type: 'stream_event' });
  });
});
