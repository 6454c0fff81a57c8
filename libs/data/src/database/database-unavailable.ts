import type { DataClient } from './data-client';

/** How long a client is asked to wait before retrying when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database could not be reached or stopped answering (refused, reset, timed out, shutting
 * down, no connection free, busy past its timeout): a dependency failure, worth a retry later.
 * Every query through `openDatabase`'s client throws this instead of the driver's error. Its
 * message is generic; the driver's error, with addresses and source positions, is its `cause`,
 * for the log only.
 */
export class DatabaseUnavailableError extends Error {
  /**
   * Says "a dependency failed" to libraries that do not import this class (@reco/base-tools
   * answers UNAVAILABLE for any error carrying it; see its `dependencyFailureOf`).
   */
  readonly unavailableDependency = 'database';
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(cause: unknown, message = 'The database cannot be reached') {
    super(message, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * A transaction did all its work and was committing when the connection failed: the database may
 * have committed it or not, and nobody here can tell. Only a retry that the database recognises
 * (an event's unique id, an upsert) makes the outcome certain.
 */
export class WriteOutcomeUnknownError extends DatabaseUnavailableError {
  constructor(cause: unknown) {
    super(cause, 'The database connection failed while a write was being committed: it may or may not be stored');
    this.name = 'WriteOutcomeUnknownError';
  }
}

// The driver adapters' kinds for a connection that failed (not for a query the database refused).
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Prisma's codes for the same (when the adapter's kind is not attached).
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
// PostgreSQL: class 08 (connection exception), 53 (insufficient resources), and 57P01-57P03
// (the server shutting down, crashed, or not yet accepting connections).
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[123])/;
// Socket errors, as Node and pg raise them.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// pg's own errors carry no code: a connection lost mid-query or never made in time.
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;
const SQLITE_BUSY = 5;

interface ErrorFields {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  meta?: { driverAdapterError?: { cause?: AdapterCause } };
  cause?: unknown;
}
interface AdapterCause {
  kind?: unknown;
  code?: unknown;
  extendedCode?: unknown;
}

/** True when `err` says the database could not be reached or the connection failed, not that a query was wrong. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (err === null || typeof err !== 'object') return false;
  const e = err as ErrorFields;
  const adapter = e.meta?.driverAdapterError?.cause ?? (e.name === 'DriverAdapterError' ? (e.cause as AdapterCause | undefined) : undefined);
  if (adapter && isUnavailableKind(adapter)) return true;
  if (typeof e.code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code))) return true;
  return typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message);
}

function isUnavailableKind(cause: AdapterCause): boolean {
  if (typeof cause.kind === 'string' && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  if (cause.kind === 'postgres') return typeof cause.code === 'string' && UNAVAILABLE_SQLSTATE.test(cause.code);
  // SQLite: busy past the busy timeout (extended codes keep the primary code in the low byte).
  return cause.kind === 'sqlite' && typeof cause.extendedCode === 'number' && (cause.extendedCode & 0xff) === SQLITE_BUSY;
}

/** `err` as a DatabaseUnavailableError when it is a connection failure; any other error unchanged. */
export function asDatabaseError(err: unknown): unknown {
  return err instanceof DatabaseUnavailableError || !isConnectionFailure(err) ? err : new DatabaseUnavailableError(err);
}

type TransactionArgs = Parameters<DataClient['$transaction']>;

/**
 * The client with every connection failure typed: each query (model, raw, inside a transaction or
 * not) throws DatabaseUnavailableError instead of the driver's error, and a transaction whose
 * callback had finished when the connection failed throws WriteOutcomeUnknownError (its COMMIT
 * may have been applied). Other errors pass unchanged.
 */
export function withConnectionFailuresTyped(client: DataClient): DataClient {
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (err) {
          throw asDatabaseError(err);
        }
      },
    },
  }) as unknown as DataClient;
  // A transaction fails outside any query too: when it starts (no connection) and when it commits.
  const transaction = async (...args: TransactionArgs): Promise<unknown> => {
    const [work, options] = args;
    if (typeof work !== 'function') return extended.$transaction(...(args as [never]));
    let committing = false;
    try {
      return await extended.$transaction(async (tx) => {
        const result = await work(tx);
        committing = true;
        return result;
      }, options);
    } catch (err) {
      const typed = asDatabaseError(err);
      if (committing && typed instanceof DatabaseUnavailableError && !(typed instanceof WriteOutcomeUnknownError)) throw new WriteOutcomeUnknownError(typed.cause);
      throw typed;
    }
  };
  // Methods run bound to the client itself, never to the proxy (Prisma's own objects expect that).
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(extended, {
    get(target, property) {
      if (property === '$transaction') return transaction;
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (!bound.has(property)) bound.set(property, value.bind(target));
      return bound.get(property);
    },
  });
}
