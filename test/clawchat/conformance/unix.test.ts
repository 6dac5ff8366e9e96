import { describe } from 'vitest';
import { conformanceSuite } from './suite.js';

describe('ClawChat conformance over Unix socket', () => {
  conformanceSuite('unix', { external: false });
});
