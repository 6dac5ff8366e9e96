/**
 * The `command` agent runtime: any agent CLI through a template.
 *
 * - templates.ts        codex (`codex exec --json`), gemini (`-p … -o stream-json`), script (a user program)
 * - cli-events.ts       zod schemas of their JSONL events → outcome and usage
 * - command-runtime.ts  the runtime and its supervised handle (shares agent files, environment,
 *                       watchdog and transcript with ../claude-code)
 */
export { CommandRuntime, CommandAgentHandle, type CommandRuntimeOptions } from './command-runtime.js';
export { buildInvocation, type CommandInvocation, type TemplateInput } from './templates.js';
export { CliEventParser, type CliEventFormat, type CliRunSummary } from './cli-events.js';
