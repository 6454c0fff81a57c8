import net from 'node:net';

/**
 * What the proxy does when PostgreSQL answers the next COMMIT: `down-after-commit` delivers the
 * answer and then takes the database away (every connection closed, the port refused);
 * `commit-answer-lost` drops the answer and breaks that connection, so the client cannot tell
 * whether its commit was applied (it was).
 */
export type CommitFault = 'down-after-commit' | 'commit-answer-lost';

// PostgreSQL's CommandComplete message for a commit: 'C', its length (11), the tag "COMMIT".
const COMMIT_COMPLETE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT\0')]);
// ReadyForQuery ('Z', length 5): the client's COMMIT is over only once this has arrived.
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

/**
 * A TCP proxy in front of PostgreSQL that a test controls: `kill` closes every connection and
 * stops listening (the database refused), `start` listens again on the same port (it is back),
 * `failAtNextCommit` breaks the connection at the one moment a write's outcome turns on.
 */
export class PostgresProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private fault: { kind: CommitFault; done: () => void } | undefined;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** `url` (a PostgreSQL URL) with its host and port replaced by the proxy's. */
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

  /** Arms `kind` for the next COMMIT answered through the proxy; resolves once it has struck. */
  failAtNextCommit(kind: CommitFault): Promise<void> {
    return new Promise((done) => (this.fault = { kind, done }));
  }

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
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    // The tail of what came before, so a message split across two chunks is still seen.
    let tail = Buffer.alloc(0);
    let downOnceReady: (() => void) | undefined;
    upstream.on('data', (chunk: Buffer) => {
      const seen = Buffer.concat([tail, chunk]);
      tail = seen.subarray(Math.max(0, seen.length - COMMIT_COMPLETE.length + 1));
      const committed = seen.indexOf(COMMIT_COMPLETE);
      const fault = this.fault;
      if (fault && committed >= 0) {
        this.fault = undefined;
        if (fault.kind === 'commit-answer-lost') {
          client.destroy();
          upstream.destroy();
          fault.done();
          return;
        }
        downOnceReady = () => void this.kill().then(fault.done);
      }
      const ready = downOnceReady && seen.indexOf(READY_FOR_QUERY, Math.max(0, committed)) >= 0 ? downOnceReady : undefined;
      if (ready) downOnceReady = undefined;
      client.write(chunk, ready);
    });
  }
}
