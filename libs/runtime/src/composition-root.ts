import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import { ToolRegistry } from '@reco/base-tools';
import { DATA_TOKENS, openDatabase, type Database, type DatabaseHandle } from '@reco/data';
import type { AppConfig } from './config';
import { registerInfrastructure } from './infrastructure';
import { createJobQueue } from './jobs/job-queue-setup';
import { createLogger } from './logger';
import { registerAdminModule } from './modules/admin.module';
import { registerAgentModule } from './modules/agent.module';
import { registerRecommendationsModule } from './modules/recommendations.module';
import { registerSearchModule } from './modules/search.module';
import { registerUsersModule } from './modules/users.module';
import { ShopFeed } from './shop-feed/shop-feed';
import { type CatalogChangeListener, type Disposable, type FeedbackListener, RUNTIME_TOKENS } from './tokens';

export interface CompositionOptions {
  logger?: Logger;
}

/**
 * The composition root: registers every lib in one child container. Both apps (server and CLI)
 * build their container here, so they can never be wired differently.
 */
export function createContainer(config: AppConfig, options: CompositionOptions = {}): DependencyContainer {
  const container = rootContainer.createChildContainer();
  const logger = options.logger ?? createLogger(config);
  container.register(RUNTIME_TOKENS.Config, { useValue: config });
  container.register(RUNTIME_TOKENS.Logger, { useValue: logger });
  container.register(RUNTIME_TOKENS.ToolRegistry, {
    // Output schemas are checked in development and tests, where a broken tool should fail loudly;
    // production skips the second parse on every answer (inputs are always validated).
    useValue: new ToolRegistry({ defaultTimeoutMs: config.TOOL_TIMEOUT_MS, validateOutput: config.NODE_ENV !== 'production' }),
  });
  registerDatabase(container, config, logger);
  registerInfrastructure(container, config, logger);
  // Domain modules, each in its own file under ./modules; the agent composes the tool modules.
  registerSearchModule(container, config, logger);
  registerUsersModule(container, config, logger);
  registerRecommendationsModule(container, config, logger);
  registerAgentModule(container, config, logger);
  // The admin's long work (import, training) as tools over the job queue registered below.
  registerAdminModule(container);
  container.register(RUNTIME_TOKENS.ShopFeed, {
    useValue: new ShopFeed({
      database: container.resolve(DATA_TOKENS.Database),
      catalogListeners: () => resolveAllOrNone<CatalogChangeListener>(container, RUNTIME_TOKENS.CatalogChangeListeners),
      feedbackListeners: () => resolveAllOrNone<FeedbackListener>(container, RUNTIME_TOKENS.FeedbackListeners),
      logger: logger.child({ lib: 'shop-feed' }),
    }),
  });
  // Registered last, so closed first on shutdown: running jobs stop before what they use goes.
  const jobs = createJobQueue(config, logger);
  container.register(RUNTIME_TOKENS.JobQueue, { useValue: jobs });
  container.register(RUNTIME_TOKENS.Disposables, { useValue: { name: 'jobs', dispose: () => jobs.close() } });
  return container;
}

/**
 * The database opens on first resolve (so `reco --help` touches none) and is shared by everyone
 * who resolves it; its health check and disposal go through the same promise.
 */
function registerDatabase(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  let opened: Promise<Database> | undefined;
  const database = () =>
    (opened ??= openDatabase({ url: config.DATABASE_URL, defaultCurrency: config.DEFAULT_CURRENCY, logger: logger.child({ lib: 'data' }) }));
  container.register(DATA_TOKENS.Database, { useValue: { get: database } satisfies DatabaseHandle });
  container.register(RUNTIME_TOKENS.HealthChecks, {
    useValue: { name: 'database', check: async (signal: AbortSignal) => ({ provider: (await (await database()).ping(signal)).provider }) },
  });
  container.register(RUNTIME_TOKENS.Disposables, {
    useValue: { name: 'database', dispose: async () => (opened ? (await opened).close() : undefined) },
  });
}

/** All registrations of a multi-token, or none (tsyringe throws when a token has none). */
export function resolveAllOrNone<T>(container: DependencyContainer, token: InjectionToken<T>): T[] {
  return container.isRegistered(token, true) ? container.resolveAll<T>(token) : [];
}

/** Disposes what the container registered as disposable, last registered first. */
export async function disposeContainer(container: DependencyContainer, logger?: Logger): Promise<void> {
  const disposables = resolveAllOrNone<Disposable>(container, RUNTIME_TOKENS.Disposables).reverse();
  for (const d of disposables) {
    try {
      await d.dispose();
    } catch (err) {
      logger?.warn({ err, disposable: d.name }, 'dispose failed');
    }
  }
}
