import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import type { Express } from 'express';
import { answerClientErrorsAsJson } from './http/client-errors';

/**
 * How long a connection stays open while draining after its last answer, waiting for a request
 * its client may already have sent. Closing it sooner is the classic keep-alive race: the client
 * writes as the server closes, and its request dies with ECONNRESET.
 */
export const DRAIN_IDLE_GRACE_MS = 1_000;

/** What a drain did, for the shutdown log. */
export interface DrainReport {
  /** Requests in flight or arriving during the drain, whose answer says `Connection: close`. */
  answersWithConnectionClose: number;
  /** Keep-alive connections closed after `idleGraceMs` without a request. */
  idleConnectionsClosed: number;
  /** Connections still busy at the deadline, cut: their requests were lost. */
  busyConnectionsCut: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Drains the server: stops listening at once, answers every request in flight or still arriving
   * on an open connection with `Connection: close`, closes connections idle for `idleGraceMs`
   * (at most half of `timeoutMs`), and after `timeoutMs` cuts what is still open.
   */
  close(timeoutMs: number, idleGraceMs?: number): Promise<DrainReport>;
}

export function startServer(app: Express, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    answerClientErrorsAsJson(server);
    const connections = trackConnections(server);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost}:${address.port}`,
        close: (timeoutMs, idleGraceMs = DRAIN_IDLE_GRACE_MS) => connections.drain(timeoutMs, Math.min(idleGraceMs, timeoutMs / 2)),
      });
    });
  });
}

interface Connection {
  socket: Socket;
  /** Responses begun and not closed (more than one when a client pipelines). */
  openResponses: Set<ServerResponse>;
  /** When its last response closed (or it connected); meaningful while `openResponses` is empty. */
  idleSince: number;
  idleTimer?: NodeJS.Timeout;
}

/** Every open connection of `server` with its responses in flight, and the drain over them. */
function trackConnections(server: Server) {
  const connections = new Map<Socket, Connection>();
  let draining: { idleGraceMs: number; report: DrainReport } | undefined;

  server.on('connection', (socket: Socket) => {
    const connection: Connection = { socket, openResponses: new Set(), idleSince: Date.now() };
    connections.set(socket, connection);
    socket.once('close', () => {
      clearTimeout(connection.idleTimer);
      connections.delete(socket);
    });
  });

  const closeOnceIdleLongEnough = (connection: Connection) => {
    clearTimeout(connection.idleTimer);
    // Ended already: Node closes it once its last answer (`Connection: close`) is flushed.
    const { socket } = connection;
    if (!draining || connection.openResponses.size > 0 || socket.writableEnded || socket.destroyed) return;
    const waitMs = connection.idleSince + draining.idleGraceMs - Date.now();
    if (waitMs > 0) {
      connection.idleTimer = setTimeout(() => closeOnceIdleLongEnough(connection), waitMs);
      return;
    }
    draining.report.idleConnectionsClosed++;
    socket.destroy();
  };

  // Prepended, so the header is set before any route (or Express itself) can answer.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    clearTimeout(connection.idleTimer);
    connection.openResponses.add(res);
    if (draining) {
      res.setHeader('Connection', 'close');
      draining.report.answersWithConnectionClose++;
    }
    res.once('close', () => {
      connection.openResponses.delete(res);
      connection.idleSince = Date.now();
      // With `Connection: close` Node ends the socket itself; an answer begun before the drain
      // (headers already sent) leaves it open: wait for its client's next request, briefly.
      closeOnceIdleLongEnough(connection);
    });
  });

  const drain = (timeoutMs: number, idleGraceMs: number): Promise<DrainReport> => {
    const report: DrainReport = { answersWithConnectionClose: 0, idleConnectionsClosed: 0, busyConnectionsCut: 0 };
    draining = { idleGraceMs, report };
    return new Promise((resolve) => {
      const deadline = setTimeout(() => {
        for (const { socket } of connections.values()) {
          report.busyConnectionsCut++;
          socket.destroy();
        }
      }, timeoutMs);
      // net.Server's close stops listening and calls back once every connection is gone. Not
      // http.Server's: that one also closes idle connections at once, the race drained here.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(deadline);
        resolve(report);
      });
      for (const connection of connections.values()) {
        for (const res of connection.openResponses) {
          if (res.headersSent) continue;
          res.setHeader('Connection', 'close');
          report.answersWithConnectionClose++;
        }
        closeOnceIdleLongEnough(connection);
      }
    });
  };

  return { drain };
}
