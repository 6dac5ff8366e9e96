export * from './report-error.js';
