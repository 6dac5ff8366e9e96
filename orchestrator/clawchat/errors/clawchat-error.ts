import { ItercrewError } from '../../errors/index.js';
import type { ErrorCode } from '../protocol/error-codes.js';

/**
 * A ClawChat protocol error: `code` is the ClawChat error code (e.g. `not_in_room`), `message`
 * the server's text. The client raises it when a request is answered with an `error` frame;
 * server handlers throw it to answer with one.
 */
export class ClawChatError extends ItercrewError {
  /** The ClawChat error code; a string not in {@link ErrorCode} only if a newer server sent it. */
  declare readonly code: ErrorCode | (string & {});

  /**
   * @param code ClawChat error code.
   * @param message text for people (upstream messages are free text; compare codes only).
   */
  constructor(code: ErrorCode | (string & {}), message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A request got no reply within its timeout. Code `clawchat_timeout`. */
export class ClawChatTimeoutError extends ItercrewError {
  constructor(message: string) {
    super('clawchat_timeout', message);
  }
}

/** The connection is closed (or could not be opened). Code `clawchat_connection_closed`. */
export class ClawChatConnectionError extends ItercrewError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('clawchat_connection_closed', message, options);
  }
}

/**
 * A frame from the peer does not match the protocol (bad JSON, wrong envelope, reply or event
 * payload failing its schema). Code `clawchat_invalid_frame`; `line` keeps the raw text.
 */
export class ClawChatProtocolError extends ItercrewError {
  /** The offending line, as received. */
  readonly line: string;

  constructor(message: string, line: string) {
    super('clawchat_invalid_frame', message);
    this.line = line;
  }
}

/** A server option or CLI flag is invalid (bad address, unreadable key file). Code `clawchat_server_config`. */
export class ClawChatConfigError extends ItercrewError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('clawchat_server_config', message, options);
  }
}
