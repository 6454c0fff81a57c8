import 'reflect-metadata';
import type { ToolRegistry } from '@reco/base-tools';
import { DATABASE, type DatabaseHandle } from '@reco/data';
import {
  ConfigError,
  createContainer,
  disposeContainer,
  type HealthCheck,
  loadConfig,
  resolveAllOrNone,
  TOKENS,
} from '@reco/runtime';
import { createApp } from './app';
import { startServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`reco-backend: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  const container = createContainer(config);
  const logger = container.resolve(TOKENS.Logger);
  // Development keeps the schema current by itself; production runs `reco db migrate` as a release step.
  if (config.NODE_ENV === 'development') {
    const applied = await (await container.resolve<DatabaseHandle>(DATABASE).get()).migrate();
    logger.info({ applied: applied.applied, current: applied.current.length }, 'database schema is current');
  }
  let accepting = true;
  const app = createApp({
    logger,
    registry: container.resolve<ToolRegistry>(TOKENS.ToolRegistry),
    healthChecks: resolveAllOrNone<HealthCheck>(container, TOKENS.HealthChecks),
    isAcceptingTraffic: () => accepting,
  });
  const running = await startServer(app, config.HOST, config.PORT);
  logger.info({ url: running.url, env: config.NODE_ENV }, `Reco backend listening on ${running.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    accepting = false;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await running.close(config.SHUTDOWN_TIMEOUT_MS);
    await disposeContainer(container, logger);
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
