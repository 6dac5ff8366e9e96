export * from './run-log-error.js';
