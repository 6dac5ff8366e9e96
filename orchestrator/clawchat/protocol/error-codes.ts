import { z } from 'zod';

/**
 * Every error code a ClawChat server puts in an `error` frame's payload (`{"code","message"}`),
 * in upstream order (`crates/clawchat-core/src/error.rs` of cbd/clawchat 0.3.1).
 *
 * `unsupported_protocol` (register with a protocol_version the server does not speak) and
 * `message_too_large` (content over the tier's cap) are sent by the 0.3.1 server;
 * `already_in_room` is defined upstream but never sent (join is idempotent).
 * Clients must compare codes, never messages: messages are free text.
 */
export const ERROR_CODES = [
  'not_registered',
  'room_not_found',
  'not_in_room',
  'already_in_room',
  'invalid_payload',
  'agent_id_taken',
  'internal_error',
  'room_name_taken',
  'unauthorized',
  'vote_not_found',
  'vote_closed',
  'already_voted',
  'invalid_option',
  'not_leader',
  'election_in_progress',
  'no_election_active',
  'rate_limit_agents',
  'rate_limit_messages',
  'rate_limit_rooms',
  'access_denied',
  'task_not_found',
  'plaintext_in_encrypted_room',
  'unsupported_protocol',
  'message_too_large',
] as const;

/** One ClawChat error code, e.g. `not_in_room`. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Schema of an error code. */
export const ErrorCodeSchema = z.enum(ERROR_CODES);

/**
 * Payload of an `error` frame: `{"code": <snake_case>, "message": <text>}`. The client accepts
 * codes it does not know (a newer server) as plain strings so that no error is lost.
 */
export const ErrorPayloadSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
});
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;
