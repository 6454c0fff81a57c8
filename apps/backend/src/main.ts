import 'reflect-metadata';
// First: the tracing SDK (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must patch http and express before they load.
import { tracing } from './tracing/start-tracing';
import type { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { EventLoopMonitor } from '@reco/executor';
import { tensorflowBackend } from '@reco/ml';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { SEARCH_TOKENS } from '@reco/search-tools';
import {
  type AppConfig,
  ConfigError,
  createContainer,
  disposeContainer,
  type HealthCheck,
  loadConfig,
  resolveAllOrNone,
  registerJobMetrics,
  RUNTIME_TOKENS,
  startJobConsumer,
} from '@reco/runtime';
import { createApp } from './app';
import { setUpAuth } from './auth/auth-setup';
import { MemoryRateLimitStore } from './limits/memory-rate-limit-store';
import type { RateLimitStore } from './limits/rate-limit-store';
import { RedisRateLimitStore } from './limits/redis-rate-limit-store';
import { mcpOriginPolicy } from './mcp/mcp-origin-guard';
import { AppMetrics } from './metrics/metrics';
import { startServer } from './server';
import { containerServices, optionalService } from './services/container-services';

async function main(): Promise<void> {
  let config: AppConfig;
  let auth;
  try {
    config = loadConfig(process.env);
    auth = setUpAuth(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`reco-backend: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Said once, in plain words, where a developer finds the keys; the keys never go to the logs.
  if (auth.createdKeysFile) process.stdout.write(`reco-backend: local API keys written to ${auth.createdKeysFile} (hashes in ${auth.credentialsFile})\n`);

  const container = createContainer(config);
  const logger = container.resolve(RUNTIME_TOKENS.Logger);
  logger.info({ source: auth.source, keys: auth.keys.size, customerTokens: Boolean(auth.customerTokens), file: auth.credentialsFile }, 'API authentication configured');
  if (auth.oauth) logger.info({ issuer: auth.oauth.settings.issuer, resource: auth.oauth.settings.resource }, 'OAuth access tokens accepted at /mcp');
  // Development keeps the schema current by itself; production runs `reco db migrate` as a release step.
  if (config.NODE_ENV === 'development') {
    const applied = await (await container.resolve<DatabaseHandle>(DATA_TOKENS.Database).get()).migrate();
    logger.info({ applied: applied.applied, current: applied.current.length }, 'database schema is current');
  }

  const registry = container.resolve<ToolRegistry>(RUNTIME_TOKENS.ToolRegistry);
  const services = containerServices(container);
  const models = optionalService(container, RECOMMENDATION_TOKENS.Registry);
  const eventLoop = new EventLoopMonitor().start();
  const metrics = new AppMetrics({
    tools: registry,
    cache: services.cache(),
    executor: container.resolve(RUNTIME_TOKENS.Executor),
    eventLoop,
    // The model registry knows the backend its model runs on (possibly only in its workers).
    tfBackend: () => models?.tensorflowBackend() ?? tensorflowBackend(),
    activeModels: async () => (await (models?.listVersions() ?? [])).filter((v) => v.active).map(({ name, version }) => ({ name, version })),
    processMetrics: true,
  });
  const rateLimitStore: RateLimitStore =
    config.CACHE_BACKEND === 'memory' ? new MemoryRateLimitStore() : new RedisRateLimitStore(config.REDIS_URL, `${config.CACHE_KEY_PREFIX}ratelimit:`);
  const jobs = container.resolve(RUNTIME_TOKENS.JobQueue);
  registerJobMetrics(metrics.registry, jobs);
  // With BULLMQ and RUN_JOBS=false this instance only serves: workers run what it submits.
  if (config.RUN_JOBS) await startJobConsumer(container);

  let accepting = true;
  const app = createApp({
    logger,
    registry,
    healthChecks: resolveAllOrNone<HealthCheck>(container, RUNTIME_TOKENS.HealthChecks),
    isAcceptingTraffic: () => accepting,
    auth,
    services,
    metrics,
    metricsPublic: config.METRICS_PUBLIC,
    tracing: tracing !== undefined,
    rateLimit: { store: rateLimitStore, perMinute: config.RATE_LIMIT_PER_MINUTE },
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    responseCacheMs: config.RESPONSE_CACHE_MS,
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean),
    mcpOrigins: mcpOriginPolicy(config),
    mcpConformanceFixtures: config.MCP_CONFORMANCE_FIXTURES,
    bodyLimit: config.BODY_LIMIT_BYTES,
    importMaxBytes: config.IMPORT_MAX_BYTES,
    jobs,
  });
  const running = await startServer(app, config.HOST, config.PORT);
  logger.info({ url: running.url, env: config.NODE_ENV }, `Reco backend listening on ${running.url}`);
  // Load the model and log the TF.js backend now rather than on the first request; until it is
  // loaded, recommendations come from the popularity fallback.
  models?.start().catch((err: unknown) => logger.error({ err }, 'recommender did not start; serving the popularity fallback'));
  // Build the search index now too: at 100,000 products it takes seconds, and the first search
  // would otherwise wait for it past its tool's deadline.
  optionalService(container, SEARCH_TOKENS.Index)
    ?.reindex()
    .catch((err: unknown) => logger.error({ err }, 'search index build failed; searches will build it again'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Readiness fails first; the drain then answers what is in flight and still arriving on open
    // connections with `Connection: close` (see server.ts), inside SHUTDOWN_TIMEOUT_MS.
    accepting = false;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const drain = await running.close(config.SHUTDOWN_TIMEOUT_MS);
    if (drain.busyConnectionsCut > 0) logger.warn(drain, `connections still busy after SHUTDOWN_TIMEOUT_MS (${config.SHUTDOWN_TIMEOUT_MS} ms) were cut`);
    else logger.info(drain, 'connections drained');
    eventLoop.stop();
    metrics.close();
    await rateLimitStore.close();
    await auth.close();
    await disposeContainer(container, logger);
    // Last spans out; an unreachable receiver is logged, not fatal.
    await tracing?.shutdown((err) => logger.warn({ err }, 'could not export the last traces'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`reco-backend: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
