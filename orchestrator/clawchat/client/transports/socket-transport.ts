import net from 'node:net';
import { ClawChatConnectionError } from '../../errors/clawchat-error.js';
import { LineSplitter } from '../../protocol/ndjson.js';
import type { ClientTransport, ClientTransportHandlers } from './client-transport.js';

/**
 * NDJSON over a TCP or Unix stream socket. Lines sent in the same tick are corked and leave in
 * one write (a burst of requests costs one syscall, not one each).
 *
 * @param target `{host, port}` or `{path}`.
 * @param maxLineBytes largest inbound line accepted.
 * @throws ClawChatConnectionError if the connection cannot be opened within `timeoutMs`.
 */
export function openSocketTransport(
  target: { host: string; port: number } | { path: string },
  handlers: ClientTransportHandlers,
  maxLineBytes: number,
  timeoutMs: number,
): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in target ? net.connect({ path: target.path }) : net.connect({ host: target.host, port: target.port, noDelay: true });
    const where = 'path' in target ? target.path : `${target.host}:${target.port}`;
    let connected = false;
    let failure: Error | undefined;
    const timer = setTimeout(() => {
      socket.destroy(new ClawChatConnectionError(`connecting to ${where} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const splitter = new LineSplitter(maxLineBytes, (line) => handlers.onLine(line));
    socket.on('data', (chunk: Buffer) => {
      const fault = splitter.push(chunk);
      if (fault) socket.destroy(new ClawChatConnectionError(`server sent an invalid line (${fault})`));
    });
    socket.on('end', () => {
      splitter.end();
    });
    socket.on('error', (err) => {
      failure = err;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!connected) {
        reject(new ClawChatConnectionError(`cannot connect to ${where}: ${failure?.message ?? 'closed'}`, { cause: failure }));
        return;
      }
      handlers.onClose(failure);
    });
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    socket.once('connect', () => {
      clearTimeout(timer);
      connected = true;
      resolve({
        send(line: string) {
          if (socket.destroyed || socket.writableEnded) return;
          if (!corked) {
            corked = true;
            socket.cork();
            process.nextTick(uncork);
          }
          socket.write(line + '\n');
        },
        close() {
          if (socket.destroyed) return;
          socket.end();
          setTimeout(() => socket.destroy(), 1_000).unref();
        },
      });
    });
  });
}
