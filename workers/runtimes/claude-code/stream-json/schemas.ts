import { z } from 'zod';

/**
 * zod schemas of the lines `claude -p --output-format stream-json --verbose` writes on stdout,
 * one JSON object per line, as observed with Claude Code 2.1.330 (the version pinned in
 * package.json). Objects are loose: a newer Claude Code adds fields without breaking the parser.
 *
 * Lines itercrew acts on:
 * - `system`/`init`: first line; `mcp_servers[{name, status}]` (`connected`, `failed`, …),
 *   `tools`, `model`, `permissionMode`, `apiKeySource` (`none` without credentials).
 * - `system`/`api_retry`: a retried API call (`error_status` 529, 429, 401 …, `error`).
 * - `system`/`permission_denied`: a tool call refused by the permission mode.
 * - `assistant` / `user`: conversation turns (tool_use / tool_result blocks); an API failure
 *   comes as a synthetic assistant message with `is_api_error_message: true`.
 * - `result`: the last line: `is_error`, `terminal_reason` (`completed`, `api_error`,
 *   `max_turns`, `budget_exhausted`, …), `api_error_status`, `num_turns`, `total_cost_usd`,
 *   `duration_ms`, `duration_api_ms`, `usage`, `permission_denials`, `errors`. API, auth and rate
 *   limit failures arrive as `subtype: "success"` with `is_error: true`, so the outcome is decided
 *   on `is_error` and `terminal_reason`, never on `subtype`.
 */

/** One MCP server's state in the init line. */
export const McpServerStatusSchema = z.looseObject({
  name: z.string(),
  /** `connected`, `failed`, `pending`, `needs-auth`, … */
  status: z.string(),
});

/** `{"type":"system","subtype":"init",…}`. */
export const SystemInitSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('init'),
  session_id: z.string(),
  model: z.string().optional(),
  tools: z.array(z.string()).default([]),
  mcp_servers: z.array(McpServerStatusSchema).default([]),
  permissionMode: z.string().optional(),
  apiKeySource: z.string().optional(),
  claude_code_version: z.string().optional(),
});
export type SystemInit = z.infer<typeof SystemInitSchema>;

/** `{"type":"system","subtype":"api_retry",…}`. */
export const SystemApiRetrySchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('api_retry'),
  attempt: z.number(),
  max_retries: z.number(),
  retry_delay_ms: z.number().optional(),
  error_status: z.number().nullable().optional(),
  error: z.string().optional(),
});
export type SystemApiRetry = z.infer<typeof SystemApiRetrySchema>;

/** `{"type":"system","subtype":"permission_denied",…}`. */
export const SystemPermissionDeniedSchema = z.looseObject({
  type: z.literal('system'),
  subtype: z.literal('permission_denied'),
  tool_name: z.string(),
  tool_use_id: z.string().optional(),
  message: z.string().optional(),
});
export type SystemPermissionDenied = z.infer<typeof SystemPermissionDeniedSchema>;

/** A content block of an assistant or user message (text, tool_use, tool_result, thinking, …). */
export const ContentBlockSchema = z.looseObject({ type: z.string() });

/** `{"type":"assistant","message":{…}}`. */
export const AssistantLineSchema = z.looseObject({
  type: z.literal('assistant'),
  message: z.looseObject({
    model: z.string().optional(),
    content: z.array(ContentBlockSchema).default([]),
  }),
  /** Set on the synthetic message that reports an API failure. */
  is_api_error_message: z.boolean().optional(),
  api_error_status: z.number().nullable().optional(),
  error: z.string().optional(),
});
export type AssistantLine = z.infer<typeof AssistantLineSchema>;

/** `{"type":"user","message":{…}}` (tool results going back to the model). */
export const UserLineSchema = z.looseObject({
  type: z.literal('user'),
  message: z.looseObject({ content: z.union([z.string(), z.array(ContentBlockSchema)]) }),
});
export type UserLine = z.infer<typeof UserLineSchema>;

/** Token usage in the result line. */
export const ResultUsageSchema = z.looseObject({
  input_tokens: z.number().default(0),
  output_tokens: z.number().default(0),
  cache_read_input_tokens: z.number().default(0),
  cache_creation_input_tokens: z.number().default(0),
});

/** `{"type":"result",…}`: the run's last line. */
export const ResultLineSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  terminal_reason: z.string().nullable().optional(),
  api_error_status: z.number().nullable().optional(),
  num_turns: z.number().int().nonnegative().default(0),
  total_cost_usd: z.number().nonnegative().default(0),
  duration_ms: z.number().nonnegative().optional(),
  duration_api_ms: z.number().nonnegative().optional(),
  usage: ResultUsageSchema.optional(),
  result: z.string().nullable().optional(),
  errors: z.array(z.string()).nullable().optional(),
  permission_denials: z.array(z.looseObject({ tool_name: z.string() })).default([]),
  session_id: z.string().optional(),
});
export type ResultLine = z.infer<typeof ResultLineSchema>;
