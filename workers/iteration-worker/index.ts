/**
 * The BullMQ iteration worker (`itercrew worker`).
 *
 * - iteration-worker-pool.ts  IterationWorkerPool: one BullMQ Worker per target queue, a process-wide concurrency gate, graceful close
 * - processor.ts              the job processor: validate data, run the tick or kickoff through the TargetRunner
 * - slot-gate.ts              SlotGate: iterations per process
 */
export * from './iteration-worker-pool.js';
export * from './processor.js';
export * from './slot-gate.js';
