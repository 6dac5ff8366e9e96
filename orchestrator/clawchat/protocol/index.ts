/**
 * The ClawChat wire protocol (NDJSON frames) as zod schemas, shared by itercrew's server and
 * client. Reference: /work/shared/clawchat-protocol.md (what upstream cbd/clawchat 0.3.1 does).
 *
 * - frame.ts        the envelope, decode/encode with upstream key order
 * - frame-types.ts  command, reply and event type names
 * - commands.ts     command payload schemas (serde semantics)
 * - replies.ts      reply payload schemas
 * - events.ts       pushed event payload schemas
 * - models.ts       ChatMessage, Room, AgentInfo, VoteInfo, TaskInfo, Subscription, …
 * - command-table.ts command → payload schema, reply type, reply schema
 * - error-codes.ts  the error codes
 * - ndjson.ts       line splitting with the 1 MiB cap
 */
export * from './frame.js';
export * from './frame-types.js';
export * from './commands.js';
export * from './replies.js';
export * from './events.js';
export * from './models.js';
export * from './command-table.js';
export * from './error-codes.js';
export * from './ndjson.js';
