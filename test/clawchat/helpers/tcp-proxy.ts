import net from 'node:net';

/**
 * A TCP proxy on loopback that a test controls: it forwards every connection to `target`,
 * and can drop all live connections at once (both sides destroyed, as a network failure would)
 * or refuse new ones for a while.
 */
export class TcpProxy {
  /** Connections accepted so far. */
  accepted = 0;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private readonly frozen = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private refusing = false;
  private dropMarker: string | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {}

  /** Starts a proxy to `target` on a free loopback port. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.onConnection(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `tcp://127.0.0.1:<port>` of the proxy. */
  get url(): string {
    return `tcp://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Live connections. */
  get live(): number {
    return this.pairs.size;
  }

  /** Destroys every live connection (client and upstream side). @returns how many were dropped. */
  dropAll(): number {
    const n = this.pairs.size;
    for (const { client, upstream } of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return n;
  }

  /**
   * Stops forwarding on every live connection without closing it (a black hole, like a dead NAT
   * entry): neither side notices until it probes. @returns how many were frozen.
   */
  freezeAll(): number {
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
      this.frozen.add({ client, upstream });
    }
    const n = this.pairs.size;
    this.pairs.clear();
    return n;
  }

  /**
   * The next time a client sends a chunk containing `marker`, that chunk is still forwarded to
   * the server, then the connection is cut before any reply can come back (the server gets the
   * request and a FIN; the client sees a reset connection).
   */
  dropAfterClientSends(marker: string): void {
    this.dropMarker = marker;
  }

  /** While true, new connections are accepted and immediately destroyed. */
  refuse(refusing: boolean): void {
    this.refusing = refusing;
  }

  /** Drops everything and stops listening. */
  async close(): Promise<void> {
    this.dropAll();
    for (const { client, upstream } of this.frozen) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: net.Socket): void {
    this.accepted += 1;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const drop = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (this.dropMarker === undefined || !chunk.toString('utf8').includes(this.dropMarker)) return;
      this.dropMarker = undefined;
      upstream.unpipe(client);
      client.destroy(); // nothing more reaches the client
      this.pairs.delete(pair);
      setImmediate(() => upstream.end()); // after pipe() has written this chunk: deliver it, then FIN
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
