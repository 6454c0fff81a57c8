import { Router } from 'express';
import type { AppMetrics } from '../metrics/metrics';

/** Prometheus exposition of the app's own registry. */
export function metricsRoutes(metrics: AppMetrics, path = '/metrics'): Router {
  const router = Router();
  router.get(path, async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.text());
  });
  return router;
}
