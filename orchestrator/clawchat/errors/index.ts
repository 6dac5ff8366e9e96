export * from './clawchat-error.js';
