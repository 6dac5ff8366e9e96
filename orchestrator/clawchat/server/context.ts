import type { Logger } from '../../logging/logger.js';
import type { AgentRegistry } from './agents/agent-registry.js';
import type { Authenticator } from './auth/authenticator.js';
import type { Broker } from './broker/broker.js';
import type { RoomMembership } from './broker/room-membership.js';
import type { OutboundGate } from './connection/outbound-gate.js';
import type { ElectionManager } from './elections/election-manager.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { ResolvedServerOptions } from './options.js';
import type { ReconnectStash } from './reconnect/reconnect-stash.js';
import type { RoomRegistry } from './rooms/room-registry.js';
import type { Store } from './store/store.js';
import type { TaskManager } from './tasks/task-manager.js';
import type { TimerSet } from './timer-set.js';
import type { VoteManager } from './votes/vote-manager.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

/** Everything a connection and a command handler work with: the server's state and services. */
export interface ServerContext {
  readonly options: ResolvedServerOptions;
  readonly logger: Logger;
  readonly store: Store;
  readonly auth: Authenticator;
  readonly agents: AgentRegistry;
  readonly members: RoomMembership;
  readonly broker: Broker;
  readonly rooms: RoomRegistry;
  readonly votes: VoteManager;
  readonly elections: ElectionManager;
  readonly tasks: TaskManager;
  readonly stash: ReconnectStash;
  readonly limiter: RateLimiter;
  readonly webhooks: WebhookDispatcher;
  readonly timers: TimerSet;
  /** Holds outbound frames while message rows are uncommitted (group commit). */
  readonly gate: OutboundGate;
}
