import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { answerClientErrorsAsJson } from './http/client-errors';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for in-flight requests, at most `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}

export function startServer(app: Express, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    answerClientErrorsAsJson(server);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${shownHost}:${address.port}`, close: (timeoutMs) => closeGracefully(server, timeoutMs) });
    });
  });
}

function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Past the deadline, cut the remaining connections rather than hang the shutdown.
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    // Keep-alive sockets with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
}
