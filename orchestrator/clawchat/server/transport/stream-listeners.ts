import { chmodSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Starts a TCP listener.
 *
 * @param onSocket called for each accepted socket.
 * @returns the listening server and its bound address (port 0 → the chosen port).
 * @throws the listen error (e.g. EADDRINUSE).
 */
export async function listenTcp(host: string, port: number, onSocket: (s: net.Socket) => void): Promise<{ server: net.Server; host: string; port: number }> {
  const server = net.createServer({ noDelay: true }, onSocket);
  await listen(server, () => server.listen(port, host));
  const addr = server.address() as net.AddressInfo;
  return { server, host: addr.address, port: addr.port };
}

/**
 * Starts a Unix socket listener at `file`, replacing a stale socket file and creating the parent
 * directory with mode 0700 if missing. The socket file gets mode 0600. Upstream removes an
 * existing file unconditionally; here only a socket nobody answers on is removed — never a
 * regular file, never the socket of a running server (e.g. a real clawchat-server).
 *
 * @throws Error if `file` exists and is not a socket or is in use, or on a listen error.
 */
export async function listenUnix(file: string, onSocket: (s: net.Socket) => void): Promise<net.Server> {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(file)) {
    if (!lstatSync(file).isSocket()) throw new Error(`${file} exists and is not a socket`);
    if (await socketAnswers(file)) throw new Error(`${file} is in use by a running server`);
    rmSync(file);
  }
  const server = net.createServer(onSocket);
  await listen(server, () => server.listen(file));
  // Owner-only: other local users must not reach a --no-auth server through the socket.
  chmodSync(file, 0o600);
  return server;
}

function socketAnswers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path: file });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function listen(server: net.Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
    start();
  });
}

/** Closes a listener (existing connections are closed by their owners). */
export function closeListener(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
