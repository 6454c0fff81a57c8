import { Router } from 'express';
import { type HealthCheck, runHealthChecks } from '@reco/runtime';

export interface HealthRouteDeps {
  healthChecks: readonly HealthCheck[];
  /** False once shutdown began: load balancers then stop sending traffic. */
  isAcceptingTraffic: () => boolean;
  checkTimeoutMs?: number;
}

const SHUTTING_DOWN = { status: 'shutting_down', checks: {} };

/** Mounted at /health. */
export function healthRoutes(deps: HealthRouteDeps): Router {
  const router = Router();

  // Liveness: the process and its event loop answer; no dependency is touched.
  router.get('/live', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  // Readiness: every configured dependency answers within its timeout, and the process is not
  // stopping, asked again after the checks: shutdown may begin while they run.
  router.get('/ready', async (_req, res) => {
    const stopping = () => !deps.isAcceptingTraffic();
    if (stopping()) return void res.status(503).json(SHUTTING_DOWN);
    const report = await runHealthChecks(deps.healthChecks, deps.checkTimeoutMs ?? 2_000);
    if (stopping()) return void res.status(503).json(SHUTTING_DOWN);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  return router;
}
