export * from './itercrew-error.js';
