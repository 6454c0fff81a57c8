import 'reflect-metadata';
// First: the tracing SDK (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must patch modules before they load.
import { tracing } from './tracing/start-tracing';
import { collectDefaultMetrics, Registry } from 'prom-client';
import {
  type AppConfig,
  ConfigError,
  createContainer,
  disposeContainer,
  type HealthCheck,
  loadConfig,
  registerJobMetrics,
  resolveAllOrNone,
  RUNTIME_TOKENS,
  startJobConsumer,
} from '@reco/runtime';
import { startWorkerHttp, type WorkerHttp } from './worker-http';

/**
 * A worker: the backend's composition root, consuming jobs (import, train, segment, reindex,
 * precompute) from the shared queue and serving nothing but its health and metrics.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
    if (config.JOB_QUEUE !== 'bullmq') throw new ConfigError([{ variable: 'JOB_QUEUE', message: 'must be bullmq for a worker (in-process jobs run inside the backend)' }]);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`reco-worker: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const container = createContainer(config);
  const logger = container.resolve(RUNTIME_TOKENS.Logger).child({ app: 'worker' });
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'reco_' });
  // Gauges named like counters (`promtool check metrics` refuses them); the per-type gauges beside them sum to the same.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) metrics.removeSingleMetric(`reco_${name}`);
  registerJobMetrics(metrics, container.resolve(RUNTIME_TOKENS.JobQueue));
  let running = true;
  let http: WorkerHttp | undefined;
  if (config.WORKER_PORT > 0) {
    http = await startWorkerHttp(config.HOST, config.WORKER_PORT, {
      healthChecks: resolveAllOrNone<HealthCheck>(container, RUNTIME_TOKENS.HealthChecks),
      metrics,
      isRunning: () => running,
    });
  }
  await startJobConsumer(container);
  logger.info({ url: http?.url ?? null, pid: process.pid }, 'Reco worker running jobs');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running = false;
    logger.info({ signal }, 'shutting down: jobs running here go back to the queue');
    await disposeContainer(container, logger);
    await http?.close();
    // Last spans out; an unreachable receiver is logged, not fatal.
    await tracing?.shutdown((err) => logger.warn({ err }, 'could not export the last traces'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`reco-worker: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
