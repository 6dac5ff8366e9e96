export * from './target-config-error.js';
export * from './config-file-error.js';
export * from './target-repo-error.js';
export * from './evaluate-error.js';
