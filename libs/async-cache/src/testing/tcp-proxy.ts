import net from 'node:net';

/**
 * A TCP proxy a test or benchmark controls, to take Redis (or PostgreSQL) away mid-run: `kill` closes every connection and
 * stops listening (Redis gone), `pause` stops forwarding on open connections (Redis hung),
 * `start` again on the same port (Redis back).
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private paused = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** `url` (a Redis or PostgreSQL URL, say) with its host and port replaced by the proxy's. */
  through(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  pause(): void {
    this.paused = true;
  }

  /** Delivers what was held back, like a server that was only slow. */
  resume(): void {
    this.paused = false;
    for (const flush of this.held.splice(0)) flush();
  }

  private readonly held: (() => void)[] = [];

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    this.relay(client, upstream, 'to-server');
    this.relay(upstream, client, 'to-client');
  }

  /**
   * Sends what `from` writes on to `to` (held back while paused). A subclass may read the stream
   * on its way, as the PostgreSQL proxy of the backend's outage spec does to break a COMMIT.
   */
  protected relay(from: net.Socket, to: net.Socket, _direction: 'to-server' | 'to-client'): void {
    from.on('data', (chunk: Buffer) => {
      if (this.paused) this.held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  }
}
