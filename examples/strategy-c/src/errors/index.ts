export * from './strategy-c-error.js';
export * from './data-error.js';
export * from './param-error.js';
