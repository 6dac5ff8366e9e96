/**
 * The embedded ClawChat server alone in a process, for the benchmarks (no CLI around it, so its
 * resident memory is the server's): no auth, TCP on a free loopback port, the SQLite file given
 * as argv[2]. Prints `listening tcp://…` and runs until SIGTERM.
 */
import { ClawChatServer } from '../../orchestrator/clawchat/server/index.js';

const server = await ClawChatServer.start({ tcp: { host: '127.0.0.1', port: 0 }, db: process.argv[2] ?? ':memory:', auth: { noAuth: true } });
process.stdout.write(`listening ${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
