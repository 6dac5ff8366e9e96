export * from './crypto-errors.js';
