import type { ClientLogger } from '../options.js';
import { decryptContent, encryptContent, isCiphertext } from '../../crypto/index.js';
import type { ServerEvent } from '../../protocol/events.js';
import type { CommandType } from '../../protocol/frame-types.js';
import type { ChatMessage } from '../../protocol/models.js';

/** Commands whose `content` is encrypted before sending (as upstream: chat, thinking, decisions). */
const ENCRYPTED_COMMANDS: ReadonlySet<CommandType> = new Set(['send_message', 'thinking', 'decision']);

/**
 * Transparent end-to-end encryption of a client's content, keyed per room as upstream does:
 * with a key for a room, `send_message` / `thinking` / `decision` content is encrypted to a
 * `clw1:` blob before it leaves, and every `clw1:` content coming back (replies, history,
 * `message_received`, `thinking`, `mention`, `decision_made`) is decrypted. A blob that does not
 * decrypt (another key, tampered) is left as it is and logged — nothing is lost, like upstream.
 *
 * Like upstream's clients, a default key (`CLAWCHAT_ROOM_KEY`) applies to every room, encrypted
 * or not; per-room keys override it.
 */
export class RoomContentCrypto {
  private readonly perRoom = new Map<string, string>();

  constructor(
    private defaultKey: string | undefined,
    perRoom: Record<string, string> | undefined,
    private readonly logger: ClientLogger,
  ) {
    for (const [room, key] of Object.entries(perRoom ?? {})) this.setRoomKey(room, key);
  }

  /** Sets (or with `undefined` removes) the key of one room; `roomId` `*` sets the default key. */
  setRoomKey(roomId: string, key: string | undefined): void {
    const usable = key ? key : undefined;
    if (roomId === '*') this.defaultKey = usable;
    else if (usable) this.perRoom.set(roomId, usable);
    else this.perRoom.delete(roomId);
  }

  /** The key that applies to `roomId`, if any. */
  keyFor(roomId: string): string | undefined {
    return this.perRoom.get(roomId) ?? this.defaultKey;
  }

  /** The payload to send: `content` encrypted when the command carries content and the room has a key. */
  outgoing<P>(type: CommandType, payload: P): P {
    if (!ENCRYPTED_COMMANDS.has(type) || !payload || typeof payload !== 'object') return payload;
    const p = payload as { room_id?: unknown; content?: unknown };
    if (typeof p.room_id !== 'string' || typeof p.content !== 'string') return payload;
    const key = this.keyFor(p.room_id);
    if (!key || isCiphertext(p.content)) return payload;
    return { ...payload, content: encryptContent(key, p.room_id, p.content) };
  }

  /** A reply payload with its content decrypted (send_message, thinking, get_history). */
  reply<R>(type: CommandType, reply: R): R {
    if (type === 'send_message' || type === 'thinking') return this.message(reply as ChatMessage) as R;
    if (type === 'get_history') {
      const h = reply as { messages: ChatMessage[] };
      return { ...reply, messages: h.messages.map((m) => this.message(m)) };
    }
    return reply;
  }

  /** An event with its content decrypted (message_received, thinking, mention, decision_made). */
  event(event: ServerEvent): ServerEvent {
    switch (event.type) {
      case 'message_received':
      case 'thinking': {
        const payload = this.message(event.payload);
        return payload === event.payload ? event : { ...event, payload };
      }
      case 'mention': {
        const message = this.message(event.payload.message);
        return message === event.payload.message ? event : { ...event, payload: { ...event.payload, message } };
      }
      case 'decision_made': {
        const content = this.decrypt(event.payload.room_id, event.payload.content);
        return content === event.payload.content ? event : { ...event, payload: { ...event.payload, content } };
      }
      default:
        return event;
    }
  }

  /** A ChatMessage with its content decrypted when possible. */
  message<M extends ChatMessage>(m: M): M {
    const content = this.decrypt(m.room_id, m.content);
    return content === m.content ? m : { ...m, content };
  }

  private decrypt(roomId: string, content: string): string {
    if (!isCiphertext(content)) return content;
    const key = this.keyFor(roomId);
    if (!key) return content;
    try {
      return decryptContent(key, roomId, content);
    } catch (err) {
      this.logger.warn({ room_id: roomId, err }, 'clawchat client: could not decrypt a clw1: content (kept as is)');
      return content;
    }
  }
}
