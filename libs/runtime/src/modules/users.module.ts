import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { DATA_TOKENS, type DatabaseHandle } from '@reco/data';
import { createUserTools, USER_TOKENS, CustomerProfileService, SegmentationService, SegmentStore } from '@reco/user-tools';
import type { AppConfig } from '../config';
import { RUNTIME_TOKENS } from '../tokens';

/** Registers the customer profiles, segments and their tools (@reco/user-tools): services, tools, tasks, health checks. */
export function registerUsersModule(container: DependencyContainer, config: AppConfig, logger: Logger): void {
  const database = container.resolve<DatabaseHandle>(DATA_TOKENS.Database);
  const cache = container.resolve(RUNTIME_TOKENS.Cache);
  const profiles = new CustomerProfileService(database, cache, config.USER_CACHE_TTL_MS);
  // Constructing it registers the k-means task on the pool, before anything runs there.
  const segmentation = new SegmentationService({
    database,
    executor: container.resolve(RUNTIME_TOKENS.Executor),
    store: new SegmentStore(database, cache, config.USER_CACHE_TTL_MS),
    clusters: config.SEGMENT_CLUSTERS,
    seed: config.SEGMENT_SEED,
    taskTimeoutMs: config.SEGMENT_TASK_TIMEOUT_MS,
    logger: logger.child({ lib: 'user-tools' }),
  });
  container.register(USER_TOKENS.CustomerProfiles, { useValue: profiles });
  container.register(USER_TOKENS.Segmentation, { useValue: segmentation });
  container.resolve(RUNTIME_TOKENS.ToolRegistry).register(...createUserTools({ profiles, segmentation }));
  // A stored event can be a purchase or a return: the customer's cached profile and history change.
  container.register(RUNTIME_TOKENS.FeedbackListeners, {
    useValue: {
      name: 'customer-profiles',
      eventsRecorded: async (events) => {
        const customers = new Set(events.flatMap((e) => (e.customerId ? [e.customerId] : [])));
        for (const customerId of customers) await profiles.invalidateCustomer(customerId);
      },
    },
  });
  container.register(RUNTIME_TOKENS.AfterImportHooks, {
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
