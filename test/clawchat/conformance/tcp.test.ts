import { describe } from 'vitest';
import { conformanceSuite } from './suite.js';

describe('ClawChat conformance over TCP (or CLAWCHAT_URL when set)', () => {
  conformanceSuite('tcp', { external: true });
});
