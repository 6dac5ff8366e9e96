export * from './scheduler-error.js';
