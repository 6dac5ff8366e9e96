export * from './control-error.js';
