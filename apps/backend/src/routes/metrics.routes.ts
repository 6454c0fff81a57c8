import { Router } from 'express';
import type { AppMetrics } from '../metrics/metrics';

/** Prometheus exposition of the app's own registry; mounted at /metrics. */
export function metricsRoutes(metrics: AppMetrics): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.text());
  });
  return router;
}
