import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { type HealthCheck, runHealthChecks } from '@reco/runtime';

export interface WorkerHttpDeps {
  healthChecks: readonly HealthCheck[];
  metrics: Registry;
  /** False once shutdown began. */
  isRunning: () => boolean;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

/**
 * What an orchestrator and a scraper need of a worker, and nothing else: `/health/live`,
 * `/health/ready` (every dependency answers) and `/metrics` (Prometheus text).
 */
export async function startWorkerHttp(host: string, port: number, deps: WorkerHttpDeps): Promise<WorkerHttp> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } }));
    if (path === '/health/live') return send(200, JSON.stringify({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
    if (path === '/health/ready') {
      if (!deps.isRunning()) return send(503, JSON.stringify({ status: 'shutting_down', checks: {} }));
      void runHealthChecks(deps.healthChecks, 2_000).then((report) => send(report.status === 'ok' ? 200 : 503, JSON.stringify(report)));
      return;
    }
    if (path === '/metrics') {
      void deps.metrics.metrics().then(
        (text) => send(200, text, deps.metrics.contentType),
        () => send(500, JSON.stringify({ error: { code: 'INTERNAL', message: 'metrics unavailable' } })),
      );
      return;
    }
    send(404, JSON.stringify({ error: { code: 'NOT_FOUND', message: `No route ${path}` } }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
