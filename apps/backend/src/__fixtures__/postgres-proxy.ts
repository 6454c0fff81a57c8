import type net from 'node:net';
import { TcpProxy } from '@reco/async-cache/testing/tcp-proxy';

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
 * The test's TCP proxy in front of PostgreSQL: `kill` closes every connection and stops listening
 * (the database refused), `start` listens again on the same port (it is back), and
 * `failAtNextCommit` breaks the connection at the one moment a write's outcome turns on.
 */
export class PostgresProxy extends TcpProxy {
  private fault: { kind: CommitFault; done: () => void } | undefined;

  /** Arms `kind` for the next COMMIT answered through the proxy; resolves once it has struck. */
  failAtNextCommit(kind: CommitFault): Promise<void> {
    return new Promise((done) => (this.fault = { kind, done }));
  }

  /** The client's side is relayed as is; PostgreSQL's answers are watched for a COMMIT. */
  protected override relay(from: net.Socket, to: net.Socket, direction: 'to-server' | 'to-client'): void {
    if (direction === 'to-server') {
      super.relay(from, to, direction);
      return;
    }
    const [upstream, client] = [from, to];
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
