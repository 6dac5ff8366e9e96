import { writeFileSync } from 'node:fs';
import type { AgentInfo, ChatMessage, Room } from '../../clawchat/protocol/index.js';

/**
 * Output of the `itercrew chat` commands. JSON is the default (what an agent parses): a message
 * stream (history, wait) is one ChatMessage per line, like upstream's `wait`; any other result
 * is one JSON value on one line. `--text` prints for people (upstream's formats where it has one).
 */

/** Writes one line to standard output. */
export function out(line: string): void {
  process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
}

/** Writes one line to standard error (notes, heartbeats, hints). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A result as one JSON line, or for `--text` as `text(value)` (pretty JSON when none is given). */
export function printResult<T>(value: T, asText: boolean, text?: (v: T) => string): void {
  out(asText ? (text ? text(value) : JSON.stringify(value, null, 2)) : JSON.stringify(value));
}

/** `metadata.type` of a message (`thinking`, `decision`, `system`), if any. */
export function messageType(m: ChatMessage): string | undefined {
  return metadataField(m, 'type');
}

/** `metadata.kind` of a message (the `--kind` tag; `conversation_end` for `send --end`), if any. */
export function messageKind(m: ChatMessage): string | undefined {
  return metadataField(m, 'kind');
}

function metadataField(m: ChatMessage, field: string): string | undefined {
  const meta = m.metadata;
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  const v = (meta as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
}

/** Upstream's text form of a message: `[HH:MM:SS] #seq name: content` (`* name content *` for system rows). */
export function formatMessage(m: ChatMessage): string {
  const ts = m.timestamp.slice(11, 19);
  if (messageType(m) === 'system') return `[${ts}] #${m.seq} * ${m.agent_name} ${m.content} *`;
  const tag = messageType(m) === 'thinking' ? '(thinking) ' : messageType(m) === 'decision' ? '(decision) ' : '';
  return `[${ts}] #${m.seq} ${tag}${m.agent_name}: ${m.content}`;
}

/** Messages as lines (JSON or text), to standard output or, with `file`, into that file. */
export function printMessages(messages: readonly ChatMessage[], asText: boolean, file?: string): void {
  const lines = messages.map((m) => (asText ? formatMessage(m) : JSON.stringify(m)));
  if (file) {
    writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');
    note(`wrote ${messages.length} message(s) to ${file}`);
    return;
  }
  if (lines.length) out(lines.join('\n'));
}

/** Rooms as a table. */
export function roomsTable(rooms: readonly Room[]): string {
  if (rooms.length === 0) return 'No rooms found.';
  const rows = rooms.map((r) => [
    r.room_id,
    r.name,
    r.ephemeral ? 'ephemeral' : 'permanent',
    r.visibility + (r.encrypted ? ',e2e' : ''),
    r.member_count === undefined || r.member_count === null ? '-' : String(r.member_count),
    r.description ?? '',
  ]);
  return table(['ID', 'NAME', 'TYPE', 'VISIBILITY', 'MEMBERS', 'DESCRIPTION'], rows);
}

/** Agents as a table (presence included). */
export function agentsTable(agents: readonly AgentInfo[]): string {
  if (agents.length === 0) return 'No agents connected.';
  const rows = agents.map((a) => [a.agent_id, a.name, a.status ?? '-', a.progress === null || a.progress === undefined ? '' : `${a.progress}%`, a.status_detail ?? '']);
  return table(['AGENT ID', 'NAME', 'STATUS', 'PROGRESS', 'DETAIL'], rows);
}

/** A left-aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
