import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { DATABASE, type DatabaseHandle } from '@reco/data';
import {
  createUserTools,
  CUSTOMER_PROFILE_SERVICE,
  CustomerProfileService,
  SEGMENTATION_SERVICE,
  SegmentationService,
  SegmentStore,
} from '@reco/user-tools';
import type { AppConfig } from '../config';
import { TOKENS } from '../tokens';

/** Registers the customer profiles, segments and their tools (@reco/user-tools): services, tools, tasks, health checks. */
export function registerUsersModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const database = container.resolve<DatabaseHandle>(DATABASE);
  const cache = container.resolve(TOKENS.Cache);
  const profiles = new CustomerProfileService(database, cache, config.USER_CACHE_TTL_MS);
  // Constructing it registers the k-means task on the pool, before anything runs there.
  const segmentation = new SegmentationService({
    database,
    executor: container.resolve(TOKENS.Executor),
    store: new SegmentStore(database, cache, config.USER_CACHE_TTL_MS),
    clusters: config.SEGMENT_CLUSTERS,
    seed: config.SEGMENT_SEED,
    taskTimeoutMs: config.SEGMENT_TASK_TIMEOUT_MS,
    logger: logger.child({ lib: 'user-tools' }),
  });
  container.register(CUSTOMER_PROFILE_SERVICE, { useValue: profiles });
  container.register(SEGMENTATION_SERVICE, { useValue: segmentation });
  container.resolve(TOKENS.ToolRegistry).register(...createUserTools({ profiles, segmentation }));
  container.register(TOKENS.AfterImportHooks, {
    useValue: {
      name: 'segments',
      run: async () => {
        await profiles.invalidateAll();
        const report = await segmentation.recompute();
        return { customers: report.customers, seconds: report.seconds };
      },
    },
  });
}
