import { defineConfig } from 'vitest/config';

/**
 * Test configuration. Suites live in test/<concept>/ and mirror the source folders.
 * Integration suites start real processes, sockets, git repos and redis-server instances,
 * so the default timeouts are generous and files run in separate forked processes.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
