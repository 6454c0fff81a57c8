import http from 'node:http';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';

/**
 * What the clients saw. A request is *dropped* when it was sent and got no full answer (reset,
 * "socket hang up", "other side closed", a truncated body). A connection *refused* carried no
 * request: a client told `Connection: close` (or whose idle socket was closed) connects again
 * and finds the server no longer listening; a balancer or a retrying client goes elsewhere.
 */
export interface LoadOutcome {
  answered: number;
  /** Answers received after `markSignal()`: the drain answered them. */
  answeredAfterSignal: number;
  statuses: Record<number, number>;
  /** Answers carrying `Connection: close`. */
  closeAnnounced: number;
  refused: number;
  /** Refusals before `markSignal()`: there should be none. */
  refusedBeforeSignal: number;
  dropped: string[];
}

export interface KeepAliveLoad {
  /** Resolves once every connection has been answered `perConnection` times. */
  warmedUp(perConnection: number): Promise<void>;
  /** Marks the moment the server was told to stop. */
  markSignal(): void;
  /** Stops sending and returns the outcome once every client has finished its request. */
  stop(): Promise<LoadOutcome>;
}

export interface KeepAliveLoadOptions {
  url: string;
  /** Half the connections are node:http keep-alive agents, half undici's fetch, each with one socket. */
  connections: number;
  path: (connection: number, request: number) => string;
  headers: Record<string, string>;
}

type Attempt = { kind: 'answered'; status: number; closeAnnounced: boolean } | { kind: 'refused' } | { kind: 'dropped'; error: string };

/**
 * Keep-alive clients sending requests back to back, each on its own connection, as shops' servers
 * do: `connections / 2` node:http agents and as many undici agents, one socket each.
 * A client stops after a refused connection (the server has stopped listening) or on `stop()`.
 */
export function startKeepAliveLoad(options: KeepAliveLoadOptions): KeepAliveLoad {
  const outcome: LoadOutcome = { answered: 0, answeredAfterSignal: 0, statuses: {}, closeAnnounced: 0, refused: 0, refusedBeforeSignal: 0, dropped: [] };
  const answeredPer = new Array<number>(options.connections).fill(0);
  let signalled = false;
  let stopped = false;
  const agents: (http.Agent | UndiciAgent)[] = [];

  const record = (connection: number, attempt: Attempt): boolean => {
    if (attempt.kind === 'answered') {
      outcome.answered++;
      answeredPer[connection]++;
      if (signalled) outcome.answeredAfterSignal++;
      outcome.statuses[attempt.status] = (outcome.statuses[attempt.status] ?? 0) + 1;
      if (attempt.closeAnnounced) outcome.closeAnnounced++;
      return true;
    }
    if (attempt.kind === 'refused') {
      outcome.refused++;
      if (!signalled) outcome.refusedBeforeSignal++;
      return false;
    }
    outcome.dropped.push(`connection ${connection}${signalled ? ' after the signal' : ''}: ${attempt.error}`);
    return true;
  };

  const loops = Array.from({ length: options.connections }, async (_, connection) => {
    // One socket per client, as the doc above says: a shared pool would leave sockets idle between
    // uses, and the drain closes a socket idle past its grace just as the pool may pick it.
    const agent = connection % 2 === 0 ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : new UndiciAgent({ connections: 1 });
    agents.push(agent);
    for (let request = 0; !stopped; request++) {
      const url = `${options.url}${options.path(connection, request)}`;
      const attempt = agent instanceof http.Agent ? await getWithAgent(agent, url, options.headers) : await getWithFetch(agent, url, options.headers);
      if (!record(connection, attempt)) return;
    }
  });

  return {
    warmedUp: async (perConnection) => {
      while (answeredPer.some((count) => count < perConnection)) {
        if (outcome.dropped.length > 0 || outcome.refused > 0) throw new Error(`the load failed before the signal: ${JSON.stringify(outcome)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    markSignal: () => (signalled = true),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      await Promise.all(agents.map((agent) => agent.destroy()));
      return outcome;
    },
  };
}

function getWithAgent(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Attempt> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve({ kind: 'answered', status: response.statusCode ?? 0, closeAnnounced: response.headers.connection === 'close' }));
      response.on('error', (err) => resolve({ kind: 'dropped', error: `body: ${describe(err)}` }));
    });
    request.on('error', (err) => resolve(neverConnected(err) ? { kind: 'refused' } : { kind: 'dropped', error: describe(err) }));
  });
}

async function getWithFetch(dispatcher: UndiciAgent, url: string, headers: Record<string, string>): Promise<Attempt> {
  try {
    const response = await undiciFetch(url, { headers, dispatcher });
    await response.arrayBuffer();
    return { kind: 'answered', status: response.status, closeAnnounced: response.headers.get('connection') === 'close' };
  } catch (err) {
    // undici wraps the socket's error: "fetch failed", its cause ECONNREFUSED or "other side closed".
    const cause = (err as { cause?: unknown } | undefined)?.cause;
    return neverConnected(cause) ? { kind: 'refused' } : { kind: 'dropped', error: `${describe(err)} (${describe(cause)})` };
  }
}

/**
 * The connection was never made, so no request was sent: refused outright, or reset while
 * connecting (the kernel resets connections still in the accept queue when the listener closes).
 */
function neverConnected(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ECONNREFUSED' || (code === 'ECONNRESET' && (err as { syscall?: unknown }).syscall === 'connect');
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

// Duck-typed: errors from Node's own fetch come from another realm than Jest's `Error`.
function describe(err: unknown): string {
  const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
  return typeof message === 'string' ? `${codeOf(err) ?? String(name)}: ${message}` : String(err);
}
