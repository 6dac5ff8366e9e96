import { describe } from 'vitest';
import { conformanceSuite } from './suite.js';

describe('ClawChat conformance over WebSocket /ws', () => {
  conformanceSuite('ws', { external: false });
});
