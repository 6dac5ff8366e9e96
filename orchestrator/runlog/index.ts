/**
 * The run log: runs/<target>/events.jsonl, append-only, one zod-validated event per line
 * (DESIGN.md, "Run log").
 *
 * - events/            event schemas: base fields, iteration, agent, proposal, coordination,
 *                      outcome, safety (gate, reverts, flags, live checks) and review events;
 *                      the known-type table and parseRunLogEvent
 * - run-log.ts         RunLog: append (O_APPEND + fsync), read, fold, last iteration, next number, hasFinished
 * - read-events.ts     tolerant reader: valid events plus skipped lines (line number + reason)
 * - event-file-writer.ts  one write + fsync per event
 * - fold/              events → iteration records
 * - iteration-id.ts    deterministic iteration ids (run-N and scheduler ticks)
 * - run-paths.ts       runs/<target>/ layout (events.jsonl, workspace/, iterations/<id>/)
 * - errors/            RunLogError
 */
export * from './events/event-base.js';
export * from './events/iteration-events.js';
export * from './events/agent-events.js';
export * from './events/proposal-events.js';
export * from './events/coordination-events.js';
export * from './events/outcome-events.js';
export * from './events/safety-events.js';
export * from './events/review-events.js';
export * from './events/run-log-event.js';
export * from './errors/index.js';
export * from './event-file-writer.js';
export * from './read-events.js';
export * from './fold/iteration-record.js';
export * from './fold/fold-iterations.js';
export * from './iteration-id.js';
export * from './run-paths.js';
export * from './run-log.js';
