/**
 * ClawChat in itercrew: the wire protocol (protocol/), an embedded server (server/), a
 * client (client/) and end-to-end encryption (crypto/). See README.md in this folder.
 */
export * from './protocol/index.js';
export * from './errors/index.js';
export * from './client/index.js';
export * from './crypto/index.js';
export * from './server/index.js';
